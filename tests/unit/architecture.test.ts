/**
 * The house's rules, as `npm run lint` enforces them (biome.json): no import circle in src/ (types
 * included), and layers that point down only (docs/architecture.md#layers). The lint runs in CI on
 * the real tree; this proves the rules bite, by linting a small tree that breaks each one with the
 * project's own configuration, and that the real src/ keeps them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIOME = path.join(ROOT, 'node_modules', '.bin', 'biome');

interface Finding {
  file: string;
  rule: string;
}

/**
 * Lints `src/` of a folder: the project itself, or a scratch tree given the project's biome.json
 * (without VCS: a scratch tree is not a git checkout).
 */
function lint(dir: string): Finding[] {
  if (dir !== ROOT) {
    const config = JSON.parse(readFileSync(path.join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
    config.vcs = { enabled: false };
    writeFileSync(path.join(dir, 'biome.json'), JSON.stringify(config));
  }
  let out: string;
  try {
    out = execFileSync(BIOME, ['lint', '--reporter=json', '--max-diagnostics=none', 'src'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(out) as {
    diagnostics: { category: string; location: { path: { file: string } | string } }[];
  };
  return report.diagnostics.map((d) => ({
    file: typeof d.location.path === 'string' ? d.location.path : d.location.path.file,
    rule: d.category,
  }));
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lac-architecture-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const CYCLE = 'lint/suspicious/noImportCycles';
const LAYER = 'lint/style/noRestrictedImports';

describe('the house rules, as npm run lint enforces them', () => {
  let dir: string;
  let findings: Finding[];
  beforeAll(() => {
    dir = tree({
      // A circle through type-only imports still counts: types shape what a file may know.
      'src/domain/introductions/a.ts': "import type { B } from './b';\nexport type A = { b?: B };\n",
      'src/domain/introductions/b.ts': "import type { A } from './a';\nexport type B = { a?: A };\n",
      // Each layer reaching up.
      'src/domain/reports/up.ts':
        "import type { Store } from '../../storage/cosmos';\nexport type S = Store | undefined;\n",
      'src/domain/reports/logs.ts': "import type { Logger } from '../../logger';\nexport type L = Logger;\n",
      'src/domain/reports/io.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'src/storage/records/up.ts': "import { X } from '../../services/records/x';\nexport const y = X;\n",
      'src/services/outbox/up.ts': "import { app } from '../../bot/app';\nexport const y = app;\n",
      'src/services/outbox/teams.ts':
        "import { TurnContext } from 'botbuilder';\nexport const t = TurnContext;\n",
      'src/bot/offers/up.ts': "import { startBot } from '../../main';\nexport const s = startBot;\n",
      'src/logger.ts': "import { y } from './services/outbox/up';\nexport const l = y;\n",
      // Allowed: down a layer, across features within a layer, the layer's own root.
      'src/services/records/ok.ts':
        "import type { Introduction } from '../../domain/introductions/introduction';\nimport { lease } from '../leasedSchedule';\nimport type { Store } from '../../storage/cosmos';\nexport type Ok = [Introduction, Store, typeof lease];\n",
      'src/bot/records/ok.ts':
        "import { offers } from '../offers/offers';\nimport { actorOf } from '../identity';\nimport type { S } from '../../services/records/ok';\nexport const ok = [offers, actorOf] as const;\nexport type T = S;\n",
    });
    findings = lint(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const has = (file: string, rule: string) =>
    findings.some((f) => f.file.replaceAll('\\', '/').endsWith(file) && f.rule === rule);

  test('an import circle fails, type-only imports included', () => {
    expect(has('src/domain/introductions/a.ts', CYCLE)).toBe(true);
    expect(has('src/domain/introductions/b.ts', CYCLE)).toBe(true);
  });

  test('an import from a lower layer to a higher one fails', () => {
    expect(has('src/domain/reports/up.ts', LAYER)).toBe(true);
    expect(has('src/domain/reports/logs.ts', LAYER)).toBe(true);
    expect(has('src/storage/records/up.ts', LAYER)).toBe(true);
    expect(has('src/services/outbox/up.ts', LAYER)).toBe(true);
    expect(has('src/bot/offers/up.ts', LAYER)).toBe(true);
    expect(has('src/logger.ts', LAYER)).toBe(true);
  });

  test('the domain does no I/O, and the Teams SDK stays at the edge', () => {
    expect(has('src/domain/reports/io.ts', LAYER)).toBe(true);
    expect(has('src/services/outbox/teams.ts', LAYER)).toBe(true);
  });

  test('down a layer, across features of a layer and from its root pass', () => {
    expect(
      findings.filter((f) => f.file.endsWith('ok.ts') && (f.rule === CYCLE || f.rule === LAYER)),
    ).toEqual([]);
  });

  test('the real src/ keeps every rule', () => {
    const real = lint(ROOT).filter((f) => f.rule === CYCLE || f.rule === LAYER);
    expect(real).toEqual([]);
  });
});
