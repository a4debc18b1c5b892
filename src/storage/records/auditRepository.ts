/**
 * The audit trail: who saw or changed which introduction, when. Append-only, partitioned by the
 * introduction (subjectId), so "who has seen this" is a single-partition query. Entries hold ids and
 * actions, no personal data, and form a chain per subject that shows any entry altered or removed
 * (src/domain/records/auditChain.ts).
 */
import type { Container } from '@azure/cosmos';
import { entryHash, KEYED } from '../../domain/records/auditChain';

export type AuditAction =
  | 'created'
  | 'viewed'
  | 'listed'
  | 'changed'
  | 'denied'
  | 'held'
  | 'disposed'
  | 'exported'
  | 'destroyed';

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
  /** `hmac-sha256` for entries written with the audit key; absent on entries written before. */
  alg?: string;
};

type ChainHead = { seq: number; hash: string; at: string };

/** How an entry is written beyond what it says. */
export interface AppendOptions {
  /** Never aged out by the container's TTL (the destruction log's entries, kept for good). */
  neverExpires?: boolean;
  /** Fields stored beside the entry for finding it (not covered by its MAC: what it says is). */
  fields?: Record<string, string>;
}

/** An entry's id: its subject and its place, so each place can be read directly (1 RU). */
const entryId = (subjectId: string, seq: number) => `${subjectId}:${String(seq).padStart(6, '0')}`;

export class CosmosAuditRepository implements AuditRepository {
  /** The last place this instance wrote or found in each chain: where the next look starts. */
  private readonly heads = new Map<string, number>();

  /** `key`: the audit key every entry's MAC is made with (src/storage/records/auditKey.ts). */
  constructor(
    private readonly container: Container,
    private readonly key: Buffer,
  ) {}

  /** Where a chain ended, for the next look; the memory is let go when it holds 10,000 chains. */
  private remember(subjectId: string, seq: number): void {
    if (!this.heads.has(subjectId) && this.heads.size >= 10_000) this.heads.clear();
    this.heads.set(subjectId, seq);
  }

  /**
   * Appends to the subject's chain: the next sequence number after the last entry, linked to its
   * hash. The id is the subject and the number, so two writers racing for the same place cannot
   * both have it: the loser (409) looks again and takes the next. Finding the last entry costs the
   * same at any length of chain (point reads, never a read of the whole chain): anyone who can make
   * an entry be written (a refusal is audited too) cannot make the next one slower.
   */
  async record(entry: AuditEntry): Promise<void> {
    await this.append(entry);
  }

