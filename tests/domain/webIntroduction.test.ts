/**
 * An introduction made on the council's website, checked by the Teams card's own rules and mapped
 * into them: about yourself, about someone who agrees, for a community group; immediate risk stores
 * nothing; problems as codes for the pages to word in English or Welsh; hostile answers never throw.
 */
import fc from 'fast-check';
import {
  parseWebIntroduction,
  WEB_ORGANISATION,
  WEB_PAGES,
  type WebAnswers,
} from '../../src/domain/introductions/webIntroduction';
import { ANN_ON_THE_WEB } from '../helpers/fixtures';

const today = '2026-12-05';
const self: WebAnswers = ANN_ON_THE_WEB;

it('maps a self-introduction into the same introduction a Teams card makes', () => {
  const result = parseWebIntroduction(self, today);
  if (!result.ok) throw new Error(JSON.stringify(result));
  expect(result.form.person).toMatchObject({
    fullName: 'Ann Byrne',
    postcode: 'RM3 7AB',
    phone: '07700 900111',
  });
  expect(result.form.whatMatters).toEqual({
    themes: ['isolation'],
    goodLife: 'Getting out to the lunch club again',
  });
  // Recorded as it came: by the person, on the website (not "in writing" under the Teams card's words).
  expect(result.form.consentHow).toBe('web-self');
  expect(result.introducer).toEqual({
    aadObjectId: '',
    tenantId: '',
    partner: false,
    name: 'Ann Byrne',
    organisation: WEB_ORGANISATION.self,
    web: 'self',
  });
});

it('takes an introduction by a neighbour only with the person’s agreement, and reaches them through the neighbour if asked', () => {
  const neighbour: WebAnswers = {
    ...self,
    who: 'someone',
    phone: '',
    contactPreference: 'introducer',
    introducerName: 'Bill Neighbour',
    introducerPhone: '07700 900222',
  };
  expect(parseWebIntroduction(neighbour, today)).toEqual({ ok: false, problems: { agreed: 'not-agreed' } });
  const result = parseWebIntroduction({ ...neighbour, agreed: 'yes' }, today);
  if (!result.ok) throw new Error(JSON.stringify(result));
  expect(result.introducer).toMatchObject({ name: 'Bill Neighbour', phone: '07700 900222', web: 'someone' });
  expect(result.form.person).toMatchObject({ contactThroughIntroducer: true });
  expect(result.form.person.phone).toBeUndefined();
});

it('names the community group, counted as a community introducer', () => {
  const group: WebAnswers = {
    ...self,
    who: 'group',
    introducerName: 'Sam Helper',
    introducerEmail: 'sam@hillsidefoodbank.org.uk',
    groupName: 'Hillside Food Bank',
    agreed: 'yes',
  };
  const result = parseWebIntroduction(group, today);
  if (!result.ok) throw new Error(JSON.stringify(result));
  expect(result.introducer).toMatchObject({
    organisation: 'Hillside Food Bank',
    kind: 'community',
    web: 'group',
  });
  expect(parseWebIntroduction({ ...group, groupName: '' }, today)).toEqual({
    ok: false,
    problems: { groupName: 'missing' },
  });
});

it('stores nothing when someone is at immediate risk', () => {
  expect(parseWebIntroduction({ ...self, immediateRisk: 'yes', fullName: '' }, today)).toEqual({
    ok: false,
    risk: true,
  });
});

it('says what is missing or not right, field by field, as codes', () => {
  const result = parseWebIntroduction(
    { who: 'self', postcode: 'NOT A POSTCODE', fullName: 'x'.repeat(121), themes: 'gardening' },
    today,
  );
  expect(result).toEqual({
    ok: false,
    problems: {
      immediateRisk: 'missing',
      fullName: 'too-long',
      postcode: 'invalid',
      phone: 'missing',
      ageBand: 'missing',
      themes: 'invalid',
    },
  });
  expect(parseWebIntroduction({}, today)).toEqual({ ok: false, problems: { who: 'missing' } });
});

it('never throws on hostile answers, and never accepts one without a name and a way to reach them (fuzzed)', () => {
  const fields = Object.values(WEB_PAGES).flat();
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom(...fields, '__proto__', 'constructor'),
        fc.oneof(fc.string(), fc.constant('yes')),
      ),
      (answers) => {
        const result = parseWebIntroduction(answers as WebAnswers, today);
        if (result.ok) return result.form.person.fullName.trim() !== '';
        return true;
      },
    ),
    { numRuns: 500 },
  );
});

it('refuses "through me" from someone introducing themselves, and an email that is not one', () => {
  expect(parseWebIntroduction({ ...self, contactPreference: 'introducer' }, today)).toMatchObject({
    ok: false,
    problems: { contactPreference: 'invalid' },
  });
  const neighbour = { ...self, who: 'someone', introducerName: 'Bill', agreed: 'yes' };
  expect(parseWebIntroduction({ ...neighbour, introducerEmail: 'not an email' }, today)).toMatchObject({
    ok: false,
    problems: { introducerEmail: 'invalid' },
  });
  const ok = parseWebIntroduction({ ...neighbour, introducerEmail: 'Bill@Example.ORG' }, today);
  expect(ok.ok && ok.introducer.email).toBe('bill@example.org');
  // Nothing inherited is read: an answer named after Object's own properties is ignored.
  const inherited = Object.assign(Object.create({ fullName: 'From the prototype' }), { who: 'self' });
  expect(parseWebIntroduction(inherited, today)).toMatchObject({
    ok: false,
    problems: { fullName: 'missing' },
  });
});
