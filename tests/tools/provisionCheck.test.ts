/**
 * `npm run provision:check`, which `atk provision` runs first: a new environment never carries
 * another's ids, and the monthly budget's start date is fixed once, so a provision a month later
 * passes the same date (Azure refuses to change a budget's start date).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkEnvironment, type Environment, environments, main } from '../../src/tools/provisionCheck';
import { bicep, INFRA, paramDefault } from '../helpers/bicep';

const ROOT = path.resolve(__dirname, '..', '..');
const ENV = path.join(ROOT, 'env');

/** A filled-in environment, as a council's cloud team would have it before the first provision. */
const filled = (name: string, extra: Record<string, string> = {}): Environment => ({
  name,
  values: {
    AZURE_SUBSCRIPTION_ID: '00000000-0000-4000-8000-00000000000a',
    AZURE_RESOURCE_GROUP_NAME: `rg-lac-${name}`,
    RESOURCE_SUFFIX: `derby${name}`,
    ALERT_EMAIL: 'lac-alerts@derby.gov.uk',
    LAC_PATCHES_FILE: 'env/derby.patches.yaml',
    APP_SERVICE_SKU: 'B1',
    APP_INSTANCE_COUNT: '2',
    COSMOS_AUTOSCALE_MAX_THROUGHPUT: '1000',
    LOG_RETENTION_DAYS: '90',
    AUDIT_RETENTION_DAYS: '2557',
    DAILY_LOG_CAP_GB: '1',
    MONTHLY_BUDGET: '50',
    LAC_REMINDER_WORKING_DAYS: '2',
    SEAL_RETENTION_DAYS: '2557',
    SEAL_POLICY_STATE: 'Unlocked',
    SECRET_AUDIT_KEY: Buffer.alloc(32, 9).toString('base64'),
    ...extra,
  },
});

/** The env file written into `dir`, and the check run on it as the toolkit runs it (a process of its own). */
function checkByCommand(dir: string, env: Environment): string {
  const lines = Object.entries(env.values).map(([k, v]) => `${k}=${v}`);
  writeFileSync(path.join(dir, `.env.${env.name}`), `${lines.join('\n')}\n`);
  return execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'src', 'tools', 'provisionCheck.ts'),
      '--env',
      env.name,
      '--dir',
      dir,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } },
  );
}

const APP_SERVICE = '/subscriptions/x/resourceGroups/rg-lac-prod/providers/Microsoft.Web/sites/lacderby-app';

/**
 * A provision as the toolkit runs it: the check, its `::set-teamsfx-env` values into the file, then
 * (when Azure took it) the deployment's outputs written back. The start date the Bicep was given.
 */
function provision(env: Environment, others: Environment[], now: Date, azureTookIt = true): string {
  const outcome = checkEnvironment(env, others, now);
  expect(outcome.problems).toEqual([]);
  Object.assign(env.values, outcome.set);
  const given = String(env.values.BUDGET_START_DATE);
  if (azureTookIt) env.values.BOT_AZURE_APP_SERVICE_RESOURCE_ID = APP_SERVICE;
  return given;
}

