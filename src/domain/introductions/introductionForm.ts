/**
 * What comes back from the introduction card, checked with zod. Adaptive Cards send every input
 * as text ("true"/"false" for toggles, comma-separated values for multi-selects), so each field is
 * parsed from text. Problems are returned per field, in words for the person who typed them, so
 * the card can show each beside its field with everything they typed kept.
 *
 * Nothing here decides who the introducer is: identity comes from the Teams activity.
 */

import { z } from 'zod';
import { isRealDate } from '../dates';
import { EXAMPLE_POSTCODE, isNoFixedAbode, parsePostcode } from '../directory/postcodes';
import {
  AGE_BANDS,
  type AgeBand,
  CONSENT_HOW,
  CONTACT_PREFERENCES,
  type ConsentHow,
  type ContactPreference,
  type Context,
  type FrequentAttender,
  INTRODUCER_KINDS,
  type IntroducerKind,
  type PersonDetails,
  type Safety,
  TENURES,
  type Tenure,
  THEMES,
  type Theme,
  type WhatMatters,
} from './introduction';

/** Every input id on the introduction cards; the card template uses exactly these. */
export const FORM_FIELDS = [
  'fullName',
  'preferredName',
  'postcode',
  'noFixedAddress',
  'addressLine1',
  'phone',
  'email',
  'contactThroughMe',
  'contactPreference',
  'contactTimes',
  'ageBand',
  'dateOfBirth',
  'language',
  'interpreter',
  'accessNeeds',
  'visitSafety',
  'consent',
  'consentHow',
  'immediateRisk',
  'safeguardingRaised',
  'themes',
  'goodLife',
  'goingWell',
  'anythingElse',
  'otherAgencies',
  'tenure',
  'landlord',
  'leavingCare',
  'organisation',
  'teamRole',
  'introducerPhone',
  'introducerKind',
  'practiceName',
  'odsCode',
  'appointments',
  'practiceContact',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;
export type FieldErrors = Partial<Record<FormField, string>>;

export type FormVariant = 'introduction' | 'frequent-attender';

export interface ValidForm {
  person: PersonDetails;
  consentHow: ConsentHow;
  safety: Safety;
  whatMatters: WhatMatters;
  context: Context;
  organisation: string;
  teamRole?: string;
  introducerPhone?: string;
  introducerKind?: IntroducerKind;
  frequentAttender?: FrequentAttender;
}

export type FormResult =
  | { ok: true; form: ValidForm }
  | { ok: false; errors: FieldErrors; values: FormValues };

const LIMITS = { short: 120, long: 2000 } as const;

/** Keeps only the known fields, as text, trimmed of nothing: what the person typed is kept as is. */
export function formValues(data: unknown): FormValues {
  const values: FormValues = {};
  if (!data || typeof data !== 'object') return values;
  for (const field of FORM_FIELDS) {
    const value = (data as Record<string, unknown>)[field];
    if (typeof value === 'string') values[field] = value.slice(0, LIMITS.long + 100);
    else if (typeof value === 'number' || typeof value === 'boolean') values[field] = String(value);
  }
  return values;
}

const text = (max: number = LIMITS.short) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(z.string().max(max, `Please keep this under ${max} characters`).optional());

const toggle = z
  .string()
  .optional()
  .transform((value) => value === 'true');

const choice = <T extends string>(options: Record<T, string>, message: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(z.enum(Object.keys(options) as [T, ...T[]], { errorMap: () => ({ message }) }).optional());

const UK_PHONE = /^\+?[0-9 ()-]{10,16}$/;

const schema = z
  .object({
    fullName: text(),
    preferredName: text(),
    postcode: text(20),
    noFixedAddress: toggle,
    addressLine1: text(),
    phone: text(30).pipe(
      z
        .string()
        .regex(UK_PHONE, 'This does not look like a phone number: for example 07700 900123')
        .optional(),
    ),
    email: text(200).pipe(z.string().email('This does not look like an email address').optional()),
    contactThroughMe: toggle,
    contactPreference: choice<ContactPreference>(CONTACT_PREFERENCES, 'Choose one of the ways listed'),
    contactTimes: text(),
    ageBand: z
      .string()
      .optional()
      .transform((value) => value?.trim() || undefined)
      .pipe(
        z.enum(AGE_BANDS, { errorMap: () => ({ message: 'Choose one of the age bands listed' }) }).optional(),
      ),
    dateOfBirth: text(10),
    language: text(),
    interpreter: toggle,
    accessNeeds: text(LIMITS.long),
    visitSafety: text(LIMITS.long),
    consent: toggle,
    consentHow: choice<ConsentHow>(CONSENT_HOW, 'Choose how the person agreed'),
    immediateRisk: z
      .string()
      .optional()
      .transform((value) => value?.trim() || undefined),
    safeguardingRaised: toggle,
    themes: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((theme) => theme.trim())
          .filter(Boolean),
      ),
    goodLife: text(LIMITS.long),
    goingWell: text(LIMITS.long),
    anythingElse: text(LIMITS.long),
    otherAgencies: text(LIMITS.long),
    tenure: choice<Tenure>(TENURES, 'Choose one of the options listed'),
    landlord: text(),
    leavingCare: toggle,
    organisation: text(),
    teamRole: text(),
    introducerPhone: text(30).pipe(
      z
        .string()
        .regex(UK_PHONE, 'This does not look like a phone number: for example 01632 960123')
        .optional(),
    ),
    introducerKind: choice<IntroducerKind>(INTRODUCER_KINDS, 'Choose one of the options listed'),
    practiceName: text(),
    odsCode: text(10),
    appointments: text(4),
    practiceContact: text(),
  })
  .strip();

/** An age in whole years on `today` (ISO dates). */
function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * Parses and checks the card's answers. `today` (ISO) is for date-of-birth checks. The form never
 * asks anyone to qualify a person: there are no eligibility questions and nothing is scored.
 */
export function parseIntroductionForm(data: unknown, variant: FormVariant, today: string): FormResult {
  const values = formValues(data);
  const parsed = schema.safeParse(values);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as FormField;
      errors[field] ??= issue.message;
    }
  }
  const f = parsed.success ? parsed.data : undefined;
  const need = (field: FormField, message: string) => {
    errors[field] ??= message;
  };

  if (f) {
    if (!f.fullName)
      need(
        'fullName',
        variant === 'frequent-attender'
          ? "Please give the patient's full name"
          : "Please give the person's full name",
      );

    let postcode: string | undefined;
    if (f.postcode) {
      const parsedPostcode = parsePostcode(f.postcode);
      if (!parsedPostcode)
        need(
          'postcode',
          `"${f.postcode}" is not a UK postcode. Try one like ${EXAMPLE_POSTCODE}, or tick "No fixed address".`,
        );
      else postcode = parsedPostcode.value;
    } else if (!f.noFixedAddress) {
      need('postcode', 'Please give their postcode, or tick "No fixed address"');
    }

    if (!f.phone && !f.email && !f.contactThroughMe) {
      need('phone', 'Please give a phone number or email for them, or tick "Contact them through me"');
    }

    if (f.dateOfBirth) {
      if (!isRealDate(f.dateOfBirth)) need('dateOfBirth', 'Please give a real date, such as 1958-03-14');
      else if (f.dateOfBirth > today) need('dateOfBirth', 'The date of birth is in the future');
      else if (ageOn(f.dateOfBirth, today) > 120) need('dateOfBirth', 'Please check the year of birth');
      // Introductions are of people aged 16 and over (the age bands begin at 16): a child's needs go
      // to children's services, and a coordinator walks alongside a family through a parent's or
      // carer's own introduction. Said, never silent, with where to go instead.
      else if (ageOn(f.dateOfBirth, today) < 16)
        need(
          'dateOfBirth',
          "Local Area Coordination here works with people aged 16 and over. For a child, contact children's services (the numbers are above); to introduce the family, introduce a parent or carer, with their agreement",
        );
    } else if (!f.ageBand && variant === 'introduction') {
      need('ageBand', 'Please choose an age band, or give their date of birth');
    } else if (variant === 'frequent-attender') {
      need('dateOfBirth', "Please give the patient's date of birth");
    }

    if (!f.consent) {
      need(
        'consent',
        'We can only send an introduction the person knows about and has agreed to. If they have not agreed yet, please talk to them first: nothing you typed is lost.',
      );
    } else if (!f.consentHow) {
      need('consentHow', 'Please say how they agreed');
    }

    if (f.immediateRisk !== 'yes' && f.immediateRisk !== 'no') {
      need('immediateRisk', 'Please answer: is anyone at immediate risk of harm?');
    } else if (f.immediateRisk === 'yes' && !f.safeguardingRaised) {
      need(
        'safeguardingRaised',
        'Local Area Coordination is not an emergency service. Please raise the risk through safeguarding or emergency services first (see above), then tick this box to send.',
      );
    }

    // Own keys only: `in` would accept inherited names such as "constructor" or "toString".
    const unknownThemes = f.themes.filter((theme) => !Object.hasOwn(THEMES, theme));
    if (unknownThemes.length > 0) need('themes', 'Choose from the list');

    // For a GP practice the practice is the organisation.
    const organisation = f.organisation ?? (variant === 'frequent-attender' ? f.practiceName : undefined);
    if (!organisation && variant === 'introduction') {
      need('organisation', 'Please give your organisation, so the coordinator knows who to talk to');
    }

    let frequentAttender: FrequentAttender | undefined;
    if (variant === 'frequent-attender') {
      if (!f.practiceName) need('practiceName', 'Please give the practice name');
      if (!f.odsCode) need('odsCode', "Please give the practice's ODS code, such as F84002");
      else if (!/^[A-Z]\d{5}$/.test(f.odsCode.toUpperCase())) {
        need(
          'odsCode',
          `"${f.odsCode}" is not a GP practice ODS code: one letter and five digits, such as F84002`,
        );
      }
      const appointments = f.appointments ? Number(f.appointments) : Number.NaN;
      if (!f.appointments)
        need('appointments', 'Please give the number of appointments in the last 12 months');
      else if (!Number.isInteger(appointments) || appointments < 0 || appointments > 366) {
        need('appointments', 'Please give a whole number of appointments, such as 14');
      }
      if (f.practiceName && f.odsCode && Number.isInteger(appointments)) {
        frequentAttender = {
          practiceName: f.practiceName,
          odsCode: f.odsCode.toUpperCase(),
          appointmentsLast12Months: appointments,
          ...(f.practiceContact ? { practiceContact: f.practiceContact } : {}),
        };
      }
    }

    if (Object.keys(errors).length === 0) {
      const noFixedAddress = f.noFixedAddress || (postcode !== undefined && isNoFixedAbode(postcode));
      const person: PersonDetails = {
        fullName: f.fullName as string,
        noFixedAddress,
        contactThroughIntroducer: f.contactThroughMe,
        interpreterNeeded: f.interpreter,
      };
      const optional: Partial<PersonDetails> = {
        preferredName: f.preferredName,
        postcode: noFixedAddress && !postcode ? undefined : postcode,
        addressLine1: f.addressLine1,
        phone: f.phone,
        email: f.email?.toLowerCase(),
        contactPreference: f.contactPreference,
        contactTimes: f.contactTimes,
        ageBand: f.ageBand as AgeBand | undefined,
        dateOfBirth: f.dateOfBirth,
        language: f.language,
        accessNeeds: f.accessNeeds,
        visitSafety: f.visitSafety,
      };
      for (const [key, value] of Object.entries(optional))
        if (value !== undefined) (person as unknown as Record<string, unknown>)[key] = value;
      const form: ValidForm = {
        person,
        consentHow: f.consentHow as ConsentHow,
        safety: { immediateRisk: f.immediateRisk === 'yes', safeguardingRaised: f.safeguardingRaised },
        whatMatters: withoutUndefined({
          themes: f.themes as Theme[],
          goodLife: f.goodLife,
          goingWell: f.goingWell,
          anythingElse: f.anythingElse,
        }),
        context: withoutUndefined({
          otherAgencies: f.otherAgencies,
          tenure: f.tenure,
          landlord: f.landlord,
          leavingCare: f.leavingCare,
        }),
        organisation: organisation as string,
        ...withoutUndefined({
          teamRole: f.teamRole,
          introducerPhone: f.introducerPhone,
          introducerKind: f.introducerKind,
        }),
      };
      if (frequentAttender) form.frequentAttender = frequentAttender;
      return { ok: true, form };
    }
  }
  return { ok: false, errors, values };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
