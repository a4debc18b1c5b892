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

/**
 * A seal's blob name: its number in the seals' chain (one more than the seal before), then when it
 * was sealed. Names sort by number, whatever the clock of the instance that wrote each said.
 */
export const sealName = (number: number, sealedAt: string): string =>
  `seals/${String(number).padStart(8, '0')}-${sealedAt.replaceAll(':', '-')}.json`;

/** The number a seal's name starts with (0 for a name without one). */
export const sealNumber = (name: string): number => Number(/^seals\/(\d{8})-/.exec(name)?.[1] ?? 0);

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
 * The seals checked as a chain (each names the one before it and carries its MAC; each MAC and
 * root right; numbered in order, so an instance whose clock is behind cannot put one out of order),
 * and folded: for every chain ever sealed, every point it was sealed at. Every point is kept, not
 * only the furthest: a chain cut back and written on again past its old end is found at the old
 * point, whose entry is no longer the one sealed.
 */
export function foldSeals(
  seals: readonly { name: string; text: string; versions?: number }[],
  key: Buffer,
): {
  /** The furthest point of each chain. */
  heads: Map<string, ChainHead>;
  /** Every point each chain was sealed at, in order. */
  points: Map<string, ChainHead[]>;
  problems: SealProblem[];
  latest?: { name: string; seal: Seal };
} {
  const heads = new Map<string, ChainHead>();
  const points = new Map<string, ChainHead[]>();
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
      const earlier = points.get(head.chain) ?? [];
      const furthest = heads.get(head.chain);
      const same = earlier.find((p) => p.length === head.length);
      if (same && same.last !== head.last)
        problems.push({
          where: name,
          problem: `seals entry ${head.length} of chain ${head.chain} as another entry than an earlier seal did: the chain was rewritten between them`,
        });
      if (furthest && head.length < furthest.length)
        problems.push({
          where: name,
          problem: `says chain ${head.chain} is shorter (${head.length}) than an earlier seal did (${furthest.length})`,
        });
      else heads.set(head.chain, head);
      points.set(head.chain, [...earlier, head]);
    }
    before = { name, seal };
  }
  return { heads, points, problems, ...(before ? { latest: before } : {}) };
}

export interface ChainAgainstSeal {
  subjectId: string;
  seq: number;
  problem: string;
}

/**
 * Every sealed chain checked against what the store holds now, at every point it was sealed at:
 * there, at least as long as its furthest point, and the entry at each point the one sealed. A
 * point whose entry was written before `agedOutBefore` may have aged out (the audit's retention)
 * and is not missed, unless the chain never ages out (the destruction log, kept for good).
 */
export function checkAgainstSeals(
  sealed: ReadonlyMap<string, readonly ChainHead[]>,
  chains: ReadonlyMap<string, readonly (ChainedFields & { hash: string })[]>,
  agedOutBefore: string,
  neverAgesOut: (chain: string) => boolean = () => false,
): ChainAgainstSeal[] {
  const problems: ChainAgainstSeal[] = [];
  for (const [chain, points] of sealed) {
    const kept = neverAgesOut(chain);
    const live = points.filter((p) => kept || p.lastAt >= agedOutBefore);
    if (live.length === 0) continue;
    const furthest = live.reduce((a, b) => (b.length > a.length ? b : a));
    const entries = chains.get(chain);
    if (!entries || entries.length === 0) {
      problems.push({
        subjectId: chain,
        seq: furthest.length,
        problem: `deleted: sealed with entries up to ${furthest.length}, none are there`,
      });
      continue;
    }
    const last = entries.reduce((a, b) => (b.seq > a.seq ? b : a));
    if (last.seq < furthest.length) {
      problems.push({
        subjectId: chain,
        seq: furthest.length,
        problem: `cut short: sealed with entries up to ${furthest.length}, the last there now is ${last.seq}`,
      });
      continue;
    }
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    const reported = new Set<number>();
    for (const point of live) {
      const entry = bySeq.get(point.length);
      if (entry && entry.hash !== point.last && !reported.has(point.length)) {
        reported.add(point.length);
        problems.push({
          subjectId: chain,
          seq: point.length,
          problem: `rewritten: entry ${point.length} is not the one sealed`,
        });
      }
    }
  }
  return problems;
}
