/**
 * `npm run provision:check -- --env prod`: run by `atk provision` (m365agents.yml) before anything
 * reaches Azure, and by hand before a first provision. It refuses, with one line a problem:
 *
 * - an environment that carries another environment's ids (an env file copied from `.env.dev`
 *   keeps dev's Teams app id, bot id, App Service, Cosmos DB account and resource suffix: provisioning
 *   "prod" would update dev's resources);
 * - a setting provisioning needs that is empty (the subscription, the resource group, the suffix,
 *   the alert mailbox, the patch file);
 * - more instances than the App Service plan's tier allows (Basic: 3);
 * - a landing zone given in part (its two subnets and three private DNS zones go together);
 * - the audit key missing from an estate already provisioned (it is made once, into the env's
 *   .user file, before the first provision, and never again), and seal settings that cannot work.
 *
 * And it fixes the monthly budget's first month once: Azure refuses to change a budget's start date,
 * so a date worked out at each provision (the first of the current month) would fail every provision
 * after the first month; and a new budget must start in the current month, so the date is worked
 * out afresh until a deployment has completed. Until then it prints
 * `::set-teamsfx-env BUDGET_START_DATE=YYYY-MM-01` for the toolkit's later steps and writes the same
 * line into the env file itself (so it holds whether the toolkit or a person ran the check); every
 * later provision passes that same date. An estate provisioned before this existed sets
 * BUDGET_START_DATE to its budget's start date (`az consumption budget show`).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newAuditKey } from '../storage/records/auditKey';
import { readEnvFiles } from './package';

/** The settings that name one environment's own resources: never shared with another. */
export const OWN_IDS = [
  'TEAMS_APP_ID',
  'BOT_ID',
  'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
  'BOT_DOMAIN',
  'COSMOS_ENDPOINT',
  'RESOURCE_SUFFIX',
] as const;

/** What provisioning cannot do without (the Bicep refuses some too, later and less clearly). */
export const REQUIRED = [
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP_NAME',
  'RESOURCE_SUFFIX',
  'ALERT_EMAIL',
  'LAC_PATCHES_FILE',
] as const;

/** Passed to the Bicep as numbers (unquoted in azure.parameters.json): empty or not a number is invalid JSON. */
export const WHOLE_NUMBERS = [
  'APP_INSTANCE_COUNT',
  'COSMOS_AUTOSCALE_MAX_THROUGHPUT',
  'LOG_RETENTION_DAYS',
  'AUDIT_RETENTION_DAYS',
  'DAILY_LOG_CAP_GB',
  'MONTHLY_BUDGET',
  'LAC_REMINDER_WORKING_DAYS',
  'SEAL_RETENTION_DAYS',
] as const;

/** The most instances a plan's tier runs: Basic 3, Standard 10; Premium v3 more, but the Bicep takes 10. */
const MAX_INSTANCES: Record<string, number> = { B: 3, S: 10, P: 10 };

/** A landing zone's network and private DNS zones (Cosmos DB's, the seals' and the key's), given together. */
export const LANDING_ZONE = [
  'EXISTING_APP_SUBNET_ID',
  'EXISTING_PRIVATE_ENDPOINT_SUBNET_ID',
  'EXISTING_COSMOS_PRIVATE_DNS_ZONE_ID',
  'EXISTING_BLOB_PRIVATE_DNS_ZONE_ID',
  'EXISTING_KEYVAULT_PRIVATE_DNS_ZONE_ID',
] as const;

/** Every setting the check reads, for what a pipeline's variables may set. */
const WATCHED = new Set<string>([
  ...OWN_IDS,
  ...REQUIRED,
  ...WHOLE_NUMBERS,
  ...LANDING_ZONE,
  'APP_SERVICE_SKU',
  'BUDGET_START_DATE',
  'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
  'SEAL_POLICY_STATE',
  'SECRET_AUDIT_KEY',
  'SEAL_STORAGE_URL',
]);

export interface Environment {
  name: string;
  values: Record<string, string | undefined>;
}

export interface CheckOutcome {
  problems: string[];
  /** Values to write into this environment's file (the toolkit does, from `::set-teamsfx-env`). */
  set: Record<string, string>;
  /** Secrets to write into this environment's .user file, never printed. */
  setSecret: Record<string, string>;
}

