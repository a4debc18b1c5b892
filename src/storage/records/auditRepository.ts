/**
 * The audit trail: who saw or changed which introduction, when. Append-only, partitioned by the
 * introduction (subjectId), so "who has seen this" is a single-partition query. Entries hold ids and
 * actions, no personal data, and form a chain per subject that shows any entry altered or removed
 * (src/domain/records/auditChain.ts).
 */
import type { Container } from '@azure/cosmos';
import { entryHash } from '../../domain/records/auditChain';

export type AuditAction =
  | 'created'
  | 'viewed'
  | 'listed'
  | 'changed'
  | 'denied'
  | 'held'
  | 'disposed'
  | 'exported';

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

/** An entry as stored: its place in its subject's chain and its hash (src/domain/records/auditChain.ts). */
export type StoredAuditEntry = AuditEntry & {
  id: string;
  type: 'audit';
  seq: number;
  prevHash: string;
  prevAt?: string;
  hash: string;
};

export class CosmosAuditRepository implements AuditRepository {
  constructor(private readonly container: Container) {}

  /**
   * Appends to the subject's chain: the next sequence number after the last entry, linked to its
   * hash. The id is the subject and the number, so two writers racing for the same place cannot
   * both have it: the loser (409) reads the chain again and takes the next.
   */
  async record(entry: AuditEntry): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const last = await this.last(entry.subjectId);
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? '';
      const chained = { ...entry, seq, prevHash, ...(last ? { prevAt: last.at } : {}) };
      try {
        await this.container.items.create({
          id: `${entry.subjectId}:${String(seq).padStart(6, '0')}`,
          type: 'audit',
          ...chained,
          hash: entryHash(chained),
        });
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 409 || attempt >= 10) throw error;
      }
    }
  }

  private async last(subjectId: string): Promise<{ seq: number; hash: string; at: string } | undefined> {
    const { resources } = await this.container.items
      .query<{ seq: number; hash: string; at: string }>(
        {
          query: 'SELECT c.seq, c.hash, c.at FROM c WHERE c.subjectId = @subjectId',
          parameters: [{ name: '@subjectId', value: subjectId }],
        },
        // One partition: a chain is read where it lives, not across the container.
        { partitionKey: subjectId },
      )
      .fetchAll();
    return resources.reduce<{ seq: number; hash: string; at: string } | undefined>(
      (latest, e) => (latest === undefined || e.seq > latest.seq ? e : latest),
      undefined,
    );
  }

  async forSubject(subjectId: string): Promise<AuditEntry[]> {
    const { resources } = await this.container.items
      .query<AuditEntry & { seq: number }>({
        query:
          'SELECT c.subjectId, c.actorId, c.tenantId, c.action, c.at, c.detail, c.seq FROM c WHERE c.subjectId = @subjectId',
        parameters: [{ name: '@subjectId', value: subjectId }],
      })
      .fetchAll();
    return resources.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...entry }) => entry);
  }

  /** Every chain, for `npm run audit:verify`: entries by subject. */
  async allChains(): Promise<Map<string, StoredAuditEntry[]>> {
    const { resources } = await this.container.items
      .query<StoredAuditEntry>({ query: "SELECT * FROM c WHERE c.type = 'audit'" }, { maxItemCount: -1 })
      .fetchAll();
    const chains = new Map<string, StoredAuditEntry[]>();
    for (const entry of resources)
      chains.set(entry.subjectId, [...(chains.get(entry.subjectId) ?? []), entry]);
    return chains;
  }
}
