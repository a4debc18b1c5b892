/**
 * What leaves for Application Insights carries no personal data: the spans of dependencies and
 * requests are scrubbed before they are exported.
 *
 * Decision (issue 15): scrub, do not keep. The Bot Connector's URLs carry the conversation id
 * (`a:1…` for a personal chat, which Teams makes per person), the member id of the person asked
 * about (`29:1…`) and activity ids; Cosmos DB's URLs carry document ids, and some of those are
 * made of a person's email (`pin:<email>` in the people container). Each of these identifies a
 * member of staff or leads to a chat about a resident, so each is personal data, and none is needed
 * to see that a dependency is slow or failing: the operation, the container and the status are.
 * So every id in a path becomes a placeholder (`:conversation`, `:member`, `:activity`, `:id`, as in a route),
 * every query string is dropped (managed identity and token requests put client ids there), and
 * any email address left in a string (an exception's message) becomes `{email}`.
 *
 * Microsoft documents changing a span's attributes in a span processor's `onEnd` (Azure Monitor
 * OpenTelemetry, "Add a custom property to a Span"); the processor runs before the batch exporter
 * sends anything.
 */

/** The parts of an ended span this reads and rewrites (OpenTelemetry's ReadableSpan). */
export interface ScrubbableSpan {
  readonly attributes: Record<string, unknown>;
  readonly events: readonly { attributes?: Record<string, unknown> }[];
}

const PATH_IDS: [RegExp, string][] = [
  [/(\/conversations\/)[^/?#\s"']+/g, '$1:conversation'],
  // A monthly report's or a subject access export's download link: a bearer token for 10 minutes.
  [/(\/(?:reports|subject-access)\/)[A-Za-z0-9_-]{20,}/g, '$1:token'],
  [/(\/members\/)[^/?#\s"']+/g, '$1:member'],
  [/(\/activities\/)[^/?#\s"']+/g, '$1:activity'],
  [/(\/(?:docs|attachments|pkranges)\/)[^/?#\s"']+/g, '$1:id'],
  [/(\/users\/)[^/?#\s"']+/g, '$1:user'],
];
/** A query string after a URL or a path (`http.target` has no host). */
const QUERY = /(\/[^\s?#"']*)\?[^\s#"']*/g;
const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** One string with its ids, query strings and email addresses replaced. */
export function scrubTelemetryText(text: string): string {
  let scrubbed = text.replace(QUERY, '$1');
  for (const [pattern, replacement] of PATH_IDS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed.replace(EMAIL, '{email}');
}

/** Attributes that are a query string on their own (OpenTelemetry's semantic conventions). */
const DROPPED = new Set(['url.query']);

function scrubAttributes(attributes: Record<string, unknown> | undefined): void {
  if (!attributes) return;
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED.has(key)) delete attributes[key];
    else if (typeof value === 'string') attributes[key] = scrubTelemetryText(value);
    else if (Array.isArray(value))
      attributes[key] = value.map((v: unknown) => (typeof v === 'string' ? scrubTelemetryText(v) : v));
  }
}

/** Rewrites an ended span's attributes and its events' (exceptions) in place. */
export function scrubSpan(span: ScrubbableSpan): void {
  scrubAttributes(span.attributes);
  for (const event of span.events) scrubAttributes(event.attributes);
}

/** A span processor (OpenTelemetry's SpanProcessor interface) that scrubs every span as it ends. */
export const scrubbingSpanProcessor = {
  onStart: (): void => undefined,
  onEnd: (span: ScrubbableSpan): void => scrubSpan(span),
  forceFlush: async (): Promise<void> => undefined,
  shutdown: async (): Promise<void> => undefined,
};
