/**
 * Seals: where every audit chain ended, kept outside Cosmos DB, so a chain cut short, deleted whole
 * or rewritten from some entry on is found, and so is an emptied container.
 *
 * A seal lists the chains that grew since the seal before it, each with its length (the last
 * entry's place), that entry's MAC and when it was written, and a Merkle root over those heads.
 * Seal n names seal n - 1 and carries its MAC, and is MACed itself with the audit key, so seals
 * form a chain of their own: one removed, altered or forged breaks it. Folding the seals in order
 * gives, for every chain ever sealed, the furthest point it is known to have reached.
 *
 * The seals live in Azure Blob Storage under a version-level immutability (WORM) policy that the
 * app's identity cannot shorten, and the app can create blobs there but not delete them
 * (infra/azure.bicep); locally, in Azurite. No I/O here.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ChainedFields } from './auditChain';

export const SEAL_FORMAT = 'lac-audit-seal/1';

/** Where one chain ended when it was sealed. */
export interface ChainHead {
  chain: string;
  /** The last entry's place: the chain held entries up to here. */
  length: number;
  /** That entry's MAC. */
  last: string;
  /** When that entry was written (so a chain that later aged out whole is told from one deleted). */
  lastAt: string;
}

export interface Seal {
  format: typeof SEAL_FORMAT;
  sealedAt: string;
  /** The seal before this one (its blob name and MAC), or null for the first. */
  previous: { name: string; mac: string } | null;
  /** The chains that grew since the seal before (every chain, in the first). */
  heads: ChainHead[];
  /** Merkle root over `heads` (sorted by chain). */
  root: string;
  /** HMAC-SHA-256 with the audit key over everything above. */
  mac: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The Merkle root over chain heads, in the order of their chain ids; '' for none. */
export function merkleRoot(heads: readonly ChainHead[]): string {
  let level = [...heads]
    .sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0))
    .map((h) => sha256(JSON.stringify([h.chain, h.length, h.last, h.lastAt])));
  if (level.length === 0) return '';
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha256(`${level[i]}${level[i + 1] ?? level[i]}`));
    level = next;
  }
  return level[0] ?? '';
}

function sealBody(seal: Omit<Seal, 'mac'>): string {
  return JSON.stringify([seal.format, seal.sealedAt, seal.previous, seal.heads, seal.root]);
}

export const sealMac = (seal: Omit<Seal, 'mac'>, key: Buffer): string =>
  createHmac('sha256', key).update(sealBody(seal)).digest('hex');

/** A seal's blob name: when it was sealed, so names sort in order. */
export const sealName = (sealedAt: string): string => `seals/${sealedAt.replaceAll(':', '-')}.json`;

/** The next seal: the heads that moved since `previous`, linked to it, MACed. */
export function makeSeal(
  heads: readonly ChainHead[],
  previous: { name: string; seal: Seal } | undefined,
  sealedAt: string,
  key: Buffer,
): Seal {
  const sorted = [...heads].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  const body = {
    format: SEAL_FORMAT,
    sealedAt,
    previous: previous ? { name: previous.name, mac: previous.seal.mac } : null,
    heads: sorted,
    root: merkleRoot(sorted),
  } as const;
  return { ...body, mac: sealMac(body, key) };
}

/** The chains' heads that are new or have grown, against what the seals so far say. */
export function headsToSeal(
  found: readonly ChainHead[],
  sealed: ReadonlyMap<string, ChainHead>,
): ChainHead[] {
  return found.filter((h) => {
    const before = sealed.get(h.chain);
    return before === undefined || h.length > before.length;
  });
}

export interface SealProblem {
  /** The seal's name, or the chain's id. */
  where: string;
  problem: string;
}

/**
 * The seals checked as a chain (in name order: each names the one before it and carries its MAC,
 * each MAC and root right, no chain going back), and folded: for every chain ever sealed, the
 * furthest point it reached.
 */
export function foldSeals(
  seals: readonly { name: string; text: string; versions?: number }[],
  key: Buffer,
): { heads: Map<string, ChainHead>; problems: SealProblem[]; latest?: { name: string; seal: Seal } } {
  const heads = new Map<string, ChainHead>();
  const problems: SealProblem[] = [];
  let before: { name: string; seal: Seal } | undefined;
  for (const { name, text, versions } of [...seals].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if ((versions ?? 1) > 1)
      problems.push({ where: name, problem: `was written ${versions} times: a seal is written once` });
    let seal: Seal;
    try {
      seal = JSON.parse(text) as Seal;
    } catch {
      problems.push({ where: name, problem: 'is not a seal (not JSON)' });
      continue;
    }
    if (seal.format !== SEAL_FORMAT || !Array.isArray(seal.heads)) {
      problems.push({ where: name, problem: 'is not a seal' });
      continue;
    }
    if (sealMac(seal, key) !== seal.mac)
      problems.push({ where: name, problem: 'was altered, or not written by the app (its MAC is wrong)' });
    if (merkleRoot(seal.heads) !== seal.root)
      problems.push({ where: name, problem: 'its chains do not give its root' });
    const expected = before ? { name: before.name, mac: before.seal.mac } : null;
    if (JSON.stringify(seal.previous) !== JSON.stringify(expected))
      problems.push({
        where: name,
        problem: before
          ? `does not follow ${before.name} (a seal between them is missing, or this one was not written by the app)`
          : 'names a seal before it that is not there (the first seals are missing)',
      });
    for (const head of seal.heads) {
      const known = heads.get(head.chain);
      if (known && head.length < known.length)
        problems.push({
          where: name,
          problem: `says chain ${head.chain} is shorter (${head.length}) than an earlier seal did (${known.length})`,
        });
      else heads.set(head.chain, head);
    }
    before = { name, seal };
  }
  return { heads, problems, ...(before ? { latest: before } : {}) };
}

export interface ChainAgainstSeal {
  subjectId: string;
  seq: number;
  problem: string;
}

/**
 * Every sealed chain checked against what the store holds now: there, at least as long as sealed,
 * with the sealed entry in its sealed place. A chain whose sealed end was written before
 * `agedOutBefore` may have aged out (the audit's retention) and is not missed.
 */
export function checkAgainstSeals(
  sealed: ReadonlyMap<string, ChainHead>,
  chains: ReadonlyMap<string, readonly (ChainedFields & { hash: string })[]>,
  agedOutBefore: string,
): ChainAgainstSeal[] {
  const problems: ChainAgainstSeal[] = [];
  for (const head of sealed.values()) {
    if (head.lastAt < agedOutBefore) continue;
    const entries = chains.get(head.chain);
    if (!entries || entries.length === 0) {
      problems.push({
        subjectId: head.chain,
        seq: head.length,
        problem: `deleted: sealed with entries up to ${head.length}, none are there`,
      });
      continue;
    }
    const last = entries.reduce((a, b) => (b.seq > a.seq ? b : a));
    const atSealedEnd = entries.find((e) => e.seq === head.length);
    if (last.seq < head.length)
      problems.push({
        subjectId: head.chain,
        seq: head.length,
        problem: `cut short: sealed with entries up to ${head.length}, the last there now is ${last.seq}`,
      });
    else if (atSealedEnd && atSealedEnd.hash !== head.last)
      problems.push({
        subjectId: head.chain,
        seq: head.length,
        problem: `rewritten: entry ${head.length} is not the one sealed`,
      });
  }
  return problems;
}
