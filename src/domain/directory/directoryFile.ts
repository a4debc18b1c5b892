/**
 * The council's file as written: the zod schema every patch directory file is parsed with, and the
 * checks of its fields (./directory.ts checks the whole, across patches, and builds the Directory).
 * No I/O.
 */
import { z } from 'zod';

export const DEFAULT_CAPACITY = 50;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const WARD_CODE = /^[EW]05\d{6}$/;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** YAML turns an unquoted 2026-12-20 into a Date; accept both and keep the ISO date. */
export const isoDate = z.preprocess(
  (value) =>
    value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value,
  z
    .string({ invalid_type_error: 'must be a date written as YYYY-MM-DD' })
    .regex(ISO_DATE, 'must be a date written as YYYY-MM-DD')
    .refine((text) => {
      const date = new Date(`${text}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
    }, 'is not a real date'),
);

export const text = (what: string) =>
  z
    .string({ required_error: `${what} is missing`, invalid_type_error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`);

export const email = z
  .string({ required_error: 'email is missing', invalid_type_error: 'email must be text' })
  .trim()
  .email('must be an email address such as tammy.hughes@council.gov.uk')
  .transform((value) => value.toLowerCase());

export const aadObjectId = z
  .string({ invalid_type_error: 'aadObjectId must be text' })
  .trim()
  .regex(GUID, "must be the person's Entra object id (a GUID); leave it out to match by email")
  // Teams sends object ids in lower case, and Cosmos DB ids are case-sensitive.
  .transform((value) => value.toLowerCase());

export const personSchema = z
  .object({ name: text('name'), email, aadObjectId: aadObjectId.optional() })
  .strict();

export const coordinatorSchema = personSchema
  .extend({
    capacity: z
      .number({ invalid_type_error: 'capacity must be a whole number of people' })
      .int('capacity must be a whole number of people')
      .min(1, 'capacity must be at least 1')
      .max(500, 'capacity over 500 people is surely a typo')
      .default(DEFAULT_CAPACITY),
    away: z
      .object({ from: isoDate, to: isoDate, cover: email.optional() })
      .strict()
      .refine((away) => away.from <= away.to, {
        message: 'away.from must be on or before away.to',
        path: ['to'],
      })
      .optional(),
  })
  .strict();

export const patchSchema = z
  .object({
    id: z
      .string({ required_error: 'id is missing' })
      .regex(
        /^[a-z0-9]+(-[a-z0-9]+)*$/,
        'id must be lower-case letters, digits and hyphens, such as harold-hill-north',
      ),
    name: text('name'),
    postcodes: z.array(z.string({ invalid_type_error: 'each postcode rule must be text' })).default([]),
    wards: z
      .array(z.string().trim().regex(WARD_CODE, 'must be an ONS ward code such as E05013982'))
      .default([]),
    coordinators: z.array(coordinatorSchema).default([]),
  })
  .strict();

export const fileSchema = z
  .object({
    area: text('area'),
    safeguarding: text('safeguarding'),
    triage: z
      .object({
        name: text('triage name'),
        managers: z
          .array(personSchema)
          .min(1, 'triage needs at least one manager, who decides on introductions no patch takes'),
      })
      .strict(),
    patches: z.array(patchSchema).min(1, 'the directory needs at least one patch'),
    reportViewers: z.array(personSchema).default([]),
    // The role that changes every other from Teams: by object id only, never matched by email.
    administrators: z
      .array(
        personSchema.extend({
          aadObjectId: z
            .string({
              required_error:
                'an administrator needs their aadObjectId (Entra admin centre, Users, Object ID): this role is never matched by email',
            })
            .pipe(aadObjectId),
        }),
      )
      .default([]),
    records: z
      .object({
        leads: z.array(personSchema).default([]),
        retention: z
          .object({
            neverBecameSupportYears: z.number().int().min(1).max(20).default(2),
            supportYears: z.number().int().min(1).max(30).default(6),
          })
          .strict()
          .default({}),
        privacyNotice: text('privacyNotice').optional(),
        dataProtectionOfficer: text('dataProtectionOfficer').optional(),
        staffAreThirdParties: z.boolean().optional(),
        approvals: z
          .union([z.literal(1), z.literal(2)], {
            errorMap: () => ({ message: 'approvals must be 1 or 2 (records leads approving each disposal)' }),
          })
          .default(1),
      })
      .strict()
      .default({}),
    residents: z
      .object({
        languages: z
          .array(
            z.enum(['en', 'cy'], {
              errorMap: () => ({ message: 'languages are en (English) and cy (Welsh)' }),
            }),
          )
          .default(['en'])
          .refine(
            (list) => list.includes('en'),
            'languages must include en: the pages are always in English',
          ),
        safeguardingWelsh: text('safeguardingWelsh').optional(),
        expectContact: text('expectContact').optional(),
        expectContactWelsh: text('expectContactWelsh').optional(),
        phone: text('phone').optional(),
        limits: z
          .object({
            answersPerAddressPerHour: z.number().int().min(10).max(100_000).optional(),
            introductionsPerAddressPerDay: z.number().int().min(1).max(10_000).optional(),
            answersPerHour: z.number().int().min(10).max(1_000_000).optional(),
            introductionsPerHour: z.number().int().min(1).max(100_000).optional(),
          })
          .strict()
          .default({}),
      })
      .strict()
      .refine((r) => !r.languages.includes('cy') || r.safeguardingWelsh !== undefined, {
        message: 'safeguardingWelsh is needed where the pages are offered in Welsh (cy)',
        path: ['safeguardingWelsh'],
      })
      .default({}),
    unitCosts: z
      .object({
        illustrative: z.boolean().default(false),
        asOf: isoDate,
        rows: z
          .array(
            z
              .object({
                kind: z
                  .string()
                  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kind must be lower-case letters, digits and hyphens'),
                label: text('label'),
                cost: z.number({ invalid_type_error: 'cost must be a number of pounds' }).nonnegative(),
                source: text('source'),
              })
              .strict(),
          )
          .min(1, 'unitCosts needs at least one row'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type FileShape = z.infer<typeof fileSchema>;
