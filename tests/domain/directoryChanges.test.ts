/** What a new directory would change, in people's words, without I/O. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Directory, parseDirectory } from '../../src/domain/directory/directory';
import {
  changeWords,
  directoryChanges,
  emailChanges,
  followEmailChange,
} from '../../src/domain/directory/directoryChanges';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const DEMO = readFileSync(path.resolve(__dirname, '..', '..', 'env', 'demo-borough.patches.yaml'), 'utf8');
const parse = (text: string): Directory => {
  const result = parseDirectory(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.directory;
};
const before = parse(DEMO);
const nobody = () => ({ offers: 0, people: 0 });

it('says nothing changes when only a comment does', () => {
  const changes = directoryChanges(before, parse(`${DEMO}\n# a comment\n`), nobody);
  expect(changes.nothing).toBe(true);
  expect(changeWords(changes)).toEqual(['Nothing that routing or anyone’s role depends on changes.']);
});

it('counts rules moving between patches by kind, and names patches added, removed and renamed', () => {
  const after = parse(
    DEMO.replace('postcodes: ["RM3 7", "RM3 8", "RM3 9"]', 'postcodes: ["RM3 7"]')
      .replace(
        'postcodes: ["RM3 0", "RM2 5", "RM2 6", "RM3 9HB"]',
        'postcodes: ["RM3 0", "RM2 5", "RM2 6", "RM3 9HB", "RM3 8", "RM3 9"]',
      )
      .replace('name: Elm Park', 'name: Elm Park and Hacton')
      .replace(/ {2}- id: upminster-cranham\n(?: {4}.*\n| {6}.*\n| {8}.*\n)+/, ''),
  );
  const words = changeWords(directoryChanges(before, after, nobody));
  expect(words).toEqual(
    expect.arrayContaining([
      'Patch removed: Upminster and Cranham.',
      'Elm Park is renamed Elm Park and Hacton.',
      '2 sectors move from Harold Hill North to Harold Wood and Gidea Park: RM3 8 and RM3 9.',
      '3 sectors move from Upminster and Cranham to no patch (LAC team triage): RM14 1, RM14 2 and RM14 3.',
      'Ben Clarke leaves Upminster and Cranham: nobody is waiting for them.',
    ]),
  );
});

it('says what a leaver holds will need someone, and names role changes and capacity', () => {
  const after = parse(
    DEMO.replace(/coordinators:\n {6}- name: Tammy Hughes\n(?: {8}.*\n)+/, 'coordinators: []\n')
      .replace('        capacity: 45\n', '        capacity: 40\n')
      .replace(
        'records:\n  leads:\n',
        'records:\n  leads:\n    - { name: Ann Lee, email: ann.lee@demo.gov.uk }\n',
      ),
  );
  const changes = directoryChanges(before, after, (email) =>
    email === 'tammy.hughes@demo.gov.uk' ? { offers: 2, people: 23 } : { offers: 0, people: 0 },
  );
  expect(changes.leaving).toEqual([
    expect.objectContaining({
      name: 'Tammy Hughes',
      patches: ['Harold Hill North'],
      holding: { offers: 2, people: 23 },
    }),
  ]);
  expect(changeWords(changes)).toEqual(
    expect.arrayContaining([
      "Sam Okafor's capacity changes from 45 to 40 people.",
      'Tammy Hughes leaves Harold Hill North: 23 people Tammy accepted or walks alongside and 2 offers waiting will need someone. Offers are routed again at once; the people show in the team queue as needing a coordinator.',
      'Ann Lee becomes a records lead.',
    ]),
  );
});

describe('a coordinator whose email changes under the same Entra account', () => {
  const renamed = parse(DEMO.replace('email: tammy.hughes@demo.gov.uk', 'email: tammy.jones@demo.gov.uk'));

  it('is the same person: not a leaver and a joiner', () => {
    const holding = jest.fn(() => ({ offers: 2, people: 23 }));
    const changes = directoryChanges(before, renamed, holding);
    expect(changes.emailChanged).toEqual([
      { name: 'Tammy Hughes', from: 'tammy.hughes@demo.gov.uk', to: 'tammy.jones@demo.gov.uk' },
    ]);
    expect(changes.leaving).toEqual([]);
    expect(changes.joining).toEqual([]);
    expect(changes.nothing).toBe(false);
    expect(holding).not.toHaveBeenCalled();
    expect(changeWords(changes)).toEqual([
      "Tammy Hughes's email changes from tammy.hughes@demo.gov.uk to tammy.jones@demo.gov.uk (the same Entra account): the people and offers they hold stay with them.",
    ]);
  });

  it('is not assumed when the object ids differ, nor when one takes over an email still in use', () => {
    const otherAccount = parse(
      DEMO.replace('email: tammy.hughes@demo.gov.uk', 'email: tammy.jones@demo.gov.uk').replace(
        '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01',
        '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c99',
      ),
    );
    expect(emailChanges(before, otherAccount)).toEqual([]);
    expect(directoryChanges(before, otherAccount, nobody).leaving.map((l) => l.name)).toEqual([
      'Tammy Hughes',
    ]);
    // Tammy and Sam swap emails: neither is taken for one person changing theirs.
    const swapped = parse(
      DEMO.replace('email: tammy.hughes@demo.gov.uk', 'email: swap@demo.gov.uk')
        .replace('email: sam.okafor@demo.gov.uk', 'email: tammy.hughes@demo.gov.uk')
        .replace('email: swap@demo.gov.uk', 'email: sam.okafor@demo.gov.uk')
        .replace('cover: sam.okafor@demo.gov.uk', 'cover: tammy.hughes@demo.gov.uk'),
    );
    expect(emailChanges(before, swapped)).toEqual([]);
  });

  it('moves what they hold to the new email, and leaves a record that is not theirs alone', () => {
    const change = { name: 'Tammy Hughes', from: 'tammy.hughes@demo.gov.uk', to: 'tammy.jones@demo.gov.uk' };
    const by = { aadObjectId: 'bot', name: 'LAC Front Door' };
    const offered = introductionFor(OFFERED_TO_TAMMY);
    const moved = followEmailChange(offered, change, '2026-11-30T10:00:00.000Z', by);
    expect(moved?.coordinatorEmail).toBe('tammy.jones@demo.gov.uk');
    expect(moved?.routing.coordinator?.email).toBe('tammy.jones@demo.gov.uk');
    // The offer not yet sent goes to the new email, so it is not dropped as no longer hers.
    expect(moved?.outbox?.[0]?.to).toMatchObject({ email: 'tammy.jones@demo.gov.uk' });
    expect(moved?.events.at(-1)).toMatchObject({
      type: 'coordinator-email-changed',
      by,
      note: "Tammy Hughes's email changed in the directory; what they hold stays with them.",
    });
    expect(moved && followEmailChange(moved, change, '2026-11-30T10:00:00.000Z', by)).toBeUndefined();
    const someoneElse = { ...change, from: 'amira.khan@demo.gov.uk' };
    expect(followEmailChange(offered, someoneElse, '2026-11-30T10:00:00.000Z', by)).toBeUndefined();
    // Offered to Tammy once, handed over to Sam since: not hers, left as it was decided.
    const handedOver = { ...offered, coordinatorEmail: 'sam.okafor@demo.gov.uk' };
    expect(followEmailChange(handedOver, change, '2026-11-30T10:00:00.000Z', by)).toBeUndefined();
  });
});

it('says what a change of retention periods does to every record', () => {
  const after = parse(
    DEMO.replace(
      'retention: { neverBecameSupportYears: 2, supportYears: 6 }',
      'retention: { neverBecameSupportYears: 3, supportYears: 8 }',
    ),
  );
  expect(changeWords(directoryChanges(before, after, nobody))).toEqual([
    "Retention changes to 3 years (never became support) and 8 years (support happened) after last contact: every record's review date follows, and any now past it comes up for review (nothing is disposed of without a records lead).",
  ]);
});

it('names what moves: one by itself, up to five in a list, and how many more', () => {
  const one = parse(
    DEMO.replace('postcodes: ["RM3 7", "RM3 8", "RM3 9"]', 'postcodes: ["RM3 7", "RM3 8", "RM3 9", "RM4 1"]'),
  );
  expect(changeWords(directoryChanges(before, one, nobody))).toContain(
    'RM4 1 moves from no patch to Harold Hill North.',
  );
  const seven = parse(
    DEMO.replace(
      'postcodes: ["RM3 7", "RM3 8", "RM3 9"]',
      'postcodes: ["RM3 7", "RM3 8", "RM3 9", "RM4 1", "RM4 2", "RM4 3", "RM4 4", "RM4 5", "RM4 6", "RM4 7"]',
    ),
  );
  expect(changeWords(directoryChanges(before, seven, nobody))).toContain(
    '7 sectors move from no patch to Harold Hill North: RM4 1, RM4 2, RM4 3, RM4 4, RM4 5 and 2 more.',
  );
});
