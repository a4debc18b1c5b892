/**
 * Telemetry to Application Insights through OpenTelemetry (Azure Monitor distro), when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set: incoming requests, dependencies (Cosmos DB through
 * the Azure SDK instrumentation, the Bot Connector and Entra ID through HTTP), and custom events for
 * introduction state changes. Events carry ids, states and patch ids, never personal data; the ids
 * in dependency URLs (conversations, members, documents) are scrubbed before export
 * (src/telemetryScrub.ts says why).
 *
 * It must start before the modules it instruments are loaded: src/index.ts starts it first and
 * loads the rest of the app afterwards.
 */
import { logs } from '@opentelemetry/api-logs';
import { scrubbingSpanProcessor } from './telemetryScrub';

export type EventProperties = Record<string, string | number | boolean | undefined>;

export interface Telemetry {
  /** A custom event (Application Insights customEvents). */
  event(name: string, properties: EventProperties): void;
  shutdown(): Promise<void>;
}

export const noTelemetry: Telemetry = {
  event: () => undefined,
  shutdown: async () => undefined,
};

/** The attribute that makes the Azure Monitor exporter send a log record as a custom event. */
const CUSTOM_EVENT_NAME = 'microsoft.custom_event.name';

export function eventAttributes(
  name: string,
  properties: EventProperties,
): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = { [CUSTOM_EVENT_NAME]: name };
  for (const [key, value] of Object.entries(properties)) if (value !== undefined) attributes[key] = value;
  return attributes;
}

export async function startAzureMonitor(
  connectionString: string,
  auth: 'key' | 'entra' = 'key',
): Promise<Telemetry> {
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  // With Application Insights' local auth off, telemetry is sent as the app's managed identity
  // (AZURE_CLIENT_ID names it), which holds Monitoring Metrics Publisher on the resource.
  const credential =
    auth === 'entra' ? new (await import('@azure/identity')).DefaultAzureCredential() : undefined;
  // The distro sets every Azure SDK's log level to "warning" unless told otherwise, and Cosmos DB
  // logs each expected 404 (a container that exists already, a lease not taken yet) as a warning
  // line on stderr, outside the app's structured logs. Errors only, unless an operator asks.
  if (!process.env.AZURE_LOG_LEVEL) process.env.APPLICATIONINSIGHTS_INSTRUMENTATION_LOGGING_LEVEL ??= 'ERROR';
  // The cloud role name Application Insights shows (otherwise "unknown_service:<path to node>").
  process.env.OTEL_SERVICE_NAME ??= 'lac-front-door';
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString, ...(credential ? { credential } : {}) },
    instrumentationOptions: { http: { enabled: true }, azureSdk: { enabled: true } },
    enableLiveMetrics: false,
    spanProcessors: [scrubbingSpanProcessor],
  });
  const logger = logs.getLogger('lac-front-door');
  return {
    event: (name, properties) => logger.emit({ body: name, attributes: eventAttributes(name, properties) }),
    shutdown: () => shutdownAzureMonitor(),
  };
}