describe('the budget start date', () => {
  it('is fixed at the first provision and passed unchanged a month later, and a year later', () => {
    const prod = filled('prod');
    const first = provision(prod, [], new Date('2026-12-04T10:00:00Z'));
    const aMonthLater = provision(prod, [], new Date('2027-01-15T10:00:00Z'));
    const aYearLater = provision(prod, [], new Date('2027-12-31T23:30:00Z'));
    expect(first).toBe('2026-12-01');
    expect([aMonthLater, aYearLater]).toEqual([first, first]);
  });

  it('starts in the month a first provision succeeds, not the month a failed one was tried', () => {
    const prod = filled('prod');
    // December: Azure refused something, nothing was made.
    provision(prod, [], new Date('2026-12-30T16:00:00Z'), false);
    // January: tried again, and it works. A new budget must start in the current month.
    expect(provision(prod, [], new Date('2027-01-04T09:00:00Z'))).toBe('2027-01-01');
    expect(provision(prod, [], new Date('2027-03-04T09:00:00Z'))).toBe('2027-01-01');
  });

  it("takes an existing budget's date as it is, and refuses one missing or not the first of a month", () => {
    const deployed = { BOT_AZURE_APP_SERVICE_RESOURCE_ID: APP_SERVICE };
    const kept = filled('prod', { ...deployed, BUDGET_START_DATE: '2026-09-01' });
    expect(checkEnvironment(kept, [], new Date('2027-02-02T00:00:00Z'))).toEqual({
      problems: [],
      set: {},
      setSecret: {},
    });
    const wrong = checkEnvironment(
      filled('prod', { ...deployed, BUDGET_START_DATE: '2026-09-14' }),
      [],
      new Date(),
    );
    expect(wrong.problems.join('\n')).toMatch(
      /BUDGET_START_DATE is "2026-09-14": it must be the first of a month/,
    );
    // Provisioned before the date was kept in the file: the budget's own date, or Azure refuses.
    const missing = checkEnvironment(filled('prod', deployed), [], new Date());
    expect(missing.problems.join('\n')).toMatch(
      /BUDGET_START_DATE is empty, but env\/\.env\.prod has been provisioned/,
    );
  });

  it('reaches the Bicep from the env file: no default worked out at each deployment', () => {
    expect(paramDefault('budgetStartDate')).toBeUndefined();
    expect(bicep).not.toMatch(/utcNow\(/);
    expect(readFileSync(path.join(INFRA, 'azure.parameters.json'), 'utf8')).toContain(
      // The toolkit's placeholder, as written in the parameters file.
      `"budgetStartDate": { "value": "$\{{BUDGET_START_DATE}}" }`,
    );
    expect(readFileSync(path.join(ENV, '.env.dev'), 'utf8')).toMatch(/^BUDGET_START_DATE=$/m);
  });
});

describe("another environment's ids", () => {
  it("refuses prod made by copying dev's file once dev was provisioned", () => {
    const dev = filled('dev', {
      TEAMS_APP_ID: '6f1c1a7e-3c1b-4d2e-9f00-0000000000d1',
      BOT_ID: '0b0b0b0b-1111-4222-8333-444444444444',
      BOT_AZURE_APP_SERVICE_RESOURCE_ID:
        '/subscriptions/x/resourceGroups/rg-lac-dev/providers/Microsoft.Web/sites/lacderbydev',
      BOT_DOMAIN: 'lacderbydev.azurewebsites.net',
      COSMOS_ENDPOINT: 'https://lacderbydev-cosmos.documents.azure.com:443/',
    });
    const prod: Environment = { name: 'prod', values: { ...dev.values } };
    const { problems } = checkEnvironment(prod, [dev], new Date());
    for (const id of [
      'TEAMS_APP_ID',
      'BOT_ID',
      'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
      'BOT_DOMAIN',
      'COSMOS_ENDPOINT',
    ])
      expect(problems.join('\n')).toContain(`${id} in env/.env.prod is the same as dev's`);
    expect(problems.join('\n')).toContain("RESOURCE_SUFFIX in env/.env.prod is the same as dev's");
  });

  it('passes a new environment made from the template', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lac-env-'));
    try {
      copyFileSync(path.join(ENV, '.env.dev'), path.join(dir, '.env.dev'));
      const template = readFileSync(path.join(ENV, 'new-environment.env'), 'utf8')
        .replace(/^TEAMSFX_ENV=$/m, 'TEAMSFX_ENV=prod')
        .replace(/^AZURE_SUBSCRIPTION_ID=$/m, 'AZURE_SUBSCRIPTION_ID=00000000-0000-4000-8000-00000000000a')
        .replace(/^AZURE_RESOURCE_GROUP_NAME=$/m, 'AZURE_RESOURCE_GROUP_NAME=rg-lac-prod')
        .replace(/^RESOURCE_SUFFIX=$/m, 'RESOURCE_SUFFIX=derby')
        .replace(/^ALERT_EMAIL=$/m, 'ALERT_EMAIL=lac-alerts@derby.gov.uk')
        .replace(/^LAC_PATCHES_FILE=$/m, 'LAC_PATCHES_FILE=env/derby.patches.yaml');
      writeFileSync(path.join(dir, '.env.prod'), template);
      const all = environments(dir);
      const prod = all.find((e) => e.name === 'prod') as Environment;
      const outcome = checkEnvironment(
        prod,
        all.filter((e) => e !== prod),
        new Date('2026-12-04T00:00:00Z'),
      );
      expect(outcome).toEqual({
        problems: [],
        set: { BUDGET_START_DATE: '2026-12-01' },
        setSecret: { SECRET_AUDIT_KEY: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) },
      });
      expect(prod.values.APP_NAME_SUFFIX).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('refuses an empty required setting, a number that is not one, more instances than Basic runs', () => {
  const { problems } = checkEnvironment(
    filled('prod', { ALERT_EMAIL: '', APP_INSTANCE_COUNT: '4', LOG_RETENTION_DAYS: '' }),
    [],
    new Date(),
  );
  expect(problems).toEqual([
    'ALERT_EMAIL is empty in env/.env.prod: set it before provisioning.',
    'LOG_RETENTION_DAYS is "" in env/.env.prod: it must be a whole number.',
    'APP_INSTANCE_COUNT is 4, but a B1 plan runs at most 3: lower it, or choose a larger tier.',
  ]);
});

it.each([
  ['the subnets without the zone', ['EXISTING_APP_SUBNET_ID', 'EXISTING_PRIVATE_ENDPOINT_SUBNET_ID']],
  ['the zone without the subnets', ['EXISTING_COSMOS_PRIVATE_DNS_ZONE_ID']],
  [
    "Cosmos DB's zone without the seals' and the key's",
    ['EXISTING_APP_SUBNET_ID', 'EXISTING_PRIVATE_ENDPOINT_SUBNET_ID', 'EXISTING_COSMOS_PRIVATE_DNS_ZONE_ID'],
  ],
  ['one subnet', ['EXISTING_APP_SUBNET_ID']],
])('refuses half a landing zone: %s', (_what, given) => {
  const values = Object.fromEntries(
    given.map((name) => [name, `/subscriptions/x/resourceGroups/hub/${name}`]),
  );
  const { problems } = checkEnvironment(filled('prod', values), [], new Date());
  expect(problems).toEqual([expect.stringMatching(/go together: give all five \(a landing zone\) or none/)]);
  const whole = {
    EXISTING_APP_SUBNET_ID: 'a',
    EXISTING_PRIVATE_ENDPOINT_SUBNET_ID: 'b',
    EXISTING_COSMOS_PRIVATE_DNS_ZONE_ID: 'c',
    EXISTING_BLOB_PRIVATE_DNS_ZONE_ID: 'd',
    EXISTING_KEYVAULT_PRIVATE_DNS_ZONE_ID: 'e',
  };
  expect(checkEnvironment(filled('prod', whole), [], new Date()).problems).toEqual([]);
});

describe('the audit key', () => {
  const KEY = Buffer.alloc(32, 3).toString('base64');
  it('is made once, before the first provision, into the .user file, and never printed', () => {
    const first = checkEnvironment(filled('prod', { SECRET_AUDIT_KEY: '' }), [], new Date(), () => KEY);
    expect(first).toMatchObject({ problems: [], setSecret: { SECRET_AUDIT_KEY: KEY } });
    expect(first.set).not.toHaveProperty('SECRET_AUDIT_KEY');
    // Kept: nothing made again.
    expect(checkEnvironment(filled('prod', { SECRET_AUDIT_KEY: KEY }), [], new Date()).setSecret).toEqual({});
    const dir = mkdtempSync(path.join(tmpdir(), 'lac-env-'));
    try {
      const out = checkByCommand(dir, filled('prod', { SECRET_AUDIT_KEY: '' }));
      const made = /^SECRET_AUDIT_KEY=(.+)$/m.exec(
        readFileSync(path.join(dir, '.env.prod.user'), 'utf8'),
      )?.[1];
      expect(Buffer.from(made ?? '', 'base64')).toHaveLength(32);
      expect(out).not.toContain(made);
      expect(readFileSync(path.join(dir, '.env.prod'), 'utf8')).not.toContain(made);
      // The second run keeps it.
      expect(main(['--env', 'prod', '--dir', dir])).toBe(0);
      expect(readFileSync(path.join(dir, '.env.prod.user'), 'utf8')).toContain(`SECRET_AUDIT_KEY=${made}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is never made again for an estate that has been provisioned, and must be a real key', () => {
    const provisioned = {
      SECRET_AUDIT_KEY: '',
      BOT_AZURE_APP_SERVICE_RESOURCE_ID: APP_SERVICE,
      BUDGET_START_DATE: '2026-12-01',
    };
    // An estate provisioned before the sealed audit (no seal store written back): its first key.
    const upgrading = checkEnvironment(filled('prod', provisioned), [], new Date(), () => KEY);
    expect(upgrading).toMatchObject({ problems: [], setSecret: { SECRET_AUDIT_KEY: KEY } });
    const lost = checkEnvironment(
      filled('prod', { ...provisioned, SEAL_STORAGE_URL: 'https://lacderbyseals.blob.core.windows.net/' }),
      [],
      new Date(),
    );
    expect(lost.setSecret).toEqual({});
    expect(lost.problems.join('\n')).toMatch(
      /restore it from the Key Vault \(secret audit-key\), never make a new one/,
    );
    expect(
      checkEnvironment(filled('prod', { SECRET_AUDIT_KEY: 'c2hvcnQ=' }), [], new Date()).problems.join('\n'),
    ).toMatch(/at least 32 bytes/);
  });

  it('seals outlast what they seal, and the policy is Unlocked or Locked', () => {
    const problems = checkEnvironment(
      filled('prod', { SEAL_RETENTION_DAYS: '400', SEAL_POLICY_STATE: 'locked' }),
      [],
      new Date(),
    ).problems.join('\n');
    expect(problems).toMatch(/SEAL_POLICY_STATE is "locked"/);
    expect(problems).toMatch(/SEAL_RETENTION_DAYS is shorter than AUDIT_RETENTION_DAYS/);
  });
});

it("reads the environment as the toolkit does: a pipeline's variables win over the file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lac-env-'));
  const was = process.env.AZURE_RESOURCE_GROUP_NAME;
  try {
    const values = filled('prod', { AZURE_RESOURCE_GROUP_NAME: '' }).values;
    writeFileSync(
      path.join(dir, '.env.prod'),
      `${Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    expect(main(['--env', 'prod', '--dir', dir])).toBe(1);
    process.env.AZURE_RESOURCE_GROUP_NAME = 'rg-from-the-pipeline';
    expect(main(['--env', 'prod', '--dir', dir])).toBe(0);
  } finally {
    if (was === undefined) delete process.env.AZURE_RESOURCE_GROUP_NAME;
    else process.env.AZURE_RESOURCE_GROUP_NAME = was;
    rmSync(dir, { recursive: true, force: true });
  }
});

it('as the toolkit runs it: the line it writes into the env file, or exit 1 with the problems', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lac-env-'));
  try {
    const out = checkByCommand(dir, filled('prod'));
    expect(out).toMatch(/^::set-teamsfx-env BUDGET_START_DATE=\d{4}-\d{2}-01$/m);
    // Written into the env file too, so the next provision passes the same date.
    const written = /^BUDGET_START_DATE=(.+)$/m.exec(readFileSync(path.join(dir, '.env.prod'), 'utf8'))?.[1];
    expect(out).toContain(`::set-teamsfx-env BUDGET_START_DATE=${written}`);
    expect(main(['--env', 'prod', '--dir', dir])).toBe(0);
    expect(readFileSync(path.join(dir, '.env.prod'), 'utf8').match(/^BUDGET_START_DATE=/gm)).toHaveLength(1);
    writeFileSync(path.join(dir, '.env.prod'), 'RESOURCE_SUFFIX=x\n');
    expect(main(['--env', 'prod', '--dir', dir])).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
