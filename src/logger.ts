/**
 * Structured JSON logs (pino). Logs are for operators: they carry ids, states and counts, never a
 * resident's or a professional's personal data. Anything that might hold it (activity text, card
 * inputs, names, emails) is redacted here as a second line of defence; the first is simply not
 * passing it to the logger.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'text',
  '*.text',
  'value',
  '*.value',
  'name',
  '*.name',
  'email',
  '*.email',
  'from.name',
  'recipient.name',
  'attachments',
  '*.attachments',
  'headers.authorization',
  '*.headers.authorization',
  'password',
  '*.password',
  'key',
  '*.key',
];

/**
 * Errors keep their type, message, codes and stack only. SDK errors (the Bot Connector's RestError,
 * Cosmos DB's ErrorResponse) carry the request they failed on, and a request's body can be a card
 * with a resident's details: pino's default serializer would log all of it.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined ? { code } : {}),
    ...(statusCode !== undefined ? { statusCode } : {}),
    stack: error.stack,
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'lac-front-door' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
    },
    destination,
  );
}
