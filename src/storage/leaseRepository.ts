/**
 * Leases in Cosmos DB (`leases`, partition key /id): one instance at a time runs scheduled work such
 * as reminders. A lease is a document naming its holder and when it runs out; taking it is a create
 * (409 if someone else was first) or an ETag-checked replace (412 if someone else changed it first),
 * so of several instances exactly one holds it. An instance that stops simply stops renewing, and
 * another takes over once the lease has run out. In-memory timers alone would run once per instance.
 */
import type { Container } from '@azure/cosmos';

export interface LeaseRepository {
  /** Takes or renews the lease for `ttlMs` if it is free, run out, or already ours. */
  acquire(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Gives it up (at shutdown), if it is ours. */
  release(name: string, owner: string): Promise<void>;
}

interface LeaseDocument {
  id: string;
  type: 'lease';
  owner: string;
  until: string;
  _etag?: string;
}

const code = (error: unknown) => (error as { code?: number }).code;

export class CosmosLeaseRepository implements LeaseRepository {
  constructor(private readonly container: Container) {}

  async acquire(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    const until = new Date(now.getTime() + ttlMs).toISOString();
    const document: LeaseDocument = { id: name, type: 'lease', owner, until };
    const { resource } = await this.container.item(name, name).read<LeaseDocument>();
    try {
      if (!resource) {
        await this.container.items.create(document);
        return true;
      }
      if (resource.owner !== owner && resource.until > now.toISOString()) return false;
      await this.container.item(name, name).replace(document, {
        accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' },
      });
      return true;
    } catch (error) {
      if (code(error) === 409 || code(error) === 412) return false;
      throw error;
    }
  }

  async release(name: string, owner: string): Promise<void> {
    const { resource } = await this.container.item(name, name).read<LeaseDocument>();
    if (!resource || resource.owner !== owner) return;
    await this.container
      .item(name, name)
      .replace(
        { id: name, type: 'lease', owner, until: new Date(0).toISOString() },
        { accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' } },
      )
      .catch(() => undefined);
  }
}
