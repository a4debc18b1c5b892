/**
 * Download links, in the `reports` container: monthly reports (src/services/reports/reportService.ts) and
 * subject access exports (src/services/records/subjectAccessService.ts) are delivered the same way. A link's
 * token is random (256 bits) and shown once, in the card of whoever asked; only its SHA-256 is
 * stored, with what the link is for and when it expires. A link works once: redeeming it deletes it
 * (so a token copied from a browser's history, or a second press, gets nothing). Expired links are
 * deleted when next looked at, and as new ones are made (an indexed query on /type and /expiresAt,
 * a few RU).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { Logger } from '../logger';

/** What every link holds beside what it is for. */
export interface DownloadLink {
  /** sha256 of the token, hex. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
}

/** Links of one kind: issued for a while, redeemed once by token, deleted. */
export interface DownloadLinks<T extends DownloadLink> {
  issue(content: Omit<T, keyof DownloadLink>, now: Date, minutes: number): Promise<string>;
  redeem(token: string, now: Date): Promise<T | 'expired' | undefined>;
  delete(tokenHash: string): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class CosmosDownloadLinks<T extends DownloadLink> implements DownloadLinks<T> {
  constructor(
    private readonly container: Container,
    /** The documents' `type`, and their ids' prefix: `report-link`, `subject-access-link`. */
    private readonly type: string,
    /** The fields of a link as stored, beside the hash and dates (nothing else is read back). */
    private readonly fields: readonly Exclude<keyof T, keyof DownloadLink>[],
    private readonly logger: Logger,
  ) {}

  private idOf(tokenHash: string): string {
    return `${this.type}:${tokenHash}`;
  }

  /**
   * A new link to `content` for `minutes`: returns the token, which is never stored. Links that
   * have expired are deleted meanwhile (a failure there is only logged).
   */
  async issue(content: Omit<T, keyof DownloadLink>, now: Date, minutes: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    void this.deleteExpired(now.toISOString()).catch((error: unknown) =>
      this.logger.warn({ err: error, type: this.type }, 'expired download links not deleted'),
    );
    const tokenHash = sha256(token);
    await this.container.items.create({
      ...content,
      id: this.idOf(tokenHash),
      type: this.type,
      tokenHash,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
    });
    return token;
  }

  /**
   * The link behind a token, once: it is deleted as it is redeemed, and of two redeeming it at the
   * same moment only the one whose delete took it gets it. 'expired' (and deleted) after its time;
   * undefined when there is none, or it was used.
   */
  async redeem(token: string, now: Date): Promise<T | 'expired' | undefined> {
    const tokenHash = sha256(token);
    const item = this.container.item(this.idOf(tokenHash), this.idOf(tokenHash));
    const { resource, etag } = await item.read<T & { type: string }>();
    if (resource?.type !== this.type) return undefined;
    if (resource.expiresAt <= now.toISOString()) {
      await this.delete(tokenHash);
      return 'expired';
    }
    try {
      await item.delete({ accessCondition: { type: 'IfMatch', condition: etag ?? '' } });
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === 404 || code === 412) return undefined;
      throw error;
    }
    const link = { tokenHash, createdAt: resource.createdAt, expiresAt: resource.expiresAt } as T;
    for (const field of this.fields) link[field] = resource[field];
    return link;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.container
      .item(this.idOf(tokenHash), this.idOf(tokenHash))
      .delete()
      .catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      });
  }

  /** Deletes links that expired before `now`; how many. */
  async deleteExpired(now: string): Promise<number> {
    const { resources } = await this.container.items
      .query<{ tokenHash: string }>({
        query: 'SELECT c.tokenHash FROM c WHERE c.type = @type AND c.expiresAt < @now',
        parameters: [
          { name: '@type', value: this.type },
          { name: '@now', value: now },
        ],
      })
      .fetchAll();
    for (const { tokenHash } of resources) await this.delete(tokenHash);
    return resources.length;
  }
}
