/**
 * The destruction log (`records` container): one entry for each record disposed of, kept for good,
 * holding no personal data: the reference, the record class, the trigger date, who approved it and
 * when, and why (the retention schedule, or an erasure).
 */
import type { Container } from '@azure/cosmos';
import type { RecordClass } from '../../domain/introductions/introduction';

export interface DestructionEntry {
  reference: string;
  recordClass: RecordClass;
  /** The retention date it was past (YYYY-MM-DD). */
  triggerDate: string;
  approvedBy: { aadObjectId: string; name: string };
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

export class CosmosDestructionLog implements DestructionLog {
  constructor(private readonly container: Container) {}

  /**
   * Written once per record and never overwritten: a disposal that stopped after writing its entry
   * and is taken over later finds the entry there (409) and leaves it as it is.
   */
  async record(entry: DestructionEntry): Promise<void> {
    try {
      await this.container.items.create({
        id: `destroyed:${entry.reference}`,
        type: 'destruction',
        ...entry,
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 409) throw error;
    }
  }

  async list(): Promise<DestructionEntry[]> {
    const { resources } = await this.container.items
      .query<DestructionEntry>({
        query:
          "SELECT c.reference, c.recordClass, c.triggerDate, c.approvedBy, c.at, c.reason, c.because, c.cardsReplaced, c.cardsNotReplaced, c.resumed FROM c WHERE c.type = 'destruction'",
      })
      .fetchAll();
    return resources.sort((a, b) => (a.at < b.at ? -1 : 1));
  }
}
