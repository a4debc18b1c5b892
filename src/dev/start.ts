/**
 * `npm start`: the bot, its embedded local Cosmos DB and Azurite (the audit's seals), and the
 * Microsoft 365 Agents Playground, all on loopback. Ctrl-C stops the Playground, saves the local data and stops the Cosmos server.
 */
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { startBot } from '../main';
import { startPlayground } from './playground';

async function run(): Promise<void> {
  const began = performance.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const bot = await startBot(config, logger);
  const botEndpoint = `http://127.0.0.1:${bot.server.port}/api/messages`;
  let playground: Awaited<ReturnType<typeof startPlayground>>;
  try {
    playground = await startPlayground({
      botEndpoint,
      port: Number(process.env.PLAYGROUND_PORT ?? 56150),
      // Who you are in the Playground: PLAYGROUND_CONFIG names another file, for example one where
      // you are the triage manager.
      configFile: process.env.PLAYGROUND_CONFIG || undefined,
    });
  } catch (error) {
    await bot.stop();
    throw error;
  }
  const readyMs = Math.round(performance.now() - began);
  process.stdout.write(
    [
      '',
      '  LAC Front Door is running locally.',
      '',
      `  Open the Agents Playground:  ${playground.url}`,
      `  Residents' pages:            ${bot.server.url}/introduce`,
      `  Bot endpoint:                ${botEndpoint}`,
      `  Local Cosmos DB data:        ${bot.localCosmos?.snapshotFile ?? config.cosmos.endpoint} ${bot.localCosmos ? '(local use only)' : ''}`,
      `  Audit seals (Azurite):       ${bot.localBlob?.folder ?? config.sealStorageUrl ?? 'in memory'}`,
      `  Ready in ${readyMs} ms. Press Ctrl-C to stop.`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n  Stopping: Playground, bot, local Cosmos DB (saving data)...\n');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await playground.stop();
      await bot.stop();
      process.stdout.write('  Stopped.\n');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

run().catch((error: unknown) => {
  process.stderr.write(
    `LAC Front Door could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
