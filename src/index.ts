/**
 * `npm run start:bot` (and `node lib/index.js` in Azure): the bot alone.
 * Exits non-zero with one line naming the setting when the configuration is wrong.
 */
import { ConfigError, loadConfig } from './config';
import { noTelemetry, startAzureMonitor } from './telemetry';

async function run(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // Telemetry first: it instruments http and the Azure SDK as they load, so the app loads after it.
  const telemetry = config.appInsightsConnectionString
    ? await startAzureMonitor(config.appInsightsConnectionString, config.appInsightsAuth)
    : noTelemetry;
  const { createLogger } = await import('./logger');
  const { startBot } = await import('./main');
  const logger = createLogger(config.logLevel);
  const bot = await startBot(config, logger, { telemetry });

  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    bot
      .stop()
      // Telemetry that cannot be flushed (Application Insights unreachable) is lost, but the bot
      // itself stopped cleanly: a warning, not a failed stop.
      .then(() =>
        telemetry
          .shutdown()
          .catch((error: unknown) => logger.warn({ err: error }, 'telemetry not flushed at stop')),
      )
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

run().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `LAC Front Door could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
