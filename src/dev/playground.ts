/**
 * Starts the Microsoft 365 Agents Playground (a local Teams-like web client) pointed at the bot,
 * on loopback only, as a child process that cannot outlive its parent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const LOOPBACK_PRELOAD = path.join(__dirname, 'loopback-only.cjs');

export interface Playground {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  botEndpoint: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder for the Playground's own log file. */
  logDir?: string;
  /** The Playground's people and tenant (default: .m365agentsplayground.yml at the top). */
  configFile?: string;
  onOutput?: (line: string) => void;
}

async function waitUntilServing(url: string, gaveUp: () => boolean): Promise<boolean> {
  while (!gaveUp()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return true;
    } catch {
      // not serving yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const args = [
    '--require',
    LOOPBACK_PRELOAD,
    CLI,
    'start',
    '--app-endpoint',
    options.botEndpoint,
    '--channel-id',
    'msteams',
    '--disable-telemetry',
  ];
  // 0 asks for a free port; the Playground's own default is 56150.
  args.push('--port', String(options.port ?? 56150));
  const logFile = path.join(options.logDir ?? path.join(ROOT, 'devTools'), 'playground.log');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LAC_PARENT_PID: String(process.pid),
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.resolve(
        ROOT,
        options.configFile ?? '.m365agentsplayground.yml',
      ),
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      BOT_ENDPOINT: options.botEndpoint,
    },
  });

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (!line.trim()) continue;
        options.onOutput?.(line);
        const match = /Listening on (\d+)/.exec(line);
        if (match && !settled) {
          const port = Number(match[1]);
          const url = `http://127.0.0.1:${port}`;
          // "Listening" is printed before the Playground reads its config; it is ready when it serves.
          void waitUntilServing(url, () => settled).then((ok) => {
            if (ok && !settled) {
              settled = true;
              resolve({ url, port, process: child, stop });
            }
          });
        }
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    child.once('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`The Agents Playground exited before it was ready (code ${code}); see ${logFile}`));
      }
    });
    setTimeout(() => {
      if (!settled) {
        settled = true;
        void stop();
        reject(new Error('The Agents Playground did not start within 60 seconds'));
      }
    }, 60_000).unref();
  });
}
