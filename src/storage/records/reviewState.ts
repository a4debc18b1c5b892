/**
 * Where the records review job (src/services/records/recordsReviewScheduler.ts) keeps what it last saw: one
 * document in the `records` container, ids only.
 */
import type { Container } from '@azure/cosmos';

/** What the review last saw. */
export interface ReviewState {
  /** The last day it looked (YYYY-MM-DD). */
  day: string;
  /** Ids due then, so only new ones prompt a message. */
  dueIds: string[];
}

const ID = 'review-state';

export class CosmosReviewState {
  constructor(private readonly container: Container) {}

  async read(): Promise<ReviewState | undefined> {
    const { resource } = await this.container.item(ID, ID).read<ReviewState>();
    return resource ? { day: resource.day, dueIds: resource.dueIds } : undefined;
  }

  async write(state: ReviewState): Promise<void> {
    await this.container.items.upsert({ id: ID, type: 'review-state', ...state });
  }
}
