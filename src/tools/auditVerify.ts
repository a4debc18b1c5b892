/**
 * `npm run audit:verify`: checks every audit chain (src/domain/records/auditChain.ts), the
 * destruction log's among them, and every chain against the seals kept outside Cosmos DB
 * (src/domain/records/seal.ts), and the seals against each other. It reports each break: an entry
 * altered, removed, inserted or not MACed with the audit key; a chain cut short, deleted or
 * rewritten since it was sealed (an emptied container is every sealed chain deleted); a seal
 * missing, altered, forged or overwritten. Exits 0 when everything holds, 1 when anything breaks,
 * 2 when it could not check.
 *
 * Reads COSMOS_ENDPOINT with AUDIT_KEY and SEAL_STORAGE_URL (an operator with read roles on the
 * audit container and the seal store, and the key from Key Vault: docs/operations.md), or, without
 * them, the local data folder's snapshot, key and Azurite (stop `npm start` first). Prints ids,
 * sequence numbers and seal names only.
 */
import { loadConfig } from '../config';
import { type ChainBreak, verifyChain } from '../domain/records/auditChain';
import { checkAgainstSeals, foldSeals, type SealProblem } from '../domain/records/seal';
import type { Store } from '../storage/cosmos';
import { auditKeyFrom, localAuditKey } from '../storage/records/auditKey';
import { CosmosAuditRepository } from '../storage/records/auditRepository';
import { DESTRUCTION_LOG } from '../storage/records/destructionLog';
import { azureSealStore, type SealStore } from '../storage/records/sealStore';
import { openConfiguredStore } from './configuredStore';

/** The audit container's TTL in days (AUDIT_RETENTION_DAYS, as deployed: 7 years by default). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2557;

/** Clocks differ a little between the app and Cosmos DB: an entry this close to its expiry may be gone. */
export const CLOCK_SKEW_MS = 10 * 60_000;

export interface AuditVerdict {
  chains: number;
  entries: number;
  seals: number;
  breaks: ChainBreak[];
  sealProblems: SealProblem[];
}

/**
 * Every chain checked, and against the seals. Cosmos DB stops returning an entry as soon as its
 * time-to-live has passed, so entries written `retentionDays` ago (give or take the clocks' skew)
 * may have aged out: a chain that starts after them is whole, and a sealed chain whose sealed end
 * is that old may be gone.
 */
export async function verifyAudit(
  store: Store,
  options: { key: Buffer; seals: SealStore; retentionDays?: number; now?: Date },
): Promise<AuditVerdict> {
  const { key } = options;
  const chains = await new CosmosAuditRepository(store.container('audit'), key).allChains();
  const days = options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const agedOutBefore = new Date(
    (options.now ?? new Date()).getTime() - days * 86_400_000 + CLOCK_SKEW_MS,
  ).toISOString();
  const breaks: ChainBreak[] = [];
  let entries = 0;
  const named = await options.seals.list('seals/');
  const texts = [];
  for (const { name, versions } of named)
    texts.push({ name, versions, text: await options.seals.read(name) });
  const { points, problems } = foldSeals(texts, key);
  // The destruction log is kept for good: none of its entries ages out.
  const neverAgesOut = (chain: string) => chain === DESTRUCTION_LOG;
  for (const [subject, chain] of chains) {
    entries += chain.length;
    // Entries written before the audit was keyed verify as written, up to the chain's first seal.
    const legacyUpTo = points.get(subject)?.[0]?.length ?? 0;
    const ages = neverAgesOut(subject) ? {} : { agedOutBefore };
    breaks.push(...verifyChain(chain, { key, legacyUpTo, ...ages }));
  }
  breaks.push(...checkAgainstSeals(points, chains, agedOutBefore, neverAgesOut));
  if (named.length === 0 && entries > 0)
    problems.push({
      where: 'seals/',
      problem:
        'there is no seal: the audit has not been sealed yet (the app seals every six hours and when it stops), so a chain cut short or deleted cannot be found',
    });
  return { chains: chains.size, entries, seals: named.length, breaks, sealProblems: problems };
}

async function main(): Promise<number> {
  const config = loadConfig();
  const retention = Number(process.env.AUDIT_RETENTION_DAYS ?? DEFAULT_AUDIT_RETENTION_DAYS);
  // As provisioning allows (infra/azure.bicep: at least a year): a shorter value would accept removals.
  if (!Number.isInteger(retention) || retention < 365)
    throw new Error('AUDIT_RETENTION_DAYS must be a whole number of days, at least 365, as deployed');
  const key = config.auditKey
    ? auditKeyFrom(config.auditKey)
    : await localAuditKey(config.dataDir, { make: false });
  const opened = await openConfiguredStore(config, ['audit']);
  const local = config.sealStorageUrl
    ? undefined
    : await (await import('../storage/localBlob')).startLocalBlob({ dataDir: config.dataDir });
  const seals = config.sealStorageUrl ? azureSealStore(config.sealStorageUrl) : local?.seals;
  try {
    if (!seals) throw new Error('no seal store');
    const verdict = await verifyAudit(opened.store, { key, seals, retentionDays: retention });
    for (const b of verdict.breaks)
      process.stdout.write(`BREAK ${b.subjectId} entry ${b.seq}: ${b.problem}\n`);
    for (const p of verdict.sealProblems) process.stdout.write(`SEAL ${p.where}: ${p.problem}\n`);
    const broken = verdict.breaks.length + verdict.sealProblems.length;
    process.stdout.write(
      `${verdict.entries} audit entries in ${verdict.chains} chains, against ${verdict.seals} seals, in ${opened.where}: ${broken === 0 ? 'every chain holds' : `${broken} breaks`}.\n`,
    );
    return broken === 0 ? 0 : 1;
  } finally {
    await local?.stop();
    await opened.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Audit check failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
