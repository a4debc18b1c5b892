/**
 * Configuration: every setting the app reads, parsed once from the environment with zod.
 *
 * A bad value stops the process at start with one line that names the variable and says what is
 * wrong (never the value of a secret). Names follow the Microsoft 365 Agents Toolkit conventions
 * where they exist (BOT_ID, BOT_PASSWORD, BOT_TENANT_ID, BOT_TYPE).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { directoryVersion } from './domain/directory/directory';

/**
 * The demo council shipped in the repository: used in local mode when LAC_PATCHES_FILE is not set,
 * and refused whenever the bot has credentials (a real deployment would otherwise route real
 * introductions to fictional coordinators and show fictional safeguarding numbers).
 */
export const DEMO_PATCHES_FILE = path.resolve(__dirname, '..', 'env', 'demo-borough.patches.yaml');

/**
 * Is this patch directory content the demo council's (whatever the file is called)? Compared by the
 * directory's version, its content hash. False when the demo file is not there to compare with (a
 * deployment leaves it out: .webappignore).
 */
export function isDemoDirectory(version: string): boolean {
  try {
    return version === directoryVersion(readFileSync(DEMO_PATCHES_FILE, 'utf8'));
  } catch {
    return false;
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
const SECRET_VARIABLES = new Set([
  'BOT_PASSWORD',
  'COSMOS_KEY',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'AUDIT_KEY',
]);

/** Empty strings in .env files mean "not set". */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const guid = (what: string) =>
  z.string().trim().regex(GUID, `must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 (${what})`);

const envSchema = z
  .object({
    PORT: z
      .string()
      .trim()
      .regex(/^\d+$/, 'must be a whole number from 1 to 65535')
      .transform(Number)
      .refine((port) => port >= 0 && port <= 65535, 'must be a whole number from 1 to 65535')
      .default('3978'),
    HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
    BOT_ID: optionalText.pipe(guid('the Entra app or managed identity client id').optional()),
    BOT_PASSWORD: optionalText,
    BOT_TENANT_ID: optionalText.pipe(guid('the council tenant id').optional()),
    BOT_TYPE: optionalText.pipe(
      z
        .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi'], {
          errorMap: () => ({ message: 'must be one of MultiTenant, SingleTenant, UserAssignedMsi' }),
        })
        .optional(),
    ),
    ALLOWED_TENANT_IDS: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      )
      .pipe(z.array(guid('each comma-separated tenant id'))),
    COSMOS_ENDPOINT: optionalText.pipe(
      z.string().url('must be a URL such as https://myaccount.documents.azure.com:443/').optional(),
    ),
    COSMOS_KEY: optionalText,
    COSMOS_DATABASE: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-_]{0,254}$/, 'must be letters, digits, - or _')
      .default('lac-front-door'),
    LAC_PATCHES_FILE: optionalText,
    APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText.pipe(
      z
        .string()
        .regex(/InstrumentationKey=/i, 'must be an Application Insights connection string')
        .optional(),
    ),
    APPLICATIONINSIGHTS_AUTH: z
      .enum(['key', 'entra'], { errorMap: () => ({ message: 'must be key or entra' }) })
      .default('key'),
    LAC_DATA_DIR: optionalText,
    AUDIT_KEY: optionalText.pipe(
      z
        .string()
        .refine(
          (text) => /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length >= 32,
          'must be at least 32 bytes, base64 encoded (npm run provision:check makes one)',
        )
        .optional(),
    ),
    SEAL_STORAGE_URL: optionalText.pipe(
      z
        .string()
        .url(
          "must be the seal storage account's blob endpoint, such as https://lacsealsabc.blob.core.windows.net",
        )
        .optional(),
    ),
    LAC_REMINDER_WORKING_DAYS: z
      .string()
      .trim()
      .regex(/^\d+$/, 'must be a whole number of working days from 1 to 20')
      .transform(Number)
      .refine((days) => days >= 1 && days <= 20, 'must be a whole number of working days from 1 to 20')
      .default('2'),
    LAC_BACKGROUND_WORKERS: z
      .enum(['on', 'off'], { errorMap: () => ({ message: 'must be on or off' }) })
      .default('on'),
    LAC_PUBLIC_URL: optionalText.pipe(
      z
        .string()
        .url('must be the https address people reach the bot at, such as https://lac.example.gov.uk')
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    WEBSITE_HOSTNAME: optionalText,
    LAC_FRONT_DOOR_ID: optionalText.pipe(guid("Azure Front Door's id, its X-Azure-FDID").optional()),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        errorMap: () => ({ message: 'must be one of fatal, error, warn, info, debug, trace, silent' }),
      })
      .default('info'),
  })
  .superRefine((env, ctx) => {
    const problem = (variable: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
    // With a Cosmos DB account of its own the audit is real: its MACs need the council's key and
    // its seals the immutable store (locally both are made in the data folder).
    if (env.COSMOS_ENDPOINT && !env.AUDIT_KEY)
      problem('AUDIT_KEY', 'is required when COSMOS_ENDPOINT is set: the audit entries are MACed with it');
    if (env.COSMOS_ENDPOINT && !env.SEAL_STORAGE_URL)
      problem('SEAL_STORAGE_URL', 'is required when COSMOS_ENDPOINT is set: the audit is sealed there');
    if (!env.BOT_ID) {
      if (!LOOPBACK_HOSTS.has(env.HOST)) {
        problem(
          'HOST',
          'must be a loopback address (127.0.0.1) when BOT_ID is not set: local mode is unauthenticated',
        );
      }
      return;
    }
    const type = env.BOT_TYPE ?? 'SingleTenant';
    if (type !== 'UserAssignedMsi' && !env.BOT_PASSWORD) {
      problem('BOT_PASSWORD', `is required when BOT_ID is set and BOT_TYPE is ${type}`);
    }
    if (type !== 'MultiTenant' && !env.BOT_TENANT_ID) {
      problem('BOT_TENANT_ID', `is required when BOT_TYPE is ${type}`);
    }
    if (env.LAC_PUBLIC_URL && !env.LAC_PUBLIC_URL.startsWith('https://')) {
      problem('LAC_PUBLIC_URL', 'must be an https address when BOT_ID is set: report links carry a token');
    }
    if (env.ALLOWED_TENANT_IDS.length === 0 && !env.BOT_TENANT_ID) {
      problem('ALLOWED_TENANT_IDS', 'must list at least one tenant id when BOT_ID is set');
    }
    if (!env.LAC_PATCHES_FILE) {
      problem(
        'LAC_PATCHES_FILE',
        "is required when BOT_ID is set: the council's own patch directory (the demo council's is for local use only)",
      );
    } else if (path.resolve(env.LAC_PATCHES_FILE) === DEMO_PATCHES_FILE) {
      problem(
        'LAC_PATCHES_FILE',
        "must be the council's own patch directory, not the demo council's (env/demo-borough.patches.yaml)",
      );
    }
  });

export type BotType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';

export interface AppConfig {
  port: number;
  host: string;
  /** Local mode: no bot credentials, unauthenticated, loopback only. */
  localMode: boolean;
  bot: {
    id?: string;
    password?: string;
    tenantId?: string;
    type: BotType;
  };
  /**
   * Tenants whose activities are accepted. The council's own tenant (BOT_TENANT_ID) is always in
   * it; the others are partner tenants (for example NHSmail). Empty means "any" and is only
   * possible in local mode.
   */
  allowedTenantIds: ReadonlySet<string>;
  /**
   * The outbox sweeps and the reminders (LAC_BACKGROUND_WORKERS, on by default). Off in an App
   * Service staging slot, so a slot never acts on production data by itself.
   */
  backgroundWorkers: boolean;
  cosmos: {
    /** Absent: start the embedded local Cosmos DB server. */
    endpoint?: string;
    /** Absent with an endpoint: authenticate with Entra ID (managed identity). */
    key?: string;
    database: string;
  };
  patchesFile: string;
  /** Application Insights; absent: no telemetry beyond the logs. */
  appInsightsConnectionString?: string;
  /**
   * How telemetry authenticates (APPLICATIONINSIGHTS_AUTH): `key`, the connection string alone, or
   * `entra`, the app's managed identity, for an Application Insights resource with local auth off
   * (infra/azure.bicep).
   */
  appInsightsAuth: 'key' | 'entra';
  /** Where the embedded local Cosmos DB keeps its snapshot (and Azurite its seals, and the local audit key). */
  dataDir: string;
  /** The audit key, base64 (AUDIT_KEY); absent: the local data folder's own. */
  auditKey?: string;
  /** The seal store's blob endpoint (SEAL_STORAGE_URL); absent: the embedded local Azurite. */
  sealStorageUrl?: string;
  /**
   * Working days (England and Wales) an offer may wait before its coordinator is reminded; as many
   * again after the reminder, and it is raised with the triage team.
   */
  reminderWorkingDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Where people's browsers reach the bot, for report download links: LAC_PUBLIC_URL, else
   * https:// and App Service's own host name (WEBSITE_HOSTNAME, which App Service sets); absent
   * (local): the address the bot listens on.
   */
  publicUrl?: string;
  /**
   * Azure Front Door's id, where the council puts Front Door in front of App Service
   * (LAC_FRONT_DOOR_ID): the rate limits then take the client from X-Azure-ClientIP on requests
   * that carry this id.
   */
  frontDoorId?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError whose message is one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const raw = env[variable];
      const shown = raw === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got "${raw}")`;
      return `${variable} ${issue.message}${shown}`;
    });
    throw new ConfigError(`Configuration error: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const allowed = new Set(e.ALLOWED_TENANT_IDS.map((id) => id.toLowerCase()));
  if (e.BOT_TENANT_ID) allowed.add(e.BOT_TENANT_ID.toLowerCase());
  return {
    port: e.PORT,
    host: e.HOST,
    localMode: !e.BOT_ID,
    bot: {
      id: e.BOT_ID,
      password: e.BOT_PASSWORD,
      tenantId: e.BOT_TENANT_ID,
      type: e.BOT_TYPE ?? 'SingleTenant',
    },
    allowedTenantIds: allowed,
    backgroundWorkers: e.LAC_BACKGROUND_WORKERS === 'on',
    cosmos: { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, database: e.COSMOS_DATABASE },
    patchesFile: path.resolve(e.LAC_PATCHES_FILE ?? DEMO_PATCHES_FILE),
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    appInsightsAuth: e.APPLICATIONINSIGHTS_AUTH,
    dataDir: path.resolve(e.LAC_DATA_DIR ?? '.data'),
    ...(e.AUDIT_KEY ? { auditKey: e.AUDIT_KEY } : {}),
    ...(e.SEAL_STORAGE_URL ? { sealStorageUrl: e.SEAL_STORAGE_URL } : {}),
    reminderWorkingDays: e.LAC_REMINDER_WORKING_DAYS,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.LAC_PUBLIC_URL ?? (e.WEBSITE_HOSTNAME ? `https://${e.WEBSITE_HOSTNAME}` : undefined),
    ...(e.LAC_FRONT_DOOR_ID ? { frontDoorId: e.LAC_FRONT_DOOR_ID } : {}),
  };
}
