/**
 * The audit trail: who saw or changed which introduction, when. Append-only, partitioned by the
 * introduction (subjectId), so "who has seen this" is a single-partition query. Entries hold ids and
 * actions, no personal data.
 */
import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';

export type AuditAction = 'created' | 'viewed' | 'listed' | 'changed' | 'denied' | 'held' | 'disposed';

export interface AuditEntry {
  subjectId: string;
  actorId: string;
  tenantId: string;
  action: AuditAction;
  at: string;
  detail?: string;
}

export interface AuditRepository {
  record(entry: AuditEntry): Promise<void>;
  forSubject(subjectId: string): Promise<AuditEntry[]>;
}

export class CosmosAuditRepository implements AuditRepository {
  constructor(private readonly container: Container) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.container.items.create({ id: randomUUID(), type: 'audit', ...entry });
  }

  async forSubject(subjectId: string): Promise<AuditEntry[]> {
    const { resources } = await this.container.items
      .query<AuditEntry>({
        query:
          'SELECT c.subjectId, c.actorId, c.tenantId, c.action, c.at, c.detail FROM c WHERE c.subjectId = @subjectId',
        parameters: [{ name: '@subjectId', value: subjectId }],
      })
      .fetchAll();
    return resources.sort((a, b) => (a.at < b.at ? -1 : 1));
  }
}
