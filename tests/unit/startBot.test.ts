/**
 * `npm run start:bot` as a process: fails fast on a bad setting, starts on good ones, and stops
 * cleanly on SIGTERM/SIGINT with its local data saved.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ENTRY = path.join(ROOT, 'src', 'index.ts');

function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '--no-deprecation',
  };
  return { ...env, ...extra };
}

it.each([
  [{ PORT: 'abc' }, /^Configuration error: PORT must be a whole number/],
  [{ BOT_TYPE: 'nonsense' }, /^Configuration error: BOT_TYPE must be one of/],
])('exits non-zero with one line naming the setting: %j', (env, expected) => {
  const result = spawnSync(TSX, [ENTRY], { env: envWith(env), encoding: 'utf8', timeout: 20_000 });
  expect(result.status).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(expected);
});

describe('a deployment (bot credentials) never runs on the demo council', () => {
  const credentials = {
    BOT_ID: '0b9f3a5e-7c1d-4e2f-8a6b-5c4d3e2f1a00',
    BOT_TYPE: 'UserAssignedMsi',
    BOT_TENANT_ID: '6b1c3f0e-5a7d-4c2b-9e41-0d3a8f2c7b10',
    PORT: '0',
  };
  const start = (env: Record<string, string>) =>
    spawnSync(TSX, [ENTRY], { env: envWith({ ...credentials, ...env }), encoding: 'utf8', timeout: 30_000 });

  it.each([
    [{}, /^Configuration error: LAC_PATCHES_FILE is required when BOT_ID is set/],
    [
      { LAC_PATCHES_FILE: 'env/demo-borough.patches.yaml' },
      /^Configuration error: LAC_PATCHES_FILE must be the council's own/,
    ],
  ])('exits 2 with one line naming LAC_PATCHES_FILE: %j', (env, expected) => {
    const result = start(env);
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });

  it('refuses the demo council copied under another name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lac-demo-copy-'));
    try {
      const copy = path.join(dir, 'our-council.patches.yaml');
      await copyFile(path.join(ROOT, 'env', 'demo-borough.patches.yaml'), copy);
      const result = start({ LAC_PATCHES_FILE: copy, LAC_DATA_DIR: dir });
      expect(result.status).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^Configuration error: LAC_PATCHES_FILE is the demo council's patch directory/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

it('starts, answers /healthz, and on SIGTERM saves local data and exits 0', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lac-start-'));
  const child = spawn(TSX, [ENTRY], { env: envWith({ PORT: '0', LAC_DATA_DIR: dataDir }) });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect((await stat(path.join(dataDir, 'local-cosmos.json'))).isFile()).toBe(true);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
