import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type DirectoryProblem,
  formatProblem,
  parseDirectory,
  RESIDENT_LIMITS,
} from '../../src/domain/directory/directory';

const DEMO = readFileSync(path.resolve(__dirname, '..', '..', 'env', 'demo-borough.patches.yaml'), 'utf8');

const header = `area: Test Borough
safeguarding: "Call 999 in an emergency."
triage:
  name: LAC team triage
  managers:
    - { name: Priya Shah, email: priya.shah@test.gov.uk }
patches:
`;

function problems(yaml: string): { errors: DirectoryProblem[]; warnings: DirectoryProblem[] } {
  const result = parseDirectory(yaml);
  return { errors: result.ok ? [] : result.errors, warnings: result.warnings };
}

describe('the demo council', () => {
  const result = parseDirectory(DEMO);
  it('parses with no errors, and warns only for each person listed without an object id', () => {
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.message.split(' has no ')[0])).toEqual([
      'Leon Barnes',
      'Tom Reilly',
      'Ola Adeyemi',
      'Gareth Lewis',
      'Chloe Martin',
      'Ben Clarke',
    ]);
    for (const warning of result.warnings) {
      expect(warning.message).toMatch(
        /has no aadObjectId: they are matched by email from the council's own tenant only/,
      );
    }
  });

  it('warns for a triage manager without an object id, and once for a coordinator listed twice', () => {
    const yaml = DEMO.replace(
      /- \{ name: Priya Shah, email: priya\.shah@demo\.gov\.uk, aadObjectId: [0-9a-f-]+ \}/,
      '- { name: Priya Shah, email: priya.shah@demo.gov.uk }',
    );
    expect(yaml).not.toBe(DEMO);
    const warned = parseDirectory(yaml).warnings.filter((w) =>
      w.message.startsWith('Priya Shah has no aadObjectId'),
    );
    expect(warned.map((w) => w.path)).toEqual(['triage.managers[0]']);
  });

  it('has what the demo needs: 8 patches, exceptions, a two-person patch, someone away with cover, triage', () => {
    if (!result.ok) throw new Error('demo does not parse');
    const { directory } = result;
    expect(directory.area).toBe('Demo Borough');
    expect(directory.patches).toHaveLength(8);
    expect(directory.patches.some((p) => p.rules.some((r) => r.kind === 'postcode'))).toBe(true);
    expect(directory.patches.some((p) => p.coordinators.length === 2)).toBe(true);
    expect(directory.patches.flatMap((p) => p.coordinators).some((c) => c.away?.cover)).toBe(true);
    expect(directory.triage.managers.length).toBeGreaterThan(0);
    expect(directory.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('versions the file by its content', () => {
    const again = parseDirectory(`${DEMO}\n# a comment changes the version\n`);
    expect(again.ok && result.ok && again.directory.version !== result.directory.version).toBe(true);
  });
});

describe('normalising', () => {
  it('normalises rules, lower-cases emails, defaults capacity to 50, keeps dates as ISO text', () => {
    const result = parseDirectory(`${header}  - id: one
    name: One
    postcodes: ["rm37ab", " rm3  8 ", "rm4"]
    coordinators:
      - name: Tammy Hughes
        email: Tammy.Hughes@Test.gov.uk
        away: { from: 2026-12-21, to: 2027-01-01 }
`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [patch] = result.directory.patches;
    expect(patch?.rules).toEqual([
      { kind: 'postcode', value: 'RM3 7AB' },
      { kind: 'sector', value: 'RM3 8' },
      { kind: 'district', value: 'RM4' },
    ]);
    expect(patch?.coordinators[0]).toEqual({
      name: 'Tammy Hughes',
      email: 'tammy.hughes@test.gov.uk',
      capacity: 50,
      away: { from: '2026-12-21', to: '2027-01-01' },
    });
  });
});

describe('every problem, with its line and what to do', () => {
  const ambiguous = `${header}  - id: alpha
    name: Alpha
    postcodes: ["RM3 7", "RM3 7X", "RM3 8"]
    coordinators:
      - { name: Tam Hughes, email: tam@test.gov.uk, capacity: 10, away: { from: 2026-01-01, to: 2026-01-05, cover: nobody@test.gov.uk } }
  - id: alpha
    name: Beta
    postcodes: ["RM3 8"]
    coordinators:
      - { name: Tammy Hughes, email: tam@test.gov.uk }
  - id: gamma
    name: Gamma
    colour: blue
    postcodes: ["RM4"]
  - id: delta
    name: Delta
    postcodes: ["RM5"]
`;
  const { errors, warnings } = problems(ambiguous);
  const find = (path: string) => errors.find((e) => e.path === path);

  it('reports a bad postcode rule with the line, what was typed and examples', () => {
    expect(find('patches[0].postcodes[1]')).toMatchObject({ line: 10 });
    expect(find('patches[0].postcodes[1]')?.message).toContain(
      '"RM3 7X" is not a postcode, sector or district',
    );
    expect(find('patches[0].postcodes[1]')?.message).toContain('"RM3 7AB"');
  });

  it('refuses two patches claiming the same rule', () => {
    expect(find('patches[1].postcodes[0]')?.message).toContain('"RM3 8" is claimed by both Alpha and Beta');
    expect(find('patches[1].postcodes[0]')?.line).toBe(15);
  });

  it('refuses duplicate patch ids', () => {
    expect(find('patches[1].id')?.message).toContain('duplicate patch id "alpha"');
  });

  it('refuses a person in two patches with conflicting details', () => {
    expect(find('patches[1].coordinators[0]')?.message).toContain(
      'tam@test.gov.uk is in two patches with different details',
    );
    expect(find('patches[1].coordinators[0]')?.message).toContain('capacity 10 vs 50');
  });

  it('refuses a cover person who does not exist', () => {
    expect(find('patches[0].coordinators[0].away.cover')?.message).toContain(
      'cover nobody@test.gov.uk is not a coordinator',
    );
  });

  it('refuses unknown keys, pointing at the key', () => {
    expect(find('patches[2].colour')).toMatchObject({
      line: 20,
      message: expect.stringContaining('unknown key "colour"'),
    });
  });

  it('warns, without failing, about a patch with no coordinator', () => {
    expect(warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        'Gamma has no coordinator: its introductions go to LAC team triage',
        'Delta has no coordinator: its introductions go to LAC team triage',
      ]),
    );
  });

  it('lists problems in file order, formatted for a terminal', () => {
    const lines = errors.map((e) => e.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(formatProblem('patches.yaml', errors[0] as DirectoryProblem)).toMatch(
      /^patches\.yaml:\d+:\d+ patches\[0\]/,
    );
  });

  it('allows a no-coordinator patch on its own', () => {
    const result = parseDirectory(`${header}  - id: vacant
    name: Vacant
    postcodes: ["RM14 1"]
`);
    expect(result.ok).toBe(true);
    expect(result.warnings.filter((w) => !w.message.includes('has no aadObjectId'))).toHaveLength(1);
  });
});

describe('other mistakes councils make', () => {
  it.each([
    [
      'away dates the wrong way round',
      `    coordinators:\n      - { name: A, email: a@t.gov.uk, away: { from: 2027-01-05, to: 2027-01-01 } }\n`,
      'away.from must be on or before away.to',
    ],
    [
      'a date that is not a date',
      `    coordinators:\n      - { name: A, email: a@t.gov.uk, away: { from: 2027-02-30, to: 2027-03-01 } }\n`,
      'is not a real date',
    ],
    [
      'an email that is not one',
      `    coordinators:\n      - { name: A, email: a-at-t.gov.uk }\n`,
      'must be an email address',
    ],
    [
      'a capacity of nought',
      `    coordinators:\n      - { name: A, email: a@t.gov.uk, capacity: 0 }\n`,
      'capacity must be at least 1',
    ],
    [
      'covering for oneself',
      `    coordinators:\n      - { name: A, email: a@t.gov.uk, away: { from: 2027-01-01, to: 2027-01-02, cover: a@t.gov.uk } }\n`,
      'cannot cover for themselves',
    ],
    ['a ward code that is not one', `    wards: ["Harold Wood"]\n`, 'must be an ONS ward code'],
    [
      'one Entra account given to two people',
      `    coordinators:\n      - { name: A, email: a@t.gov.uk, aadObjectId: 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01 }\n      - { name: B, email: b@t.gov.uk, aadObjectId: 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01 }\n`,
      'B has the same aadObjectId as A (patches[0].coordinators[0]): one Entra account is one person',
    ],
  ])('%s', (_name, lines, expected) => {
    const { errors } = problems(`${header}  - id: one\n    name: One\n    postcodes: ["RM3 7"]\n${lines}`);
    expect(errors.map((e) => e.message).join('\n')).toContain(expected);
  });

  it('reports YAML syntax errors with their line', () => {
    const { errors } = problems(`${header}  - id: one\n    name: "unclosed\n`);
    expect(errors[0]?.message).toMatch(/^YAML:/);
    expect(errors[0]?.line).toBeGreaterThan(0);
  });

  it('names missing top-level sections', () => {
    const { errors } = problems('area: X\n');
    const text = errors.map((e) => `${e.path}: ${e.message}`).join('\n');
    expect(text).toContain('safeguarding');
    expect(text).toContain('triage');
    expect(text).toContain('patches');
  });

  it('refuses two patches claiming the same ward', () => {
    const { errors } = problems(
      `${header}  - id: one\n    name: One\n    wards: ["E05013982"]\n  - id: two\n    name: Two\n    wards: ["E05013982"]\n`,
    );
    expect(errors.map((e) => e.message)).toContain('ward E05013982 is claimed by both One and Two');
  });
});

it('answers a file whose aliases explode (a "billion laughs") with a problem, never an exception', () => {
  let yaml = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  let previous = 'a';
  for (let i = 0; i < 9; i++) {
    const name = `b${i}`;
    yaml += `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]\n`;
    previous = name;
  }
  yaml += `patches: *${previous}\n`;
  const started = Date.now();
  const result = parseDirectory(yaml);
  expect(result.ok).toBe(false);
  expect(!result.ok && result.errors[0]?.message).toMatch(/^YAML: the file repeats itself through aliases/);
  expect(Date.now() - started).toBeLessThan(2_000);
});

describe("the residents' pages' languages", () => {
  // The demo's file without its own residents' section.
  const PLAIN = DEMO.replace(/\nresidents:\n( {2}.*\n)+/, '\n');
  it('offers English alone by default, with the default limits', () => {
    const parsed = parseDirectory(PLAIN);
    expect(parsed.ok && parsed.directory.residents).toEqual({ languages: ['en'], limits: RESIDENT_LIMITS });
  });
  it('takes the council’s own limits and phone number, and refuses limits no service could run on', () => {
    const own = parseDirectory(
      `${PLAIN}\nresidents:\n  phone: "01632 960000"\n  limits: { introductionsPerAddressPerDay: 5 }\n`,
    );
    expect(own.ok && own.directory.residents).toEqual({
      languages: ['en'],
      phone: '01632 960000',
      limits: { ...RESIDENT_LIMITS, introductionsPerAddressPerDay: 5 },
    });
    const none = parseDirectory(`${PLAIN}\nresidents:\n  limits: { answersPerHour: 0 }\n`);
    expect(none.ok).toBe(false);
  });
  it('offers Welsh only with the safeguarding words in Welsh, and never without English', () => {
    const DEMO = PLAIN;
    const welsh = parseDirectory(
      `${DEMO}\nresidents:\n  languages: [en, cy]\n  safeguardingWelsh: "Ffoniwch 01234 567890"\n`,
    );
    expect(welsh.ok && welsh.directory.residents).toEqual({
      languages: ['en', 'cy'],
      safeguardingWelsh: 'Ffoniwch 01234 567890',
      limits: RESIDENT_LIMITS,
    });
    const noWords = parseDirectory(`${DEMO}\nresidents:\n  languages: [en, cy]\n`);
    expect(!noWords.ok && noWords.errors.map((e) => e.message).join(' ')).toMatch(
      /safeguardingWelsh is needed/,
    );
    const noEnglish = parseDirectory(`${DEMO}\nresidents:\n  languages: [cy]\n  safeguardingWelsh: "x"\n`);
    expect(!noEnglish.ok && noEnglish.errors.map((e) => e.message).join(' ')).toMatch(/must include en/);
  });
});
