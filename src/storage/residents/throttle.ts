/**
 * Rate-limit counters every instance shares (the `throttle` container): one document per key and
 * fixed window, `{ count }`, incremented atomically (Cosmos DB's partial update, `incr`), deleted by
 * its own TTL after two windows. The residents' pages count by a keyed hash of the client's address
 * (never the address) and for the whole service.
 */
import type { Container } from '@azure/cosmos';

export interface ThrottleOutcome {
  allowed: boolean;
  /** Requests counted in this window, this one included. */
  count: number;
  /** Seconds until the window ends. */
  retryAfterSeconds: number;
}

export class CosmosThrottle {
  constructor(private readonly container: Container) {}

  /** Counts one request for `key` in the current window of `windowSeconds`; allowed while count <= limit. */
  async consume(key: string, limit: number, windowSeconds: number, now: Date): Promise<ThrottleOutcome> {
    const windowMs = windowSeconds * 1000;
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    const id = `${key}:${start}`;
    const retryAfterSeconds = Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000));
    for (let attempt = 1; ; attempt++) {
      try {
        const { resource } = await this.container
          .item(id, id)
          .patch<{ count: number }>([{ op: 'incr', path: '/count', value: 1 }]);
        const count = resource?.count ?? 0;
        return { allowed: count <= limit, count, retryAfterSeconds };
      } catch (error) {
        if ((error as { code?: number }).code !== 404 || attempt > 3) throw error;
      }
      try {
        await this.container.items.create({ id, type: 'throttle', count: 1, ttl: 2 * windowSeconds });
        return { allowed: 1 <= limit, count: 1, retryAfterSeconds };
      } catch (error) {
        // Another instance made it first: count on it.
        if ((error as { code?: number }).code !== 409) throw error;
      }
    }
  }
}
