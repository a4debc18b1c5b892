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
}

export interface DestructionLog {
  record(entry: DestructionEntry): Promise<void>;
  list(): Promise<DestructionEntry[]>;
}

export class CosmosDestructionLog implements DestructionLog {
  constructor(private readonly container: Container) {}

  async record(entry: DestructionEntry): Promise<void> {
    // By reference: a record is disposed of once; a repeated approval finds it recorded already.
    await this.container.items.upsert({ id: `destroyed:${entry.reference}`, type: 'destruction', ...entry });
  }

  async list(): Promise<DestructionEntry[]> {
    const { resources } = await this.container.items
      .query<DestructionEntry>({
        query:
          "SELECT c.reference, c.recordClass, c.triggerDate, c.approvedBy, c.at, c.reason FROM c WHERE c.type = 'destruction'",
      })
      .fetchAll();
    return resources.sort((a, b) => (a.at < b.at ? -1 : 1));
  }
}
