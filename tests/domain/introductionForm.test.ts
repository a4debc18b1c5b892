import { parseIntroductionForm } from '../../src/domain/introductions/introductionForm';
import { GP_FLAG } from '../helpers/fixtures';

const TODAY = '2026-11-23';
const good = {
  fullName: 'Margaret Jones',
  postcode: 'rm37ab',
  phone: '07700 900123',
  ageBand: '75-84',
  consent: 'true',
  consentHow: 'in-person',
  immediateRisk: 'no',
  themes: 'isolation,being-heard',
  goodLife: 'Getting back to the allotment',
  organisation: 'Demo Borough Council adult social care',
  verb: 'submitIntroduction',
  idempotencyKey: 'ignored-here',
};

it('accepts a complete introduction and normalises it', () => {
  const result = parseIntroductionForm(good, 'introduction', TODAY);
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.form.person).toMatchObject({
    fullName: 'Margaret Jones',
    postcode: 'RM3 7AB',
    ageBand: '75-84',
    noFixedAddress: false,
  });
  expect(result.form.whatMatters.themes).toEqual(['isolation', 'being-heard']);
  expect(result.form.safety).toEqual({ immediateRisk: false, safeguardingRaised: false });
  expect(result.form.consentHow).toBe('in-person');
});

it('refuses a child, saying why and where to go instead, and takes someone of 16', () => {
  const child = parseIntroductionForm(
    { ...good, ageBand: '', dateOfBirth: '2012-05-01' },
    'introduction',
    TODAY,
  );
  expect(child.ok).toBe(false);
  expect(!child.ok && child.errors.dateOfBirth).toMatch(
    /aged 16 and over\. For a child, contact children's services/,
  );
  const sixteen = parseIntroductionForm(
    { ...good, ageBand: '', dateOfBirth: '2010-11-23' },
    'introduction',
    TODAY,
  );
  expect(sixteen.ok).toBe(true);
});

describe('each problem is named beside its field, with what was typed kept', () => {
  it.each([
    [{ fullName: '  ' }, 'fullName', "Please give the person's full name"],
    [{ postcode: 'RM3 7X' }, 'postcode', '"RM3 7X" is not a UK postcode. Try one like RM3 7AB'],
    [{ postcode: '' }, 'postcode', 'or tick "No fixed address"'],
    [{ phone: '', email: '' }, 'phone', 'or tick "Contact them through me"'],
    [{ phone: 'call me' }, 'phone', 'does not look like a phone number'],
    [{ email: 'margaret-at-home' }, 'email', 'does not look like an email address'],
    [{ ageBand: '' }, 'ageBand', 'age band, or give their date of birth'],
    [{ ageBand: 'old' }, 'ageBand', 'Choose one of the age bands listed'],
    [{ dateOfBirth: '2030-01-01' }, 'dateOfBirth', 'in the future'],
    [{ dateOfBirth: '1958-02-30' }, 'dateOfBirth', 'a real date'],
    [{ consentHow: '' }, 'consentHow', 'how they agreed'],
    [{ immediateRisk: '' }, 'immediateRisk', 'is anyone at immediate risk of harm?'],
    [{ themes: 'isolation,world-peace' }, 'themes', 'Choose from the list'],
    // Inherited names are not themes (they once reached a posted card as "function Object()").
    [{ themes: 'constructor,toString' }, 'themes', 'Choose from the list'],
    [{ themes: '__proto__' }, 'themes', 'Choose from the list'],
    [{ organisation: '' }, 'organisation', 'Please give your organisation'],
    [{ goodLife: 'x'.repeat(2100) }, 'goodLife', 'under 2000 characters'],
  ])('%j', (change, field, message) => {
    const submitted = { ...good, ...change };
    const result = parseIntroductionForm(submitted, 'introduction', TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[field as keyof typeof result.errors]).toContain(message);
    expect(result.values.fullName).toBe(submitted.fullName);
    expect(result.values.goodLife).toBe(submitted.goodLife.slice(0, 2100));
  });
});

it('cannot be sent without consent, and says why kindly', () => {
  const result = parseIntroductionForm({ ...good, consent: 'false' }, 'introduction', TODAY);
  expect(result.ok).toBe(false);
  if (!result.ok)
    expect(result.errors.consent).toMatch(/knows about and has agreed to.*nothing you typed is lost/);
});

it('holds an introduction with someone at immediate risk until the safeguarding route is confirmed', () => {
  const held = parseIntroductionForm({ ...good, immediateRisk: 'yes' }, 'introduction', TODAY);
  expect(held.ok).toBe(false);
  if (!held.ok) expect(held.errors.safeguardingRaised).toContain('not an emergency service');
  const sent = parseIntroductionForm(
    { ...good, immediateRisk: 'yes', safeguardingRaised: 'true' },
    'introduction',
    TODAY,
  );
  expect(sent.ok && sent.form.safety).toEqual({ immediateRisk: true, safeguardingRaised: true });
});

it('accepts no fixed address instead of a postcode, and treats ZZ99 3VZ as no fixed address', () => {
  const nfa = parseIntroductionForm({ ...good, postcode: '', noFixedAddress: 'true' }, 'introduction', TODAY);
  expect(nfa.ok && nfa.form.person).toMatchObject({ noFixedAddress: true });
  const zz = parseIntroductionForm({ ...good, postcode: 'zz99 3vz' }, 'introduction', TODAY);
  expect(zz.ok && zz.form.person).toMatchObject({ noFixedAddress: true, postcode: 'ZZ99 3VZ' });
});

it('accepts contact through the introducer instead of the person’s own details', () => {
  const result = parseIntroductionForm(
    { ...good, phone: '', contactThroughMe: 'true' },
    'introduction',
    TODAY,
  );
  expect(result.ok && result.form.person.contactThroughIntroducer).toBe(true);
});

it('ignores fields it does not know and any identity the card claims', () => {
  const result = parseIntroductionForm(
    { ...good, introducerAadObjectId: 'someone-else', isManager: 'true' },
    'introduction',
    TODAY,
  );
  expect(result.ok).toBe(true);
  expect(JSON.stringify(result)).not.toContain('someone-else');
});

it('treats a payload that is not an object as an empty form', () => {
  const result = parseIntroductionForm('DROP TABLE', 'introduction', TODAY);
  expect(result.ok).toBe(false);
  if (!result.ok)
    expect(Object.keys(result.errors)).toEqual(expect.arrayContaining(['fullName', 'postcode', 'consent']));
});

describe('the GP practice variant (frequent attender)', () => {
  const gp = GP_FLAG;

  it('records the practice, its ODS code and the appointments, with the practice as organisation', () => {
    const result = parseIntroductionForm(gp, 'frequent-attender', TODAY);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.form.frequentAttender).toEqual({
      practiceName: 'Rainham Health Centre',
      odsCode: 'F84002',
      appointmentsLast12Months: 23,
    });
    expect(result.form.organisation).toBe('Rainham Health Centre');
  });

  it.each([
    [{ odsCode: 'RM3 7AB' }, 'odsCode', 'not a GP practice ODS code'],
    [{ appointments: 'lots' }, 'appointments', 'whole number'],
    [{ dateOfBirth: '' }, 'dateOfBirth', "patient's date of birth"],
    [{ practiceName: '' }, 'practiceName', 'practice name'],
  ])('%j', (change, field, message) => {
    const result = parseIntroductionForm({ ...gp, ...change }, 'frequent-attender', TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field as keyof typeof result.errors]).toContain(message);
  });
});
