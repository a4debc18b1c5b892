/** Subject access without I/O: finding by what people ask with, and marking other people. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDirectory } from '../../src/domain/directory/directory';
import { duplicateKeys } from '../../src/domain/introductions/introduction';
import {
  LEFT_OUT,
  parseSubjectAccessQuery,
  subjectAccessRecord,
} from '../../src/domain/records/subjectAccess';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const parsed = parseDirectory(
  readFileSync(path.resolve(__dirname, '..', '..', 'env', 'demo-borough.patches.yaml'), 'utf8'),
);
if (!parsed.ok) throw new Error('the demo directory does not parse');
const directory = parsed.directory;

describe('what a records lead types', () => {
  it('reads a reference in any case', () => {
    expect(parseSubjectAccessQuery(' lac-7k4m-qx ')).toEqual({
      ok: true,
      query: { kind: 'reference', reference: 'LAC-7K4M-QX' },
    });
  });

  it('reads a name with a date of birth, written either way, as the keys duplicates use', () => {
    for (const typed of [
      'Margaret Jones, 14/03/1948',
      'margaret  jones, 1948-03-14',
      'Margaret Jones , 14.3.1948',
    ]) {
      const result = parseSubjectAccessQuery(typed);
      expect(result).toMatchObject({ ok: true, query: { kind: 'name', dateOfBirth: '1948-03-14' } });
      if (result.ok && result.query.kind === 'name')
        expect(result.query.keys).toEqual(
          duplicateKeys({ fullName: 'Margaret Jones', dateOfBirth: '1948-03-14' }),
        );
    }
  });

  it('reads a name with a postcode, normalised', () => {
    const result = parseSubjectAccessQuery("Mary O'Neill-Smith, rm37ab");
    expect(result).toMatchObject({ ok: true, query: { kind: 'name', postcode: 'RM3 7AB' } });
    if (result.ok && result.query.kind === 'name')
      expect(result.query.keys).toEqual(
        duplicateKeys({ fullName: 'Mary ONeill Smith', postcode: 'RM3 7AB' }),
      );
  });

  it('refuses a name alone, a date that is not one, and a partial postcode', () => {
    for (const typed of [
      'Margaret Jones',
      'Margaret Jones, 31/02/1948',
      'Margaret Jones, RM3',
      ', 14/03/1948',
      '',
    ])
      expect(parseSubjectAccessQuery(typed).ok).toBe(false);
  });
});

describe('the export of one introduction', () => {
  const introduction = {
    ...introductionFor(OFFERED_TO_TAMMY),
    acceptedBy: { aadObjectId: 'tammy-id', name: 'Tammy Hughes', at: '2026-11-19T16:05:00Z' },
    coordinatorEmail: 'tammy.hughes@demo.gov.uk',
    handledActions: ['a1'],
    _etag: 'x',
  };
  const exported = subjectAccessRecord(
    introduction,
    {
      accessHistory: [
        { actorId: 'jo-object-id', tenantId: 'council', action: 'created', at: '2026-11-19T16:00:00Z' },
        { actorId: 'someone-else', tenantId: 'nhs', action: 'denied', at: '2026-11-19T16:01:00Z' },
      ],
      posted: [],
      sent: [],
    },
    { directory, homeTenantId: 'council' },
  );
  const record = exported.record as Record<string, Record<string, unknown>>;

  it('copies every field but those it names, with why, and the store’s own', () => {
    for (const key of Object.keys(introduction))
      if (!(key in LEFT_OUT) && !key.startsWith('_')) expect(Object.keys(record)).toContain(key);
    expect(Object.keys(record)).not.toContain('handledActions');
    expect(Object.keys(record)).not.toContain('_etag');
    for (const why of Object.values(LEFT_OUT)) expect(why.length).toBeGreaterThan(20);
  });

  it('leaves the person unmarked, and marks staff in their job as staff, with their role, not for redaction', () => {
    expect(record.person).toMatchObject({ fullName: 'Margaret Jones' });
    expect(record.person?.thirdParty).toBeUndefined();
    expect(record.person?.staff).toBeUndefined();
    expect(record.introducer).toEqual(
      expect.objectContaining({ staff: true, name: 'Jo Carter', role: 'Introducer, Adult social care' }),
    );
    expect(record.introducer?.thirdParty).toBeUndefined();
    expect(record.acceptedBy).toMatchObject({ staff: true, name: 'Tammy Hughes' });
    expect(record.coordinatorEmail).toMatchObject({
      staff: true,
      role: 'Local Area Coordinator, Harold Hill North',
    });
    expect(record.routing?.coordinator).toMatchObject({ staff: true, name: 'Tammy Hughes' });
    const events = record.events as unknown as { by: { staff: boolean } }[];
    expect(events.every((e) => e.by.staff)).toBe(true);
  });

  it('marks staff as other people for redaction where the council chooses so', () => {
    const flagged = subjectAccessRecord(
      introduction,
      { accessHistory: [], posted: [], sent: [] },
      { directory: { ...directory, records: { ...directory.records, staffAreThirdParties: true } } },
    ).record as Record<string, Record<string, unknown>>;
    expect(flagged.introducer).toMatchObject({ thirdParty: true, name: 'Jo Carter' });
    expect(flagged.introducer?.staff).toBeUndefined();
  });

  it('marks every free-text field for review, and gives codes in words', () => {
    const typed = subjectAccessRecord(
      { ...introduction, whatMatters: { themes: ['isolation'], goodLife: 'Seeing my sister Ann again' } },
      { accessHistory: [], posted: [], sent: [] },
      { directory },
    ).record as Record<string, Record<string, unknown>>;
    expect(typed.whatMatters?.goodLife).toEqual({
      text: 'Seeing my sister Ann again',
      review: 'May name other people: review before release',
    });
    expect(typed.whatMatters?.themes).toEqual(['Feeling lonely or isolated']);
    const events = record.events as unknown as { type: string; note?: unknown }[];
    expect(events[0]?.type).toBe('Introduced');
    for (const event of events)
      if (event.note !== undefined) expect(event.note).toMatchObject({ review: expect.any(String) });
    expect(JSON.stringify(record)).not.toMatch(/"(status|to|from)":"(offered|accepted|with-triage)"/);
    expect((record.consent as Record<string, unknown>).how).toBe('In person');
  });

  it('names whoever it can in the access history, with their organisation, oldest first', () => {
    expect(exported.accessHistory.map((e) => [e.who.name, e.what, e.who.organisation])).toEqual([
      ['Jo Carter', 'made the introduction', "The council's own Microsoft 365"],
      [
        'Not named in this record',
        'asked to see it and was refused',
        "A partner organisation's Microsoft 365 (tenant nhs)",
      ],
    ]);
  });
});

describe('an introduction made on the council’s website', () => {
  const web = (who: 'self' | 'someone') => ({
    ...introductionFor(OFFERED_TO_TAMMY),
    source: 'web' as const,
    introducer: {
      aadObjectId: '',
      tenantId: '',
      partner: false,
      name: who === 'self' ? 'Margaret Jones' : 'Bill Neighbour',
      email: 'tammy.hughes@demo.gov.uk',
      phone: '07700 900222',
      organisation: "Someone who knows them, on the council's website",
      web: who,
    },
  });
  it('marks a neighbour who introduced them as another person, never as staff, whatever email they typed', () => {
    const exported = subjectAccessRecord(
      web('someone'),
      { accessHistory: [], posted: [], sent: [] },
      { directory },
    ).record as Record<string, Record<string, unknown>>;
    expect(exported.introducer).toMatchObject({
      thirdParty: true,
      name: 'Bill Neighbour',
      role: "Someone who knows them, on the council's website",
    });
    expect(exported.introducer?.staff).toBeUndefined();
  });
  it('leaves the person unmarked where they introduced themselves', () => {
    const exported = subjectAccessRecord(
      web('self'),
      { accessHistory: [], posted: [], sent: [] },
      { directory },
    ).record as Record<string, Record<string, unknown>>;
    expect(exported.introducer?.thirdParty).toBeUndefined();
    expect(exported.introducer?.staff).toBeUndefined();
    expect(exported.introducer?.role).toBe("The person themselves, on the council's website");
  });
});
