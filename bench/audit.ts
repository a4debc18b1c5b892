/**
 * The audit's seals (npm run bench): what sealing and checking cost on the embedded Cosmos DB and
 * Azurite, for a council's audit of 1,000 records with three entries each: the first seal (every
 * chain), a seal six hours later after 100 entries in 50 chains (only the chains that grew), and
 * `audit:verify` over everything. Prints numbers; tests assert behaviour.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createLogger } from '../src/logger';
import { AuditSealer } from '../src/services/records/auditSealer';
import { openStore } from '../src/storage/cosmos';
import { CosmosLeaseRepository } from '../src/storage/leaseRepository';
import { startLocalBlob } from '../src/storage/localBlob';
import { startLocalCosmos } from '../src/storage/localCosmos';
import { CosmosAuditRepository } from '../src/storage/records/auditRepository';
import { verifyAudit } from '../src/tools/auditVerify';

const ms = (started: number) => `${Math.round(performance.now() - started).toLocaleString('en-GB')} ms`;

export async function benchAudit(records = 1_000): Promise<void> {
  console.log(
    `\nAudit seals: ${records.toLocaleString('en-GB')} records, 3 entries each (embedded Cosmos DB, Azurite)`,
  );
  const cosmos = await startLocalCosmos();
  const blob = await startLocalBlob();
  try {
    const store = await openStore(cosmos.client, 'lac-bench-audit', true, ['audit', 'leases']);
    const key = randomBytes(32);
    const audit = new CosmosAuditRepository(store.container('audit'), key);
    const ids = Array.from({ length: records }, () => randomUUID());
    let started = performance.now();
    for (const action of ['created', 'viewed', 'changed'] as const)
      for (const subjectId of ids)
        await audit.record({
          subjectId,
          actorId: 'bench',
          tenantId: 'bench',
          action,
          at: new Date().toISOString(),
        });
    console.log(`  ${(records * 3).toLocaleString('en-GB')} entries written: ${ms(started)}`);
    let now = new Date();
    const sealer = new AuditSealer(
      {
        heads: (since) => audit.headsSince(since),
        seals: blob.seals,
        key,
        leases: new CosmosLeaseRepository(store.container('leases')),
        logger: createLogger('silent'),
      },
      { everyMs: 0, instanceId: 'bench', clock: () => now },
    );
    started = performance.now();
    const first = await sealer.runOnce();
    console.log(`  first seal, every chain (${first.chains.toLocaleString('en-GB')}): ${ms(started)}`);
    for (const subjectId of ids.slice(0, 50))
      for (let i = 0; i < 2; i++)
        await audit.record({
          subjectId,
          actorId: 'bench',
          tenantId: 'bench',
          action: 'viewed',
          at: new Date().toISOString(),
        });
    now = new Date(now.getTime() + 6 * 3_600_000);
    started = performance.now();
    const next = await sealer.runOnce();
    // The next seal looks again at every chain written within the hour before the last seal (the
    // overlap): here that is all 1,000, written a moment ago; six hours apart, it is only those.
    console.log(
      `  next seal: ${next.chains} chains grew and are sealed (every chain written in the hour before the last seal is looked at again: here all of them): ${ms(started)}`,
    );
    started = performance.now();
    const verdict = await verifyAudit(store, { key, seals: blob.seals });
    console.log(
      `  audit:verify, ${verdict.entries.toLocaleString('en-GB')} entries against ${verdict.seals} seals: ${ms(started)}, ${verdict.breaks.length + verdict.sealProblems.length} breaks`,
    );
  } finally {
    await blob.stop();
    await cosmos.stop();
  }
}
