/**
 * Validates an Adaptive Card the way a client would: parsed by the `adaptivecards` library (no DOM
 * needed with the dist build), plus the rules this product holds itself to: version 1.5 (Teams),
 * every input labelled, every required input with an error message, every Action.Execute with a
 * verb, and no template expression left unexpanded.
 */
import type * as AdaptiveCards from 'adaptivecards';
import { chartSchema } from '../../src/bot/reports/charts';

// The package's main entry needs a DOM; its dist build parses and validates without one, but ships
// no module typings, so it is typed with the main entry's declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/**
 * Teams' Chart.* elements checked with the product's own schema (src/bot/reports/charts.ts), each
 * replaced by its fallback: the `adaptivecards` parser does not know charts and would drop them, so
 * a chart never reaches it. The fallback must show the chart's numbers.
 */
export function chartsAsFallbacks(card: unknown, problems: string[]): unknown {
  const replace = (node: unknown, where: string): unknown => {
    if (Array.isArray(node)) return node.map((child, i) => replace(child, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return node;
    const element = node as Record<string, unknown>;
    if (typeof element.type === 'string' && element.type.startsWith('Chart.')) {
      const parsed = chartSchema.safeParse(element);
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          problems.push(`${where}: ${element.type} ${issue.path.join('.')}: ${issue.message}`);
      else {
        const shown = JSON.stringify(element.fallback);
        const values =
          parsed.data.type === 'Chart.Donut'
            ? parsed.data.data.map((d) => d.value)
            : parsed.data.data.map((d) => d.y);
        for (const value of values)
          if (!shown.includes(`"${value.toLocaleString('en-GB')}`))
            problems.push(`${where}: ${element.type}'s fallback does not show ${value}`);
      }
      return replace(element.fallback, `${where}.fallback`);
    }
    return Object.fromEntries(
      Object.entries(element).map(([key, value]) => [key, replace(value, `${where}.${key}`)]),
    );
  };
  return replace(card, '$');
}

export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = chartsAsFallbacks(card, problems) as Record<string, unknown>;
  if (json?.type !== 'AdaptiveCard') problems.push('not an AdaptiveCard');
  if (json?.version !== '1.5')
    problems.push(`version is ${String(json?.version)}, expected 1.5 (what Teams renders)`);

  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents)
    problems.push(`validate: ${event.message}`);

  const walk = (node: unknown, where: string) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) walk(child, `${where}[${i}]`);
      return;
    }
    if (!node || typeof node !== 'object') {
      if (typeof node === 'string' && /\$\{[^}]*\}/.test(node))
        problems.push(`${where}: unexpanded template "${node}"`);
      return;
    }
    const element = node as Record<string, unknown>;
    const type = typeof element.type === 'string' ? element.type : '';
    if (type.startsWith('Input.')) {
      if (!element.id) problems.push(`${where}: ${type} without id`);
      if (!element.label) problems.push(`${where}: ${type} "${String(element.id)}" without a label`);
      if (element.isRequired && !element.errorMessage) {
        problems.push(`${where}: required ${type} "${String(element.id)}" without an errorMessage`);
      }
    }
    if (type === 'Action.Execute' && !element.verb) problems.push(`${where}: Action.Execute without a verb`);
    for (const [key, value] of Object.entries(element)) walk(value, `${where}.${key}`);
  };
  walk(json, '$');
  return problems;
}
