/**
 * Seals the audit (src/domain/records/seal.ts): every six hours under a lease, and when an instance
 * stops, it finds the chains written to since the last seal, and writes a seal of where each ends
 * now to the seal store (immutable Blob Storage in Azure, Azurite locally). `npm run audit:verify`
 * then checks every chain against the seals, and the seals against each other.
 *
 * And a legal hold's copy: when a record is held, its audit chain so far is copied to the same
 * store, so entries the audit container's TTL would age out while the hold stands are kept there.
 */

import {
  type ChainHead,
  headsToSeal,
  makeSeal,
  type Seal,
  sealName,
  sealNumber,
} from '../../domain/records/seal';
import type { Logger } from '../../logger';
import type { LeaseRepository } from '../../storage/leaseRepository';
import type { SealStore } from '../../storage/records/sealStore';
import { LeasedSchedule, type ScheduleOptions } from '../leasedSchedule';

/** How often the audit is sealed: four times a day (the issue asks for at least daily). */
export const SEAL_EVERY_MS = 6 * 60 * 60_000;

/**
 * How far before the last seal the next one looks for entries (by Cosmos DB's own timestamp): the
 * app's clock and Cosmos DB's may differ a little, and a write under way while the last seal was
 * made may land just after it.
 */
export const SEAL_OVERLAP_MS = 60 * 60_000;

export interface SealOutcome {
  /** The seal written, or undefined when another instance holds the lease. */
  name?: string;
  /** Chains in it. */
  chains: number;
}

export interface AuditSealerDeps {
  /** Where each chain written to since `since` ends (every chain when undefined). */
  heads: (since: string | undefined) => Promise<ChainHead[]>;
  seals: SealStore;
  key: Buffer;
  leases: LeaseRepository;
  logger: Logger;
}

export class AuditSealer extends LeasedSchedule<SealOutcome> {
  constructor(
    private readonly deps: AuditSealerDeps,
    options: ScheduleOptions = {},
  ) {
    super({ name: 'audit-seal', leases: deps.leases }, options, SEAL_EVERY_MS);
  }

  /** The latest seal, read back (only it: the next seal links to it). */
  async latest(): Promise<{ name: string; seal: Seal } | undefined> {
    const names = await this.deps.seals.list('seals/');
    const last = names.at(-1);
    if (!last) return undefined;
    return { name: last.name, seal: JSON.parse(await this.deps.seals.read(last.name)) as Seal };
  }

  private started = false;

  override start(): void {
    this.started = true;
    super.start();
  }

  /**
   * Seals once more before stopping, so what this instance wrote last is sealed too: only where it
   * was started (a staging slot, LAC_BACKGROUND_WORKERS=off, never seals).
   */
  override async stop(): Promise<void> {
    if (this.started)
      await this.runOnce().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, 'audit not sealed at stop'),
      );
    await super.stop();
  }

  /**
   * Half an hour, not two intervals: a holder that stopped without giving the lease up does not keep
   * every other instance from sealing for twelve hours. Each seal takes seconds; the next instance
   * whose six-hourly look comes after it takes the lease.
   */
  protected override leaseMs(): number {
    return 30 * 60_000;
  }

  protected notHeld(): SealOutcome {
    return { chains: 0 };
  }

  protected async run(now: Date): Promise<SealOutcome> {
    const previous = await this.latest();
    const since = previous
      ? new Date(Date.parse(previous.seal.sealedAt) - SEAL_OVERLAP_MS).toISOString()
      : undefined;
    const found = await this.deps.heads(since);
    const sealedBefore = new Map((previous?.seal.heads ?? []).map((h) => [h.chain, h]));
    const heads = headsToSeal(found, sealedBefore);
    const sealedAt = now.toISOString();
    const seal = makeSeal(heads, previous, sealedAt, this.deps.key);
    const name = sealName((previous ? sealNumber(previous.name) : 0) + 1, sealedAt);
    await this.deps.seals.create(name, `${JSON.stringify(seal, null, 1)}\n`);
    this.deps.logger.info({ seal: name, chains: heads.length }, 'audit sealed');
    return { name, chains: heads.length };
  }
}

/**
 * A held record's audit, copied where it cannot age out: written once per hold, named by the record
 * and the hold's time. What is copied is what the audit holds: ids, actions, times, MACs and the
 * records leads' stated reasons.
 */
export async function copyHeldAudit(
  deps: { chainOf: (subjectId: string) => Promise<unknown[]>; seals: SealStore },
  subjectId: string,
  heldAt: string,
): Promise<string> {
  const entries = await deps.chainOf(subjectId);
  const name = `holds/${subjectId}/${heldAt.replaceAll(':', '-')}.json`;
  await deps.seals.create(
    name,
    `${JSON.stringify({ format: 'lac-audit-hold-copy/1', subjectId, heldAt, entries }, null, 1)}\n`,
  );
  return name;
}
