import fc from 'fast-check';
import { type Directory, parseDirectory } from '../../src/domain/directory/directory';
import { parsePostcode } from '../../src/domain/directory/postcodes';
import {
  areaKey,
  compileIndex,
  formatDate,
  passToPatch,
  type RoutingInput,
  reasonWithoutPostcode,
  route,
  ukToday,
} from '../../src/domain/directory/routing';

const FILE = `area: Test Borough
safeguarding: "Call 999 in an emergency."
triage:
  name: LAC team triage
  managers:
    - { name: Priya Shah, email: priya@t.gov.uk }
patches:
  - id: north
    name: North
    postcodes: ["RM3 7", "RM3 8", "RM4"]
    coordinators:
      - { name: Tammy Hughes, email: tammy@t.gov.uk, capacity: 50, away: { from: 2026-12-21, to: 2027-01-01, cover: sam@t.gov.uk } }
  - id: wood
    name: Wood
    postcodes: ["RM3 0", "RM3 7ZZ", "RM3 8"]
    coordinators:
      - { name: Sam Okafor, email: sam@t.gov.uk, capacity: 40 }
  - id: pair
    name: Pair
    postcodes: ["RM5 2"]
    coordinators:
      - { name: Amira Khan, email: amira@t.gov.uk, capacity: 50 }
      - { name: Tom Reilly, email: tom@t.gov.uk, capacity: 25 }
  - id: vacant
    name: Vacant
    postcodes: ["RM14 1"]
  - id: wards
    name: Ward Patch
    wards: ["E05000001"]
    postcodes: ["RM13 9"]
    coordinators:
      - { name: Chloe Martin, email: chloe@t.gov.uk, capacity: 50, away: { from: 2026-11-01, to: 2026-11-30 } }
      - { name: Ben Clarke, email: ben@t.gov.uk, capacity: 50, away: { from: 2026-11-01, to: 2026-11-30, cover: chloe@t.gov.uk } }
`;

// "RM3 8" is in two patches above on purpose: the parser must refuse it. Tests use the fixed file.
const fixed = FILE.replace('postcodes: ["RM3 0", "RM3 7ZZ", "RM3 8"]', 'postcodes: ["RM3 0", "RM3 7ZZ"]');

