/**
 * The audit is sealed by the running app, not only by a test: a bot started as `npm start` starts
 * it seals what it wrote when it stops (and every six hours under a lease while it runs), and a
 * staging slot (background workers off) never seals. Through the real composition root, the local
 * Cosmos DB and Azurite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { foldSeals } from '../../src/domain/records/seal';
import { createLogger } from '../../src/logger';
import { startBot } from '../../src/main';
import { startLocalBlob } from '../../src/storage/localBlob';
import { localAuditKey } from '../../src/storage/records/auditKey';
import { CosmosAuditRepository } from '../../src/storage/records/auditRepository';

jest.setTimeout(60_000);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-seal-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const start = (workers: 'on' | 'off') =>
  startBot(
    loadConfig({ PORT: '0', LAC_DATA_DIR: dir, LAC_BACKGROUND_WORKERS: workers, LOG_LEVEL: 'silent' }),
    createLogger('silent'),
    {
      directoryWatchMs: 0,
      directoryPollMs: 0,
      outboxPollMs: 0,
      nudgeEveryMs: 0,
      monthlyReportEveryMs: 0,
      recordsReviewEveryMs: 0,
    },
  );

async function sealsIn(folder: string) {
  const blob = await startLocalBlob({ dataDir: folder });
  try {
    const names = await blob.seals.list('seals/');
    const texts = [];
    for (const { name } of names) texts.push({ name, text: await blob.seals.read(name) });
    return foldSeals(texts, await localAuditKey(folder, { make: false }));
  } finally {
    await blob.stop();
  }
}

it('seals at stop what the instance wrote, with the data folder key, in the data folder', async () => {
  const bot = await start('on');
  try {
    // Something audited while it runs, as the app writes it (with the data folder's key).
    await new CosmosAuditRepository(bot.store.container('audit'), await localAuditKey(dir)).record({
      subjectId: 'patch-directory',
      actorId: 'someone',
      tenantId: 'council',
      action: 'viewed',
      at: new Date().toISOString(),
    });
  } finally {
    await bot.stop();
  }
  const { heads, problems, latest } = await sealsIn(dir);
  expect(problems).toEqual([]);
  expect(latest).toBeDefined();
  expect(heads.get('patch-directory')).toMatchObject({ length: 1 });
});

it('never seals where background work is off (a staging slot)', async () => {
  const bot = await start('off');
  await bot.stop();
  const { latest } = await sealsIn(dir);
  expect(latest).toBeUndefined();
});
