/**
 * The audit trail cannot be rewritten unnoticed: each subject's entries form a chain. Entry n holds
 * its sequence number and the hash of entry n - 1; its own hash covers what it says and that link.
 * An entry altered, removed or inserted breaks the chain at that point, and `npm run audit:verify`
 * (src/tools/auditVerify.ts) finds it. (In Azure the app's identity cannot replace or delete audit
 * entries at all: a custom Cosmos DB role, infra/azure.bicep.)
 *
 * Entries age out: Cosmos DB's TTL on the audit container deletes each when its retention has
 * passed (7 years by default), oldest first, while a support record can be kept longer. So a chain
 * may start after entry 1. Each entry also holds when the entry before it was written (`prevAt`,
 * covered by its hash): a chain whose first entry says the one before was written longer ago than
 * the retention has lost only what aged out; any other missing start is a break.
 *
 * No I/O.
 */
import { createHash } from 'node:crypto';

/** What a chained entry says, and its place in the chain. */
export interface ChainedFields {
  subjectId: string;
  seq: number;
  actorId: string;
  tenantId: string;
  action: string;
  at: string;
  detail?: string;
  /** The previous entry's hash; '' for the first. */
  prevHash: string;
  /** When the previous entry was written (absent on the first, and on entries written before it was kept). */
  prevAt?: string;
}

export function entryHash(entry: ChainedFields): string {
  const canonical = JSON.stringify([
    entry.subjectId,
    entry.seq,
    entry.actorId,
    entry.tenantId,
    entry.action,
    entry.at,
    entry.detail ?? null,
    entry.prevHash,
    // Entries written before prevAt was kept hash as they always did.
    ...(entry.prevAt === undefined ? [] : [entry.prevAt]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainBreak {
  subjectId: string;
  /** Where it breaks: the sequence number expected or found. */
  seq: number;
  problem: string;
}

/**
 * Checks one subject's entries (any order): numbered from 1 (or from where the entries before aged
 * out: their writing was before `agedOutBefore`), each linked to the one before, each hash right.
 */
export function verifyChain(
  entries: readonly (ChainedFields & { hash: string })[],
  options: { agedOutBefore?: string } = {},
): ChainBreak[] {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const breaks: ChainBreak[] = [];
  const first = sorted[0];
  const agedOut =
    first !== undefined &&
    first.seq > 1 &&
    first.prevAt !== undefined &&
    options.agedOutBefore !== undefined &&
    first.prevAt < options.agedOutBefore &&
    entryHash(first) === first.hash;
  let previous = agedOut ? first.prevHash : '';
  const start = agedOut ? first.seq : 1;
  sorted.forEach((entry, i) => {
    const expected = start + i;
    if (entry.seq !== expected)
      breaks.push({
        subjectId: entry.subjectId,
        seq: expected,
        problem: `entry ${expected} is missing (found ${entry.seq})`,
      });
    if (entry.prevHash !== previous)
      breaks.push({
        subjectId: entry.subjectId,
        seq: entry.seq,
        problem: 'does not follow the entry before it',
      });
    if (entryHash(entry) !== entry.hash)
      breaks.push({
        subjectId: entry.subjectId,
        seq: entry.seq,
        problem: 'was altered after it was written',
      });
    previous = entry.hash;
  });
  return breaks;
}
