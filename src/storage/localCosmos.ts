/**
 * The embedded local Cosmos DB: `@vercel/cosmosdb-server` on 127.0.0.1, spoken to through
 * `@azure/cosmos` exactly like Azure. For local use only.
 *
 * The server keeps everything in memory, so this module snapshots every database, container and
 * document to a JSON file (written atomically: a temporary file, then a rename) periodically and on
 * shutdown, and restores it at start. The snapshot goes through the public Cosmos API, not the
 * server's internals, so it keeps working whatever the server does inside.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { createCosmosClient } from './cosmos';

/** Any base64 string is accepted by the local server; this one says what it is. */
export const LOCAL_COSMOS_KEY = Buffer.from('lac-front-door-local-only').toString('base64');

interface SnapshotContainer {
  id: string;
  partitionKeyPath: string;
  items: Record<string, unknown>[];
}
interface Snapshot {
  format: 'lac-front-door-local-cosmos/1';
  savedAt: string;
  databases: { id: string; containers: SnapshotContainer[] }[];
}

export interface LocalCosmos {
  endpoint: string;
  key: string;
  client: CosmosClient;
  /** Where the snapshot lives, or undefined when running memory-only (tests). */
  snapshotFile?: string;
  /** Number of documents restored from the snapshot at start. */
  restoredDocuments: number;
  snapshot(): Promise<number>;
  stop(): Promise<void>;
}

export interface LocalCosmosOptions {
  /** Folder for the snapshot; omit for memory-only. */
  dataDir?: string;
  /** How often to write the snapshot; 0 turns periodic snapshots off. */
  snapshotEveryMs?: number;
}

function withoutSystemProperties(item: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (!key.startsWith('_')) copy[key] = value;
  }
  return copy;
}

async function readSnapshot(client: CosmosClient): Promise<Snapshot> {
  const { resources: databases } = await client.databases.readAll().fetchAll();
  const snapshot: Snapshot = {
    format: 'lac-front-door-local-cosmos/1',
    savedAt: new Date().toISOString(),
    databases: [],
  };
  for (const db of databases) {
    const database = client.database(db.id);
    const { resources: containers } = await database.containers.readAll().fetchAll();
    const saved: SnapshotContainer[] = [];
    for (const c of containers) {
      const { resources: items } = await database
        .container(c.id)
        .items.query<Record<string, unknown>>('SELECT * FROM c')
        .fetchAll();
      saved.push({
        id: c.id,
        partitionKeyPath: c.partitionKey?.paths?.[0] ?? '/id',
        items: items.map(withoutSystemProperties),
      });
    }
    snapshot.databases.push({ id: db.id, containers: saved });
  }
  return snapshot;
}

async function restoreSnapshot(client: CosmosClient, snapshot: Snapshot): Promise<number> {
  let count = 0;
  for (const db of snapshot.databases) {
    const { database } = await client.databases.createIfNotExists({ id: db.id });
    for (const c of db.containers) {
      const { container } = await database.containers.createIfNotExists({
        id: c.id,
        partitionKey: { paths: [c.partitionKeyPath] },
      });
      for (const item of c.items) {
        await container.items.upsert(item);
        count++;
      }
    }
  }
  return count;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startLocalCosmos(options: LocalCosmosOptions = {}): Promise<LocalCosmos> {
  const server = createHttpServer();
  const port = await listen(server);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createCosmosClient({ endpoint, key: LOCAL_COSMOS_KEY, database: '', local: true });
  const snapshotFile = options.dataDir ? path.join(options.dataDir, 'local-cosmos.json') : undefined;

  let restoredDocuments = 0;
  if (snapshotFile) {
    let text: string | undefined;
    try {
      text = await readFile(snapshotFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      const parsed = JSON.parse(text) as Snapshot;
      if (parsed.format !== 'lac-front-door-local-cosmos/1') {
        throw new Error(`${snapshotFile} is not a local Cosmos snapshot this version can read`);
      }
      restoredDocuments = await restoreSnapshot(client, parsed);
    }
  }

  let writing: Promise<number> | undefined;
  const snapshot = async (): Promise<number> => {
    if (!snapshotFile) return 0;
    // One write at a time: a periodic snapshot and the shutdown one must not interleave.
    while (writing) await writing.catch(() => undefined);
    writing = (async () => {
      const data = await readSnapshot(client);
      await mkdir(path.dirname(snapshotFile), { recursive: true });
      const temporary = `${snapshotFile}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(data), { mode: 0o600 });
      await rename(temporary, snapshotFile);
      return data.databases.reduce((n, db) => n + db.containers.reduce((m, c) => m + c.items.length, 0), 0);
    })();
    try {
      return await writing;
    } finally {
      writing = undefined;
    }
  };

  const every = options.snapshotEveryMs ?? 15_000;
  const timer =
    snapshotFile && every > 0 ? setInterval(() => void snapshot().catch(() => undefined), every) : undefined;
  timer?.unref();

  let stopped = false;
  return {
    endpoint,
    key: LOCAL_COSMOS_KEY,
    client,
    snapshotFile,
    restoredDocuments,
    snapshot,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      try {
        await snapshot();
      } finally {
        client.dispose();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
