/**
 * axe-core, run in a page Playwright drives: the WCAG 2.2 A and AA rules' violations, as ids with
 * the elements they found, so a failing test says what to fix.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  // Added as a script element's text would be refused by a strict CSP: evaluated instead.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const browser = globalThis as unknown as {
      axe: { run: (...args: unknown[]) => Promise<unknown> };
      document: unknown;
    };
    return (await browser.axe.run(browser.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })) as { passes: unknown[]; violations: { id: string; nodes: { target: string[] }[] }[] };
  });
  // A run that checked nothing would pass anything.
  if (result.passes.length === 0) throw new Error('axe checked nothing on this page');
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}
