/**
 * What every feature's wiring is given: the settings, the log, the store, the clock and this
 * instance's name. The composition root (src/main.ts) builds it once; each feature's module here
 * builds that feature's storage, services and Teams handlers from it, in a few lines of main.ts.
 */
import type { AppConfig } from '../config';
import type { Actor } from '../domain/introductions/introduction';
import type { Logger } from '../logger';
import type { Store } from '../storage/cosmos';
import { CosmosLeaseRepository } from '../storage/leaseRepository';
import type { SealStore } from '../storage/records/sealStore';
import type { StartOptions } from './options';

export interface Shared {
  config: AppConfig;
  logger: Logger;
  store: Store;
  /** The key audit entries and seals are MACed with (src/storage/records/auditKey.ts). */
  auditKey: Buffer;
  /** Where the audit's seals and held records' audit copies go (src/storage/records/sealStore.ts). */
  seals: SealStore;
  options: StartOptions;
  /** The clock (the real one unless a test gives its own). */
  clock: () => Date;
  /** This instance's name in claims and leases. */
  instanceId: string;
  /** Where people download reports and exports from: PUBLIC_URL, else the server's own address. */
  publicUrl: () => string;
}

/** Scheduled work an instance does in the background, started after the server listens. */
export interface Worker {
  start(): void;
  stop(): Promise<void>;
}

/** The leases container: one instance at a time does each piece of scheduled work. */
export function leases(shared: Shared): CosmosLeaseRepository {
  return new CosmosLeaseRepository(shared.store.container('leases'));
}

/** The bot itself, when it acts on its own (working through a directory change another made). */
export function theBot(tenantId: string | undefined): Actor {
  return { aadObjectId: 'lac-front-door', name: 'LAC Front Door', tenantId: tenantId ?? '' };
}