function directory(text = fixed): Directory {
  const result = parseDirectory(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.directory;
}

const index = compileIndex(directory());
const none = new Map<string, number>();
const at = (postcode: string, extra: Partial<RoutingInput> = {}) =>
  route({ postcode, today: '2026-11-23', caseloads: none, ...extra }, index);

it('refuses the ambiguous file the fixture started from', () => {
  expect(parseDirectory(FILE).ok).toBe(false);
});

describe('the most specific rule wins', () => {
  it('full postcode beats sector', () => {
    expect(at('RM3 7ZZ')).toMatchObject({
      patch: { id: 'wood' },
      rule: { kind: 'postcode', value: 'RM3 7ZZ' },
    });
    expect(at('RM3 7AB')).toMatchObject({ patch: { id: 'north' }, rule: { kind: 'sector', value: 'RM3 7' } });
  });

  it('sector beats district', () => {
    expect(at('RM4 1AA')).toMatchObject({ patch: { id: 'north' }, rule: { kind: 'district', value: 'RM4' } });
  });

  it('ward beats district but not sector', () => {
    const ward = { ward: 'E05000001', terminated: false, release: 'ONSPD_AUG_2026' };
    expect(at('RM4 1AA', { ward })).toMatchObject({
      patch: { id: 'wards' },
      rule: { kind: 'ward', value: 'E05000001' },
    });
    expect(at('RM3 7AB', { ward })).toMatchObject({ patch: { id: 'north' }, rule: { kind: 'sector' } });
    expect(at('RM4 1AA', { ward }).postcodeDirectoryRelease).toBe('ONSPD_AUG_2026');
  });

  it('a terminated postcode is not routed by its ward, and is flagged for a person to confirm', () => {
    const ward = { ward: 'E05000001', terminated: true, release: 'ONSPD_AUG_2026' };
    const decision = at('RM3 7AB', { ward });
    expect(decision).toMatchObject({
      patch: { id: 'north' },
      rule: { kind: 'sector' },
      needsConfirmation: true,
    });
    expect(decision.explanation).toContain('terminated postcode');
    expect(at('RM4 1AA', { ward })).toMatchObject({ patch: { id: 'north' }, rule: { kind: 'district' } });
  });

  it('answers for sectors and districts too ("who covers RM3 7")', () => {
    expect(at('RM3 7')).toMatchObject({ outcome: 'patch', patch: { id: 'north' } });
    expect(at('RM4')).toMatchObject({ outcome: 'patch', patch: { id: 'north' } });
    expect(at('RM3 7').postcode).toBeUndefined();
  });
});

describe('explanations a manager can read', () => {
  it('names the postcode, patch, rule, coordinator and caseload', () => {
    const decision = route(
      { postcode: 'rm37ab', today: '2026-11-23', caseloads: new Map([['tammy@t.gov.uk', 31]]) },
      index,
    );
    expect(decision.explanation).toBe('RM3 7AB → North by sector RM3 7; Tammy Hughes, 31 of 50');
    expect(decision).toMatchObject({ outcome: 'patch', postcode: 'RM3 7AB', overCapacity: false });
    expect(decision.directoryVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it('says when no patch covers an area, and sends it to triage', () => {
    expect(at('RM12 4AB')).toMatchObject({
      outcome: 'triage',
      triageReason: 'no-rule',
      explanation: 'RM12 4AB is not in any patch; LAC team triage will decide who can help',
    });
  });
});

describe('away and cover', () => {
  const tammy = (today: string) => route({ postcode: 'RM3 7AB', today, caseloads: none }, index);

  it.each([
    ['2026-12-20', 'Tammy Hughes', false],
    ['2026-12-21', 'Sam Okafor', true],
    ['2026-12-25', 'Sam Okafor', true],
    ['2027-01-01', 'Sam Okafor', true],
    ['2027-01-02', 'Tammy Hughes', false],
  ])('on %s the introduction goes to %s', (today, name, covering) => {
    const decision = tammy(today);
    expect(decision.coordinator?.name).toBe(name);
    expect(Boolean(decision.coordinator?.coveringFor)).toBe(covering);
  });

  it('explains the cover', () => {
    expect(tammy('2026-12-21').explanation).toBe(
      'RM3 7AB → North by sector RM3 7; Tammy Hughes is away until 1 Jan 2027, so Sam Okafor (cover), 0 of 40',
    );
  });

  it('goes to triage when everyone is away and nobody covers', () => {
    // Chloe is away with no cover; Ben is away and his cover is Chloe, who is away too.
    const decision = at('RM13 9AA');
    expect(decision).toMatchObject({
      outcome: 'triage',
      triageReason: 'everyone-away',
      patch: { id: 'wards' },
    });
    expect(decision.explanation).toContain('everyone in Ward Patch is away with no cover');
    expect(at('RM13 9AA', { today: '2026-12-01' }).coordinator?.name).toBe('Ben Clarke');
  });
});

describe('caseload against capacity', () => {
  const pair = (amira: number, tom: number) =>
    route(
      {
        postcode: 'RM5 2AA',
        today: '2026-11-23',
        caseloads: new Map([
          ['amira@t.gov.uk', amira],
          ['tom@t.gov.uk', tom],
        ]),
      },
      index,
    );

  it('chooses the lowest caseload relative to capacity', () => {
    expect(pair(20, 12).coordinator?.name).toBe('Amira Khan'); // 40% vs 48%
    expect(pair(30, 12).coordinator?.name).toBe('Tom Reilly'); // 60% vs 48%
  });

  it('breaks a tie in proportion by fewer people, then by name', () => {
    expect(pair(20, 10).coordinator?.name).toBe('Tom Reilly'); // both 40%: Tom has 10 people
    expect(pair(0, 0).coordinator?.name).toBe('Amira Khan'); // both empty: by name
  });

  it('still offers when everyone is full, and says over capacity', () => {
    const decision = pair(50, 25);
    expect(decision).toMatchObject({
      outcome: 'patch',
      overCapacity: true,
      coordinator: { name: 'Tom Reilly' },
    });
    expect(decision.explanation).toContain(
      '25 of 25 (over capacity: still offered, LAC has no waiting list)',
    );
  });
});

describe('triage', () => {
  it('sends a patch with no coordinator to triage, saying so', () => {
    expect(at('RM14 1AA')).toMatchObject({
      outcome: 'triage',
      triageReason: 'no-coordinator',
      patch: { id: 'vacant' },
    });
  });

  it('sends no fixed abode to triage, typed either way', () => {
    expect(at('ZZ99 3VZ')).toMatchObject({
      outcome: 'triage',
      triageReason: 'no-fixed-abode',
      postcode: 'ZZ99 3VZ',
    });
    expect(route({ noFixedAddress: true, today: '2026-11-23', caseloads: none }, index)).toMatchObject({
      outcome: 'triage',
      triageReason: 'no-fixed-abode',
      explanation: 'No fixed address; LAC team triage will decide who can help',
    });
  });

  it('never bounces what is not a postcode: it goes to triage too', () => {
    expect(at('next to the Co-op')).toMatchObject({ outcome: 'triage', triageReason: 'not-a-postcode' });
  });
});

describe('properties', () => {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const postcodeArb = fc
    .tuple(
      fc.constantFrom('RM', 'E', 'EC', 'SW', 'N', 'B', 'M', 'LS', 'CF', 'G', 'W'),
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 0, max: 9 }),
      fc.constantFrom(...letters),
      fc.constantFrom(...letters),
      fc.constantFrom('', ' ', '  '),
      fc.boolean(),
    )
    .map(([area, district, sector, a, b, space, lower]) => {
      const text = `${area}${district}${space}${sector}${a}${b}`;
      return lower ? text.toLowerCase() : text;
    });
  const caseloadArb = fc.dictionary(
    fc.constantFrom(
      'tammy@t.gov.uk',
      'sam@t.gov.uk',
      'amira@t.gov.uk',
      'tom@t.gov.uk',
      'chloe@t.gov.uk',
      'ben@t.gov.uk',
    ),
    fc.integer({ min: 0, max: 80 }),
  );
  const dateArb = fc
    .date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2027-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('is total: every valid postcode gets a decision with an explanation and the directory version', () => {
    fc.assert(
      fc.property(postcodeArb, dateArb, caseloadArb, (postcode, today, loads) => {
        const decision = route({ postcode, today, caseloads: new Map(Object.entries(loads)) }, index);
        expect(['patch', 'triage']).toContain(decision.outcome);
        expect(decision.explanation.length).toBeGreaterThan(0);
        expect(decision.directoryVersion).toBe(index.directory.version);
        if (decision.outcome === 'patch') expect(decision.coordinator).toBeDefined();
        else expect(decision.triageReason).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic: the same input gives the same decision', () => {
    fc.assert(
      fc.property(postcodeArb, dateArb, caseloadArb, (postcode, today, loads) => {
        const input = { postcode, today, caseloads: new Map(Object.entries(loads)) };
        expect(route(input, index)).toEqual(route(input, compileIndex(directory())));
      }),
      { numRuns: 500 },
    );
  });

  it("keys nest: a postcode's key gives its sector's and district's, and distinct areas get distinct keys", () => {
    fc.assert(
      fc.property(postcodeArb, postcodeArb, (a, b) => {
        const p = parsePostcode(a);
        const q = parsePostcode(b);
        if (!p || !q) return;
        expect(Math.floor(areaKey(p.value) / 1369)).toBe(areaKey(p.sector));
        expect(Math.floor(areaKey(p.sector) / 37)).toBe(areaKey(p.district));
        expect(areaKey(p.value) === areaKey(q.value)).toBe(p.value === q.value);
        expect(areaKey(p.value)).toBeLessThan(Number.MAX_SAFE_INTEGER);
      }),
      { numRuns: 2000 },
    );
  });

  it('never offers to someone who is away', () => {
    fc.assert(
      fc.property(postcodeArb, dateArb, caseloadArb, (postcode, today, loads) => {
        const decision = route({ postcode, today, caseloads: new Map(Object.entries(loads)) }, index);
        const chosen = decision.coordinator && index.coordinators.get(decision.coordinator.email);
        if (chosen?.away) expect(today >= chosen.away.from && today <= chosen.away.to).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

it('formats dates without Intl, and knows the UK date around midnight', () => {
  expect(formatDate('2027-01-03')).toBe('3 Jan 2027');
  expect(ukToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // BST
  expect(ukToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // GMT
});

describe('passing to another patch', () => {
  it('chooses the coordinator there as routing would, and says who passed it and why', () => {
    const decision = passToPatch('wood', index, {
      today: '2026-11-23',
      caseloads: none,
      by: 'Tammy Hughes',
      reason: 'the street is on the Wood side of the railway',
    });
    expect(decision).toMatchObject({
      outcome: 'patch',
      patch: { id: 'wood' },
      coordinator: { name: 'Sam Okafor' },
    });
    expect(decision?.explanation).toBe(
      'Passed to Wood by Tammy Hughes: the street is on the Wood side of the railway; Sam Okafor, 0 of 40',
    );
  });

  it('goes to triage when nobody in that patch can take it, and knows no unknown patch', () => {
    const args = { today: '2026-11-23', caseloads: none, by: 'Tammy Hughes', reason: 'x' };
    expect(passToPatch('vacant', index, args)).toMatchObject({
      outcome: 'triage',
      triageReason: 'no-coordinator',
    });
    expect(passToPatch('nowhere', index, args)).toBeUndefined();
  });
});

describe('the reason posted in chat', () => {
  it("names the patch, the rule and the coordinator, never the resident's full postcode", () => {
    const bySector = at('RM3 7AB');
    expect(reasonWithoutPostcode(bySector)).toBe('North by sector RM3 7; Tammy Hughes, 0 of 50');
    const byFullPostcode = at('RM3 7ZZ');
    expect(reasonWithoutPostcode(byFullPostcode)).toBe('Wood by a full-postcode rule; Sam Okafor, 0 of 40');
    const terminated = at('RM3 7AB', { ward: { ward: 'E05000001', terminated: true, release: 'X' } });
    expect(reasonWithoutPostcode(terminated)).toContain('a terminated postcode: please confirm the patch');
    for (const decision of [bySector, byFullPostcode, terminated]) {
      expect(reasonWithoutPostcode(decision)).not.toMatch(/RM3 7AB|RM3 7ZZ/);
    }
  });
});