/** The first of the month `now` is in (UTC), as Azure's budgets take it. */
export function firstOfMonth(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

export function checkEnvironment(
  env: Environment,
  others: readonly Environment[],
  now: Date,
  makeKey: () => string = newAuditKey,
): CheckOutcome {
  const problems: string[] = [];
  const set: Record<string, string> = {};
  const setSecret: Record<string, string> = {};
  const value = (name: string) => (env.values[name] ?? '').trim();

  for (const name of REQUIRED) {
    if (value(name) === '')
      problems.push(`${name} is empty in env/.env.${env.name}: set it before provisioning.`);
  }
  for (const name of OWN_IDS) {
    const mine = value(name);
    if (mine === '') continue;
    const sharer = others.find((other) => (other.values[name] ?? '').trim() === mine);
    if (sharer)
      problems.push(
        `${name} in env/.env.${env.name} is the same as ${sharer.name}'s: provisioning ${env.name} would change ${sharer.name}'s resources. ` +
          (name === 'RESOURCE_SUFFIX'
            ? `Give ${env.name} its own suffix.`
            : `Empty it, so that provisioning creates ${env.name}'s own.`),
      );
  }
  for (const name of WHOLE_NUMBERS) {
    if (!/^\d+$/.test(value(name)))
      problems.push(`${name} is "${value(name)}" in env/.env.${env.name}: it must be a whole number.`);
  }
  const sku = value('APP_SERVICE_SKU') || 'B1';
  const instances = Number(value('APP_INSTANCE_COUNT'));
  const most = MAX_INSTANCES[sku.charAt(0)];
  if (most !== undefined && instances > most)
    problems.push(
      `APP_INSTANCE_COUNT is ${instances}, but a ${sku} plan runs at most ${most}: lower it, or choose a larger tier.`,
    );

  // Landing zones: all three or none. With the zone alone the template's own network would not be
  // linked to it (the app would resolve Cosmos DB's public address, which is closed); with the
  // subnets alone a second zone would be linked to the spoke, which a hub's DNS never asks.
  const landingZone = LANDING_ZONE.filter((name) => value(name) !== '');
  if (landingZone.length > 0 && landingZone.length < LANDING_ZONE.length)
    problems.push(
      `${LANDING_ZONE.join(', ')} go together: give all five (a landing zone) or none (a network and zones of its own). Missing: ${LANDING_ZONE.filter((name) => value(name) === '').join(', ')}.`,
    );

  // The budget's start date. Azure takes a start in the current month for a new budget and refuses
  // to change it after: so until a deployment has completed (provisioning wrote the App Service's
  // id back), it is this month's first, worked out again at each try; from then on it is the one
  // in the file, for good.
  const start = value('BUDGET_START_DATE');
  const deployed = value('BOT_AZURE_APP_SERVICE_RESOURCE_ID') !== '';
  if (!deployed) {
    if (start !== firstOfMonth(now)) set.BUDGET_START_DATE = firstOfMonth(now);
  } else if (start === '')
    problems.push(
      `BUDGET_START_DATE is empty, but env/.env.${env.name} has been provisioned: set it to the budget's own start date (az consumption budget show -n <resource base name>-monthly --query timePeriod.startDate), since Azure refuses to change it.`,
    );
  else if (!/^\d{4}-(0[1-9]|1[0-2])-01$/.test(start))
    problems.push(
      `BUDGET_START_DATE is "${start}": it must be the first of a month (YYYY-MM-01), the budget's own start date once it exists.`,
    );

  // The audit key: made once, before the first provision, and never again. A new key for an estate
  // that has one would make every audit entry and seal fail verification.
  const key = value('SECRET_AUDIT_KEY');
  // An estate provisioned before the audit was sealed has no vault and no seal store yet (its
  // provisioning never wrote SEAL_STORAGE_URL back): its first key is made now, as for a new one.
  const sealed = value('SEAL_STORAGE_URL') !== '';
  if (key === '') {
    if (deployed && sealed)
      problems.push(
        `SECRET_AUDIT_KEY is missing from env/.env.${env.name}.user, but ${env.name} has been provisioned: restore it from the Key Vault (secret audit-key), never make a new one: every audit entry is MACed with it.`,
      );
    else setSecret.SECRET_AUDIT_KEY = makeKey();
  } else if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length < 32)
    problems.push(`SECRET_AUDIT_KEY in env/.env.${env.name}.user must be at least 32 bytes, base64 encoded.`);
  const state = value('SEAL_POLICY_STATE');
  if (state !== 'Unlocked' && state !== 'Locked')
    problems.push(`SEAL_POLICY_STATE is "${state}": it must be Unlocked (the first provision) or Locked.`);
  if (Number(value('SEAL_RETENTION_DAYS')) < Number(value('AUDIT_RETENTION_DAYS')))
    problems.push(
      'SEAL_RETENTION_DAYS is shorter than AUDIT_RETENTION_DAYS: seals must outlast the entries they seal.',
    );
  return { problems, set, setSecret };
}

