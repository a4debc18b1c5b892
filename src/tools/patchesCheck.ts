/**
 * `npm run patches:check -- FILE`: checks a patch directory file and prints a summary, or every
 * problem with its line and what to do. Exit code 0 when the file can be loaded, 1 when not.
 *
 * `npm run patches:check -- --deployment FILE` (the deploy in m365agents.yml runs it): the same, and
 * the file must be given and must not be the demo council's, by name or by content, because a
 * deployment refuses to start on it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PATCHES_FILE, isDemoDirectory } from '../config';
import {
  type Directory,
  directoryVersion,
  formatProblem,
  parseDirectory,
} from '../domain/directory/directory';
import { ukToday } from '../domain/directory/routing';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

export function summarise(directory: Directory, today = ukToday()): string {
  const rules = directory.patches.flatMap((p) => p.rules);
  const count = (kind: string) => rules.filter((r) => r.kind === kind).length;
  const wards = directory.patches.reduce((n, p) => n + p.wards.length, 0);
  const people = new Map(directory.patches.flatMap((p) => p.coordinators.map((c) => [c.email, c] as const)));
  const away = [...people.values()].filter(
    (c) => c.away && c.away.from <= today && today <= c.away.to,
  ).length;
  const lines = [
    `${directory.area}: ${plural(directory.patches.length, 'patch', 'patches')}, ${plural(rules.length + wards, 'rule')} (${plural(count('postcode'), 'full postcode')}, ${plural(count('sector'), 'sector')}, ${plural(count('district'), 'district')}, ${plural(wards, 'ward')}), ${plural(people.size, 'coordinator')} (${away} away today)`,
    `Triage: ${directory.triage.name} (${plural(directory.triage.managers.length, 'manager')})`,
    `Report viewers: ${directory.reportViewers.length}`,
    directory.unitCosts
      ? `Unit costs: ${plural(directory.unitCosts.rows.length, 'row')} as of ${directory.unitCosts.asOf}${directory.unitCosts.illustrative ? ' (ILLUSTRATIVE: not for a real council)' : ''}`
      : 'Unit costs: none (costs avoided are counted, not costed)',
    `Version: ${directory.version}`,
    '',
  ];
  for (const patch of directory.patches) {
    const who =
      patch.coordinators.map((c) => `${c.name} (${c.capacity})`).join(', ') || 'no coordinator: triage';
    const where = [...patch.rules.map((r) => r.value), ...patch.wards].join(', ');
    lines.push(`  ${patch.id.padEnd(28)} ${patch.name}`);
    lines.push(`  ${''.padEnd(28)} ${where}`);
    lines.push(`  ${''.padEnd(28)} ${who}`);
  }
  return lines.join('\n');
}

function main(argv: string[]): number {
  const deployment = argv[0] === '--deployment';
  const given = deployment ? argv[1] : argv[0];
  if (deployment && !given?.trim()) {
    process.stderr.write("LAC_PATCHES_FILE is not set: a deployment needs the council's own patch file.\n");
    return 1;
  }
  const file = path.resolve(given ?? DEMO_PATCHES_FILE);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  if (deployment && (file === DEMO_PATCHES_FILE || isDemoDirectory(directoryVersion(content)))) {
    process.stderr.write(
      `${path.basename(file)} is the demo council's patch directory: a deployment needs the council's own.\n`,
    );
    return 1;
  }
  const result = parseDirectory(content);
  const name = path.basename(file);
  for (const warning of result.warnings) process.stderr.write(`warning: ${formatProblem(name, warning)}\n`);
  if (!result.ok) {
    for (const error of result.errors) process.stderr.write(`error: ${formatProblem(name, error)}\n`);
    process.stderr.write(
      `${name}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing loaded.\n`,
    );
    return 1;
  }
  process.stdout.write(`${summarise(result.directory)}\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
