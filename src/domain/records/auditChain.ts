/**
 * The audit trail cannot be rewritten unnoticed: each subject's entries form a chain. Entry n holds
 * its sequence number and the MAC of entry n - 1; its own MAC covers what it says and that link.
 * The MAC is keyed (HMAC-SHA-256 with the audit key: Key Vault in Azure, the local data folder
 * locally), so an entry added or rewritten by someone with access to Cosmos DB alone does not
 * verify. An entry altered, removed or inserted breaks the chain at that point, and
 * `npm run audit:verify` (src/tools/auditVerify.ts) finds it; the end of every chain is sealed
 * outside Cosmos DB (./seal.ts), so a chain cut short or deleted whole is found too. (In Azure the
 * app's identity cannot replace or delete audit entries at all: a custom Cosmos DB role,
 * infra/azure.bicep.)
 *
 * Entries age out: Cosmos DB's TTL on the audit container deletes each when its retention has
 * passed (7 years by default), oldest first, while a support record can be kept longer. So a chain
 * may start after entry 1. Each entry also holds when the entry before it was written (`prevAt`,
 * covered by its hash): a chain whose first entry says the one before was written longer ago than
 * the retention has lost only what aged out; any other missing start is a break.
 *
 * No I/O.
 */
import { createHash, createHmac } from 'node:crypto';

/** What an entry written with the audit key says it is (`alg`). */
export const KEYED = 'hmac-sha256';

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

/**
 * The entry's MAC: HMAC-SHA-256, with the audit key, of what it says, its place and its link. Stored
 * as the entry's `hash` (the next entry's `prevHash`).
 */
function canonicalOf(entry: ChainedFields): string {
  return JSON.stringify([
    entry.subjectId,
    entry.seq,
    entry.actorId,
    entry.tenantId,
    entry.action,
    entry.at,
    entry.detail ?? null,
    entry.prevHash,
    ...(entry.prevAt === undefined ? [] : [entry.prevAt]),
  ]);
}

/**
 * An entry written before the audit was keyed (no `alg`): its plain SHA-256, as it was written. It
 * verifies only up to where the chain's first seal reached (the baseline an estate's first seal
 * after the upgrade makes): past it, an unkeyed entry is one nobody with the key wrote.
 */
export const legacyHash = (entry: ChainedFields): string =>
  createHash('sha256').update(canonicalOf(entry)).digest('hex');

export function entryHash(entry: ChainedFields, key: Buffer): string {
  // Entries written before prevAt was kept hash as they always did (canonicalOf leaves it out).
  return createHmac('sha256', key).update(canonicalOf(entry)).digest('hex');
}

/** An entry whose MAC is wrong: changed since the app wrote it, or written without the key. */
export const NOT_THE_APPS = 'was altered after it was written, or not written by the app (its MAC is wrong)';

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
  entries: readonly (ChainedFields & { hash: string; alg?: string })[],
  options: {
    key: Buffer;
    agedOutBefore?: string;
    /** Entries up to here were sealed in the chain's first seal: unkeyed ones among them verify as written. */
    legacyUpTo?: number;
  },
): ChainBreak[] {
  const { key } = options;
  const macOf = (entry: ChainedFields & { alg?: string }) =>
    entry.alg === undefined && entry.seq <= (options.legacyUpTo ?? 0)
      ? legacyHash(entry)
      : entryHash(entry, key);
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const breaks: ChainBreak[] = [];
  const first = sorted[0];
  const agedOut =
    first !== undefined &&
    first.seq > 1 &&
    first.prevAt !== undefined &&
    options.agedOutBefore !== undefined &&
    first.prevAt < options.agedOutBefore &&
    macOf(first) === first.hash;
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
    if (macOf(entry) !== entry.hash)
      breaks.push({
        subjectId: entry.subjectId,
        seq: entry.seq,
        problem: NOT_THE_APPS,
      });
    previous = entry.hash;
  });
  return breaks;
}
