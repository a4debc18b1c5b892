/**
 * `npm run audit:verify`: checks every subject's audit chain (src/domain/records/auditChain.ts) and reports
 * each break: an entry altered after it was written, removed, or inserted. Exits 0 when every chain
 * holds, 1 when any breaks. Reads COSMOS_ENDPOINT, or the local Cosmos DB's snapshot
 * (src/tools/configuredStore.ts). Prints ids and sequence numbers only.
 */
import { loadConfig } from '../config';
import { type ChainBreak, verifyChain } from '../domain/records/auditChain';
import type { Store } from '../storage/cosmos';
import { CosmosAuditRepository } from '../storage/records/auditRepository';
import { openConfiguredStore } from './configuredStore';

/** The audit container's TTL in days (AUDIT_RETENTION_DAYS, as deployed: 7 years by default). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2557;

/** Clocks differ a little between the app and Cosmos DB: an entry this close to its expiry may be gone. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * Every chain checked. Cosmos DB stops returning an entry as soon as its time-to-live has passed, so
 * entries written `retentionDays` ago (give or take the clocks' skew) may have aged out: a chain
 * that starts after them is whole.
 */
export async function verifyAudit(
  store: Store,
  options: { retentionDays?: number; now?: Date } = {},
): Promise<{ chains: number; entries: number; breaks: ChainBreak[] }> {
  const chains = await new CosmosAuditRepository(store.container('audit')).allChains();
  const days = options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const agedOutBefore = new Date(
    (options.now ?? new Date()).getTime() - days * 86_400_000 + CLOCK_SKEW_MS,
  ).toISOString();
  const breaks: ChainBreak[] = [];
  let entries = 0;
  for (const chain of chains.values()) {
    entries += chain.length;
    breaks.push(...verifyChain(chain, { agedOutBefore }));
  }
  return { chains: chains.size, entries, breaks };
}

async function main(): Promise<number> {
  const opened = await openConfiguredStore(loadConfig(), ['audit']);
  try {
    const retention = Number(process.env.AUDIT_RETENTION_DAYS ?? DEFAULT_AUDIT_RETENTION_DAYS);
    // As provisioning allows (infra/azure.bicep: at least a year): a shorter value would accept removals.
    if (!Number.isInteger(retention) || retention < 365)
      throw new Error('AUDIT_RETENTION_DAYS must be a whole number of days, at least 365, as deployed');
    const { chains, entries, breaks } = await verifyAudit(opened.store, { retentionDays: retention });
    for (const b of breaks) process.stdout.write(`BREAK ${b.subjectId} entry ${b.seq}: ${b.problem}\n`);
    process.stdout.write(
      `${entries} audit entries in ${chains} chains, in ${opened.where}: ${breaks.length === 0 ? 'every chain holds' : `${breaks.length} breaks`}.\n`,
    );
    return breaks.length === 0 ? 0 : 1;
  } finally {
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
