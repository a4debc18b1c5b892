/**
 * The audit trail cannot be rewritten unnoticed: each subject's entries form a chain. Entry n holds
 * its sequence number and the hash of entry n - 1; its own hash covers what it says and that link.
 * An entry altered, removed or inserted breaks the chain at that point, and `npm run audit:verify`
 * (src/tools/auditVerify.ts) finds it. (In Azure the app's identity cannot replace or delete audit
 * entries at all: a custom Cosmos DB role, infra/azure.bicep.)
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
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainBreak {
  subjectId: string;
  /** Where it breaks: the sequence number expected or found. */
  seq: number;
  problem: string;
}

/** Checks one subject's entries (any order): numbered 1..n, each linked to the one before, each hash right. */
export function verifyChain(entries: readonly (ChainedFields & { hash: string })[]): ChainBreak[] {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const breaks: ChainBreak[] = [];
  let previous = '';
  sorted.forEach((entry, i) => {
    const expected = i + 1;
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
