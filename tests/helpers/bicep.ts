/**
 * infra/azure.bicep read as text, resource by resource. No Bicep compiler is reachable from these
 * machines, so tests read the declarations the way a reviewer would: each resource with its type,
 * its decorators, its loop, its body and what it depends on (explicitly, or by naming another
 * resource). It understands the layout the file keeps (a resource starts at `resource` in the first
 * column and ends at the next `}` or `}]` there), not all of Bicep.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const INFRA = path.resolve(__dirname, '..', '..', 'infra');
export const bicep = readFileSync(path.join(INFRA, 'azure.bicep'), 'utf8');

export interface BicepResource {
  symbol: string;
  /** `Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments` */
  type: string;
  decorators: string[];
  /** `container in filter(containers, c => c.id != 'audit')` for a loop. */
  loop?: string;
  /** The condition of `= if (...)`. */
  condition?: string;
  body: string;
  /** Other resources it waits for: its `dependsOn`, and every resource its body names. */
  dependsOn: Set<string>;
}

/** A line with its comment dropped and each string replaced by its interpolations. */
function namesIn(line: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (!inString && c === '/' && line[i + 1] === '/') break;
    if (c === "'") {
      inString = !inString;
      out += ' ';
    } else if (inString && c === '$' && line[i + 1] === '{') {
      const close = line.indexOf('}', i);
      out += ` ${line.slice(i + 2, close)} `;
      i = close;
    } else if (!inString) out += c;
  }
  return out;
}

export function bicepResources(text = bicep): BicepResource[] {
  const lines = text.split('\n');
  const found: BicepResource[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^resource (\w+) '([^'@]+)@[^']+' = (?:\[for (.+?):\s*)?(?:if \((.+)\)\s*)?\{/.exec(
      lines[i] ?? '',
    );
    if (!head) continue;
    const decorators: string[] = [];
    for (let j = i - 1; j >= 0 && (lines[j] ?? '').startsWith('@'); j--) decorators.unshift(lines[j] ?? '');
    let end = i;
    while (end < lines.length && !/^\}\]?$/.test(lines[end] ?? '')) end++;
    const body = lines.slice(i, end + 1).join('\n');
    found.push({
      symbol: head[1] ?? '',
      type: head[2] ?? '',
      decorators,
      ...(head[3] ? { loop: head[3] } : {}),
      ...(head[4] ? { condition: head[4] } : {}),
      body,
      dependsOn: new Set(),
    });
    i = end;
  }
  const symbols = found.map((r) => r.symbol);
  for (const resource of found) {
    // What the body names: comments dropped, and of each string only its interpolations.
    const inner = resource.body.split('\n').slice(1).map(namesIn).join('\n');
    for (const other of symbols) {
      if (other !== resource.symbol && new RegExp(`\\b${other}\\b(?!:)`).test(inner))
        resource.dependsOn.add(other);
    }
  }
  return found;
}

/** Whether `from` waits for `to`, directly or through others. */
export function waitsFor(resources: readonly BicepResource[], from: string, to: string): boolean {
  const bySymbol = new Map(resources.map((r) => [r.symbol, r]));
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const at = bySymbol.get(stack.pop() as string);
    if (!at) continue;
    for (const next of at.dependsOn) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

function quoted(line: string): string[] {
  return [...line.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
}

/** The `containers` variable: each container's id, partition key and indexed paths. */
export function bicepContainers(text = bicep) {
  const block = /var containers = \[\n([\s\S]*?)\n\]\n/.exec(text)?.[1] ?? '';
  const entries = block.split(/\n\s*\}\n\s*\{\n/);
  return entries.map((entry) => {
    const line = (key: string) => entry.split('\n').find((l) => l.trim().startsWith(`${key}:`)) ?? '';
    return {
      id: quoted(line('id'))[0] as string,
      partitionKeyPath: quoted(line('partitionKeyPath'))[0] as string,
      includedPaths: quoted(line('includedPaths')),
    };
  });
}

/** A `param` line's default, as written. */
export function paramDefault(name: string, text = bicep): string | undefined {
  return new RegExp(`^param ${name} \\w+ = (.+)$`, 'm').exec(text)?.[1];
}
