/**
 * The destruction log: one entry for each record disposed of, kept for good, holding the
 * reference, the record class, the trigger date, who approved it and when, and why (the retention
 * schedule, or an erasure, with the lead's own words).
 */
import type { Container } from '@azure/cosmos';
import type { RecordClass } from '../../domain/introductions/introduction';
import type { CosmosAuditRepository } from './auditRepository';

export interface DestructionEntry {
  reference: string;
  recordClass: RecordClass;
  /** The retention date it was past (YYYY-MM-DD). */
  triggerDate: string;
  approvedBy: { aadObjectId: string; name: string };
  /** Where the council asks for two approvals: the first, by another records lead. */
  firstApprovedBy?: { aadObjectId: string; name: string; at: string; because?: string };
  at: string;
  reason: 'retention-schedule' | 'erasure';
  /**
   * The records lead's own words, as typed: why the right to erasure applies (`erase … because …`),
   * or what they checked before approving a disposal. Written to say why, not who.
   */
  because?: string;
  /** Cards and messages the bot posted about it that were replaced by the removal notice. */
  cardsReplaced?: number;
  /**
   * Those that could not be (Teams refused, the chat is gone): where each is, a chat and a message
   * id with nobody's details, for an administrator to remove by hand or to know it stays.
   */
  cardsNotReplaced?: { conversationId: string; activityId: string }[];
  /** It took over an approved disposal that had stopped part-way (checked afresh first). */
  resumed?: true;
}

export interface DestructionLog {
  record(entry: DestructionEntry): Promise<void>;
  list(): Promise<DestructionEntry[]>;
}

/** The destruction log's chain in the audit container. */
export const DESTRUCTION_LOG = 'destruction-log';

/**
 * The destruction log as a chain of its own in the `audit` container (subject `destruction-log`):
 * each entry MACed and linked to the one before (src/domain/records/auditChain.ts), sealed with
 * every audit chain, kept for good (no TTL), and, in Azure, beyond the app's reach to replace or
 * delete (the audit container's create-and-read-only role, infra/azure.bicep).
 */
export class CosmosDestructionLog implements DestructionLog {
  /**
   * `earlier`: the `records` container, where versions before the sealed audit kept the log (one
   * document a record, `type: 'destruction'`): read with the chain, never written again.
   */
  constructor(
    private readonly audit: CosmosAuditRepository,
    private readonly earlier?: Container,
  ) {}

  /**
   * Written once per record: a disposal that stopped after writing its entry and is taken over
   * later finds the entry there and leaves it as it is (only one disposal of a record runs at a
   * time: its mark, src/domain/records/disposal.ts).
   */
  async record(entry: DestructionEntry): Promise<void> {
    if (await this.audit.findDestruction(entry.reference)) return;
    if (await this.earlierHas(entry.reference)) return;
    await this.audit.append(
      {
        subjectId: DESTRUCTION_LOG,
        actorId: entry.approvedBy.aadObjectId,
        tenantId: '',
        action: 'destroyed',
        at: entry.at,
        detail: JSON.stringify(entry),
      },
      { neverExpires: true, fields: { reference: entry.reference } },
    );
  }

  async list(): Promise<DestructionEntry[]> {
    const chained = (await this.audit.chainOf(DESTRUCTION_LOG))
      .filter((e) => e.action === 'destroyed' && e.detail)
      .map((e) => JSON.parse(e.detail ?? '{}') as DestructionEntry);
    return [...(await this.earlierEntries()), ...chained];
  }

  /** Whether the log as earlier versions kept it has this record (one count, not the whole log). */
  private async earlierHas(reference: string): Promise<boolean> {
    if (!this.earlier) return false;
    const { resources } = await this.earlier.items
      .query<number>({
        query: "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'destruction' AND c.reference = @reference",
        parameters: [{ name: '@reference', value: reference }],
      })
      .fetchAll();
    return (resources[0] ?? 0) > 0;
  }

  /** The log as earlier versions kept it (not chained: before the audit was sealed). */
  private async earlierEntries(): Promise<DestructionEntry[]> {
    if (!this.earlier) return [];
    const { resources } = await this.earlier.items
      .query<DestructionEntry>({
        query:
          "SELECT c.reference, c.recordClass, c.triggerDate, c.approvedBy, c.at, c.reason, c.because, c.cardsReplaced, c.cardsNotReplaced, c.resumed FROM c WHERE c.type = 'destruction'",
      })
      .fetchAll();
    return resources.sort((a, b) => (a.at < b.at ? -1 : 1));
  }
}