  /** As `record`, with how it is kept: see AppendOptions. Returns the place it took. */
  async append(entry: AuditEntry, options: AppendOptions = {}): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const last = await this.last(entry.subjectId);
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? '';
      const chained = { ...entry, seq, prevHash, ...(last ? { prevAt: last.at } : {}) };
      try {
        await this.container.items.create({
          ...options.fields,
          id: entryId(entry.subjectId, seq),
          type: 'audit',
          ...chained,
          hash: entryHash(chained, this.key),
          // Keyed (entries written before the audit was keyed have no `alg`: auditChain.ts).
          alg: KEYED,
          ...(options.neverExpires ? { ttl: -1 } : {}),
        });
        this.remember(entry.subjectId, seq);
        return seq;
      } catch (error) {
        if ((error as { code?: number }).code !== 409 || attempt >= 10) throw error;
      }
    }
  }

  private async at(subjectId: string, seq: number): Promise<ChainHead | undefined> {
    const { resource } = await this.container
      .item(entryId(subjectId, seq), subjectId)
      .read<StoredAuditEntry>();
    return resource ? { seq, hash: resource.hash, at: resource.at } : undefined;
  }

  /**
   * The chain's last entry, by point reads: from the last place this instance knows, forward in
   * steps that double until a place is empty, then halving back to the last one filled. A few reads
   * when the place is known (usually two), about 30 at 20,000 entries when it is not. Entries are
   * numbered without gaps; only when the chain's first entries have aged out (audit entries expire
   * after auditRetentionDays) is the chain read as a whole, as once it always was.
   */
  private async last(subjectId: string): Promise<ChainHead | undefined> {
    const known = this.heads.get(subjectId) ?? 0;
    let low = known > 0 ? await this.at(subjectId, known) : undefined;
    if (known > 0 && !low) return this.lastByQuery(subjectId); // not where it was: read it whole
    let step = 1;
    let high: number | undefined;
    while (high === undefined) {
      const probe = (low?.seq ?? 0) + step;
      const found = await this.at(subjectId, probe);
      if (found) {
        low = found;
        step *= 2;
      } else high = probe;
    }
    while (high - (low?.seq ?? 0) > 1) {
      const middle = Math.floor(((low?.seq ?? 0) + high) / 2);
      const found = await this.at(subjectId, middle);
      if (found) low = found;
      else high = middle;
    }
    if (!low) return this.lastByQuery(subjectId);
    this.remember(subjectId, low.seq);
    return low;
  }

  /** The whole chain read for its last entry: for a chain whose first entries have aged out. */
  private async lastByQuery(subjectId: string): Promise<ChainHead | undefined> {
    const { resources } = await this.container.items
      .query<ChainHead>(
        {
          query: 'SELECT c.seq, c.hash, c.at FROM c WHERE c.subjectId = @subjectId',
          parameters: [{ name: '@subjectId', value: subjectId }],
        },
        // One partition: a chain is read where it lives, not across the container.
        { partitionKey: subjectId },
      )
      .fetchAll();
    const last = resources.reduce<ChainHead | undefined>(
      (latest, e) => (latest === undefined || e.seq > latest.seq ? e : latest),
      undefined,
    );
    if (last) this.remember(subjectId, last.seq);
    return last;
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

  /**
   * Where each chain that had an entry written since `since` ends now (every chain when `since` is
   * undefined): for the next seal. One query, for the entries Cosmos DB took in since (by its own
   * timestamp, `_ts`, indexed: whatever time an entry says it was made); each chain's newest among
   * them is its end (one written after the query is the next seal's). Its cost follows the audit
   * written since the last seal, not the whole trail.
   */
  async headsSince(
    since: string | undefined,
  ): Promise<{ chain: string; length: number; last: string; lastAt: string }[]> {
    const { resources } = await this.container.items
      .query<{ subjectId: string; seq: number; hash: string; at: string }>(
        since === undefined
          ? { query: "SELECT c.subjectId, c.seq, c.hash, c.at FROM c WHERE c.type = 'audit'" }
          : {
              query:
                "SELECT c.subjectId, c.seq, c.hash, c.at FROM c WHERE c.type = 'audit' AND c._ts >= @since",
              parameters: [{ name: '@since', value: Math.floor(Date.parse(since) / 1000) }],
            },
        { maxItemCount: 1000 },
      )
      .fetchAll();
    const newest = new Map<string, { seq: number; hash: string; at: string }>();
    for (const e of resources) {
      const known = newest.get(e.subjectId);
      if (!known || e.seq > known.seq) newest.set(e.subjectId, e);
    }
    return [...newest].map(([chain, e]) => ({ chain, length: e.seq, last: e.hash, lastAt: e.at }));
  }

  /** Whether the destruction log has an entry for this record (one partition, indexed). */
  async findDestruction(reference: string): Promise<boolean> {
    const { resources } = await this.container.items
      .query<number>(
        {
          query: 'SELECT VALUE COUNT(1) FROM c WHERE c.subjectId = @log AND c.reference = @reference',
          parameters: [
            { name: '@log', value: 'destruction-log' },
            { name: '@reference', value: reference },
          ],
        },
        { partitionKey: 'destruction-log' },
      )
      .fetchAll();
    return (resources[0] ?? 0) > 0;
  }

  /** The whole chain of one subject, as stored (a copy for a legal hold). */
  async chainOf(subjectId: string): Promise<StoredAuditEntry[]> {
    const { resources } = await this.container.items
      .query<StoredAuditEntry>(
        {
          query: 'SELECT * FROM c WHERE c.subjectId = @subjectId',
          parameters: [{ name: '@subjectId', value: subjectId }],
        },
        { partitionKey: subjectId },
      )
      .fetchAll();
    return resources
      .map((e) => {
        const copy: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(e)) if (!k.startsWith('_')) copy[k] = v;
        return copy as unknown as StoredAuditEntry;
      })
      .sort((a, b) => a.seq - b.seq);
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
