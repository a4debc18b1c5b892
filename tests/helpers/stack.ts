/**
 * The `npm start` stack as a child process (bot + embedded Cosmos DB + Agents Playground), on free
 * ports and a temporary data folder, for end-to-end tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface LocalStack {
  playgroundUrl: string;
  botEndpoint: string;
  output: () => string;
  process: ChildProcess;
  /** Ctrl-C, as a person would; resolves with the exit code. */
  interrupt(): Promise<number | null>;
  dispose(): Promise<void>;
}

/**
 * `seed` writes into the data folder before the stack starts (for example a local Cosmos DB
 * snapshot, `local-cosmos.json`, that the bot restores as it would after a restart).
 */
export async function startLocalStack(
  env: Record<string, string> = {},
  seed?: (dataDir: string) => Promise<void>,
): Promise<LocalStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lac-e2e-'));
  await seed?.(dataDir);
  // Node itself with tsx's loader, not the tsx command: the command relays Ctrl-C to its child and,
  // if the child is too busy to answer within 30 ms, kills it outright (exit 130, nothing saved).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'dev', 'start.ts')], {
    cwd: ROOT,
    // Its own process group, so dispose can end tsx's child and the Playground with it.
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_OPTIONS: '--no-deprecation',
      PORT: '0',
      PLAYGROUND_PORT: '0',
      LAC_DATA_DIR: dataDir,
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const urls = await new Promise<{ playgroundUrl: string; botEndpoint: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      const playground = /Open the Agents Playground:\s+(\S+)/.exec(output)?.[1];
      const bot = /Bot endpoint:\s+(\S+)/.exec(output)?.[1];
      if (playground && bot) {
        clearTimeout(timer);
        resolve({ playgroundUrl: playground, botEndpoint: bot });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited (${code}) before it was ready:\n${output}`));
    });
  });

  const interrupt = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    return exited;
  };
  return {
    ...urls,
    output: () => output,
    process: child,
    interrupt,
    // After a failed test the stack may still run: Ctrl-C first, then the whole process group. (Killing
    // only tsx with SIGKILL left its child, the bot, and the Playground running for good.)
    dispose: async () => {
      const group = child.pid;
      if (child.exitCode === null && child.signalCode === null && group !== undefined) {
        const signalGroup = (signal: NodeJS.Signals) => {
          try {
            process.kill(-group, signal);
          } catch {
            // already gone
          }
        };
        signalGroup('SIGINT');
        const stopped = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
        ]);
        if (!stopped) signalGroup('SIGKILL');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
