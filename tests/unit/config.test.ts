import { ConfigError, loadConfig } from '../../src/config';

const TENANT = '6b1c3f0e-5a7d-4c2b-9e41-0d3a8f2c7b10';
const PARTNER = '2a8e4f1c-9b3d-4e7a-8c5f-1d6b0e9a3c20';
const BOT_ID = '0b9f3a5e-7c1d-4e2f-8a6b-5c4d3e2f1a00';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('defaults', () => {
  it('runs locally with no settings at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      localMode: true,
      cosmos: { endpoint: undefined, database: 'lac-front-door' },
      logLevel: 'info',
      backgroundWorkers: true,
      appInsightsAuth: 'key',
    });
    expect(config.allowedTenantIds.size).toBe(0);
    expect(config.patchesFile).toMatch(/env[/\\]demo-borough\.patches\.yaml$/);
  });

  it('turns the background workers off for a staging slot', () => {
    expect(loadConfig({ LAC_BACKGROUND_WORKERS: 'off' }).backgroundWorkers).toBe(false);
  });

  it('treats empty values in .env files as not set', () => {
    expect(loadConfig({ BOT_ID: '', COSMOS_ENDPOINT: ' ', LAC_PATCHES_FILE: '' }).localMode).toBe(true);
  });
});

describe('bad settings are named, one line each', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 1 to 65535 (got "70000")'],
    [
      { BOT_TYPE: 'nonsense' },
      'BOT_TYPE must be one of MultiTenant, SingleTenant, UserAssignedMsi (got "nonsense")',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ LAC_BACKGROUND_WORKERS: 'sometimes' }, 'LAC_BACKGROUND_WORKERS must be on or off'],
    [{ APPLICATIONINSIGHTS_AUTH: 'password' }, 'APPLICATIONINSIGHTS_AUTH must be key or entra'],
    [{ COSMOS_ENDPOINT: 'not a url' }, 'COSMOS_ENDPOINT must be a URL'],
    [{ ALLOWED_TENANT_IDS: `${TENANT},nhs` }, 'ALLOWED_TENANT_IDS must be a GUID'],
    [{ BOT_ID: 'my-bot' }, 'BOT_ID must be a GUID'],
  ])('%j', (env, expected) => {
    const message = problem(env);
    expect(message).toContain(expected);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('lists every problem, not just the first', () => {
    const message = problem({ PORT: 'abc', BOT_TYPE: 'nonsense' });
    expect(message).toContain('PORT');
    expect(message).toContain('BOT_TYPE');
  });

  it('checks the Application Insights connection string without printing it', () => {
    const message = problem({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'secret-but-wrong' });
    expect(message).toContain(
      'APPLICATIONINSIGHTS_CONNECTION_STRING must be an Application Insights connection string',
    );
    expect(message).not.toContain('secret-but-wrong');
  });

  it('never prints a secret', () => {
    const message = problem({
      BOT_ID,
      BOT_PASSWORD: 'hunter2-secret',
      BOT_TYPE: 'SingleTenant',
      HOST: '0.0.0.0',
    });
    expect(message).not.toContain('hunter2');
  });
});

describe('local mode', () => {
  it('refuses to listen beyond loopback without credentials', () => {
    expect(problem({ HOST: '0.0.0.0' })).toContain('HOST must be a loopback address');
  });
});

describe('with bot credentials', () => {
  it('needs a password and tenant for a single-tenant app registration', () => {
    const message = problem({ BOT_ID, BOT_TYPE: 'SingleTenant' });
    expect(message).toContain('BOT_PASSWORD is required');
    expect(message).toContain('BOT_TENANT_ID is required');
  });

  it("takes report links from App Service's own address, or an https address of the council's", () => {
    const deployed = { BOT_ID, BOT_TYPE: 'UserAssignedMsi', BOT_TENANT_ID: TENANT, HOST: '0.0.0.0' };
    const file = { LAC_PATCHES_FILE: 'env/havering.patches.yaml' };
    expect(
      loadConfig({ ...deployed, ...file, WEBSITE_HOSTNAME: 'lacdev-app.azurewebsites.net' }).publicUrl,
    ).toBe('https://lacdev-app.azurewebsites.net');
    expect(
      loadConfig({ ...deployed, ...file, LAC_PUBLIC_URL: 'https://lac.havering.gov.uk/' }).publicUrl,
    ).toBe('https://lac.havering.gov.uk');
    expect(problem({ ...deployed, ...file, LAC_PUBLIC_URL: 'http://lac.havering.gov.uk' })).toContain(
      'LAC_PUBLIC_URL must be an https address',
    );
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it('needs no password with a user-assigned managed identity', () => {
    const config = loadConfig({
      BOT_ID,
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: TENANT,
      HOST: '0.0.0.0',
      LAC_PATCHES_FILE: 'env/havering.patches.yaml',
    });
    expect(config.localMode).toBe(false);
    expect(config.bot.type).toBe('UserAssignedMsi');
  });

  it('always allows the council tenant, plus the partner tenants listed', () => {
    const config = loadConfig({
      BOT_ID,
      BOT_PASSWORD: 'x',
      BOT_TENANT_ID: TENANT.toUpperCase(),
      ALLOWED_TENANT_IDS: ` ${PARTNER} `,
      LAC_PATCHES_FILE: 'env/havering.patches.yaml',
    });
    expect([...config.allowedTenantIds].sort()).toEqual([PARTNER, TENANT].sort());
  });

  it('needs the council’s own patch file, and refuses the demo council’s', () => {
    const base = { BOT_ID, BOT_TYPE: 'UserAssignedMsi', BOT_TENANT_ID: TENANT };
    expect(problem(base)).toContain(
      "LAC_PATCHES_FILE is required when BOT_ID is set: the council's own patch directory",
    );
    expect(problem({ ...base, LAC_PATCHES_FILE: ' ' })).toContain('LAC_PATCHES_FILE is required');
    expect(problem({ ...base, LAC_PATCHES_FILE: 'env/demo-borough.patches.yaml' })).toContain(
      "LAC_PATCHES_FILE must be the council's own patch directory, not the demo council's",
    );
  });

  it('needs at least one allowed tenant for a multi-tenant registration', () => {
    expect(problem({ BOT_ID, BOT_PASSWORD: 'x', BOT_TYPE: 'MultiTenant' })).toContain(
      'ALLOWED_TENANT_IDS must list at least one tenant id',
    );
  });
});
