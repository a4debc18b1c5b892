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
 * - one of the two existing subnets of a landing zone without the other.
 *
 * And it fixes the monthly budget's first month once: Azure refuses to change a budget's start date,
 * so a date worked out at each provision (the first of the current month) would fail every provision
 * after the first month. On the first provision of an environment it prints
 * `::set-teamsfx-env BUDGET_START_DATE=YYYY-MM-01` for the toolkit's later steps and writes the same
 * line into the env file itself (so it holds whether the toolkit or a person ran the check); every
 * later provision passes that same date. An estate provisioned before this existed sets
 * BUDGET_START_DATE to its budget's start date (`az consumption budget show`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/** The most instances a plan's tier runs: Basic 3, Standard 10; Premium v3 more, but the Bicep takes 10. */
const MAX_INSTANCES: Record<string, number> = { B: 3, S: 10, P: 10 };

export interface Environment {
  name: string;
  values: Record<string, string | undefined>;
}

export interface CheckOutcome {
  problems: string[];
  /** Values to write into this environment's file (the toolkit does, from `::set-teamsfx-env`). */
  set: Record<string, string>;
}

/** The first of the month `now` is in (UTC), as Azure's budgets take it. */
export function firstOfMonth(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

export function checkEnvironment(env: Environment, others: readonly Environment[], now: Date): CheckOutcome {
  const problems: string[] = [];
  const set: Record<string, string> = {};
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
  const sku = value('APP_SERVICE_SKU') || 'B1';
  const instances = Number(value('APP_INSTANCE_COUNT') || '2');
  const most = MAX_INSTANCES[sku.charAt(0)];
  if (most !== undefined && instances > most)
    problems.push(
      `APP_INSTANCE_COUNT is ${instances}, but a ${sku} plan runs at most ${most}: lower it, or choose a larger tier.`,
    );

  // Landing zones: both subnets or neither (the template creates its own network only with neither).
  if ((value('EXISTING_APP_SUBNET_ID') === '') !== (value('EXISTING_PRIVATE_ENDPOINT_SUBNET_ID') === ''))
    problems.push(
      'EXISTING_APP_SUBNET_ID and EXISTING_PRIVATE_ENDPOINT_SUBNET_ID go together: give both (a landing zone) or neither (a network of its own).',
    );

  const start = value('BUDGET_START_DATE');
  if (start === '') set.BUDGET_START_DATE = firstOfMonth(now);
  else if (!/^\d{4}-(0[1-9]|1[0-2])-01$/.test(start))
    problems.push(
      `BUDGET_START_DATE is "${start}": it must be the first of a month (YYYY-MM-01), the budget's own start date once it exists.`,
    );
  return { problems, set };
}

/** Sets `KEY=value` in an env file: the line replaced where the key is, else added at the end. */
export function writeSetting(file: string, key: string, value: string): void {
  const text = readFileSync(file, 'utf8');
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
  const env = all.find((e) => e.name === name);
  if (!env) {
    process.stderr.write(
      `There is no env/.env.${name}: copy env/new-environment.env to it and fill it in.\n`,
    );
    return 2;
  }
  const { problems, set } = checkEnvironment(
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
  process.stdout.write(`env/.env.${name} is ready to provision.\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
