/** `npm run patches:check -- FILE` as a council's administrator runs it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const DEMO = path.join(ROOT, 'env', 'demo-borough.patches.yaml');

function check(file: string) {
  return spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'src', 'tools', 'patchesCheck.ts'), file],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '--no-deprecation' },
    },
  );
}

it('summarises a good file and exits 0', () => {
  const result = check(DEMO);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(
    'Demo Borough: 8 patches, 28 rules (2 full postcodes, 25 sectors, 1 district, 0 wards), 9 coordinators',
  );
  expect(result.stdout).toContain('Triage: LAC team triage (1 manager)');
  expect(result.stdout).toContain('collier-row-havering-park');
  expect(result.stdout).toContain('Amira Khan (50), Tom Reilly (25)');
  expect(result.stdout).toContain('Report viewers: 1');
  expect(result.stdout).toContain(
    'Unit costs: 7 rows as of 2026-04-01 (ILLUSTRATIVE: not for a real council)',
  );
  // Roles are matched by Entra object id: everyone listed without one is named, with the fix.
  expect(result.stderr).toMatch(
    /^warning: demo-borough\.patches\.yaml:\d+:9 patches\[2\]\.coordinators\[0\]: Leon Barnes has no aadObjectId: .*Add their Entra object id/m,
  );
  expect(result.stderr.match(/has no aadObjectId/g)).toHaveLength(6);
});

it('lists every error with its line, and exits 1', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lac-check-'));
  try {
    const file = path.join(dir, 'council.yaml');
    const broken = readFileSync(DEMO, 'utf8')
      .replace('"RM3 8"', '"RM3 8X"')
      .replace('cover: sam.okafor@demo.gov.uk', 'cover: nobody@demo.gov.uk')
      .replace('"RM13 9"', '"RM13 9", "RM3 7"');
    writeFileSync(file, broken);
    const result = check(file);
    expect(result.status).toBe(1);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.includes('has no aadObjectId'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^error: council\.yaml:\d+:\d+ patches\[0\]\.postcodes\[1\]: "RM3 8X" is not a postcode/,
    );
    expect(result.stderr).toContain('cover nobody@demo.gov.uk is not a coordinator in this directory');
    expect(result.stderr).toContain(
      '"RM3 7" is claimed by both Harold Hill North and Rainham and South Hornchurch',
    );
    expect(lines[3]).toBe('council.yaml: 3 errors; nothing loaded.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('says so when the file cannot be read', () => {
  const result = check('/nonexistent/patches.yaml');
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Cannot read /nonexistent/patches.yaml');
});

describe('--deployment, as the deploy runs it', () => {
  const deploying = (...args: string[]) =>
    spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'src', 'tools', 'patchesCheck.ts'), '--deployment', ...args],
      {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '--no-deprecation' },
      },
    );

  it('refuses no file, and the demo council’s by name or by content', () => {
    const none = deploying('');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(
      "LAC_PATCHES_FILE is not set: a deployment needs the council's own patch file.",
    );
    expect(deploying(DEMO).status).toBe(1);
    const dir = mkdtempSync(path.join(tmpdir(), 'lac-check-'));
    try {
      const copy = path.join(dir, 'ours.patches.yaml');
      writeFileSync(copy, readFileSync(DEMO, 'utf8'));
      const copied = deploying(copy);
      expect(copied.status).toBe(1);
      expect(copied.stderr).toContain("ours.patches.yaml is the demo council's patch directory");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a council’s own file', () => {
    const own = deploying(path.join(ROOT, 'tests', 'fixtures', 'test-council.patches.yaml'));
    expect(own.status).toBe(0);
    expect(own.stdout).toContain('Test Council: 8 patches');
  });
});