/** Sets `KEY=value` in an env file (made if absent): the line replaced where the key is, else added. */
export function writeSetting(file: string, key: string, value: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const line = new RegExp(`^${key}=.*$`, 'm');
  const next = line.test(text)
    ? text.replace(line, `${key}=${value}`)
    : `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${key}=${value}\n`;
  writeFileSync(file, next);
}

/** Every environment in the env folder: `.env.<name>` with its `.env.<name>.user`, `local` left out. */
export function environments(dir: string): Environment[] {
  return readdirSync(dir)
    .map((file) => /^\.env\.([A-Za-z0-9_-]+)$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'local')
    .map((name) => ({
      name,
      values: readEnvFiles([path.join(dir, `.env.${name}`), path.join(dir, `.env.${name}.user`)]),
    }));
}

export function main(argv: string[], now = new Date()): number {
  const at = argv.indexOf('--env');
  const name = at >= 0 ? argv[at + 1] : undefined;
  const dirAt = argv.indexOf('--dir');
  const dir = dirAt >= 0 ? (argv[dirAt + 1] ?? '') : path.resolve(__dirname, '..', '..', 'env');
  if (!name) {
    process.stderr.write('Usage: npm run provision:check -- --env <name>\n');
    return 2;
  }
  const all = environments(dir);
  // As the toolkit reads an environment: what the process's environment sets wins over the file (a
  // pipeline may pass the subscription or the resource group as variables).
  const current = all.find((e) => e.name === name);
  if (current)
    for (const key of Object.keys(process.env))
      if (/^[A-Z][A-Z0-9_]*$/.test(key) && (key in current.values || WATCHED.has(key)))
        current.values[key] = process.env[key];
  const env = all.find((e) => e.name === name);
  if (!env) {
    process.stderr.write(
      `There is no env/.env.${name}: copy env/new-environment.env to it and fill it in.\n`,
    );
    return 2;
  }
  const { problems, set, setSecret } = checkEnvironment(
    env,
    all.filter((e) => e.name !== name),
    now,
  );
  if (problems.length > 0) {
    process.stderr.write(
      `env/.env.${name} is not ready to provision:\n${problems.map((p) => `- ${p}\n`).join('')}`,
    );
    return 1;
  }
  for (const [key, val] of Object.entries(set)) {
    writeSetting(path.join(dir, `.env.${name}`), key, val);
    process.stdout.write(`::set-teamsfx-env ${key}=${val}\n`);
  }
  // A secret goes into the .user file only (git-ignored), and is never printed: the toolkit's run
  // read the env files before this step, so a key made now is read by the next run.
  for (const [key, val] of Object.entries(setSecret)) {
    writeSetting(path.join(dir, `.env.${name}.user`), key, val);
    process.stdout.write(
      `Made the audit key (${key}) in env/.env.${name}.user: keep a copy of that file safe; the key is never changed.\n`,
    );
  }
  if (Object.keys(setSecret).length > 0 && process.env.TEAMSFX_ENV !== undefined) {
    process.stderr.write(
      `env/.env.${name} is ready, but this provision started before its audit key was made: run provision again.\n`,
    );
    return 1;
  }
  process.stdout.write(`env/.env.${name} is ready to provision.\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
