/**
 * `npm run manifest:check`: validates appPackage/manifest.json offline against the Teams schema
 * bundled in @microsoft/app-manifest, after substituting the `${{...}}` placeholders the Agents
 * Toolkit fills at provision time (from the environment, or plausible samples with --samples).
 * Prints the errors and exits 1 if there are any.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const APP_PACKAGE_DIR = path.resolve(__dirname, '..', '..', 'appPackage');

/** Plausible values for every placeholder, for checks on a machine with no council settings. */
export const SAMPLE_VALUES: Record<string, string> = {
  APP_VERSION: '1.0.0',
  TEAMS_APP_ID: '3c1e2a4b-5d6f-4a7b-8c9d-0e1f2a3b4c5d',
  BOT_ID: '0b9f3a5e-7c1d-4e2f-8a6b-5c4d3e2f1a00',
  BOT_DOMAIN: 'lac-front-door.azurewebsites.net',
  APP_NAME_SUFFIX: '',
  COUNCIL_NAME: 'Demo Borough Council',
  COUNCIL_WEBSITE_URL: 'https://www.demo.gov.uk',
  COUNCIL_PRIVACY_URL: 'https://www.demo.gov.uk/privacy',
  COUNCIL_TERMS_URL: 'https://www.demo.gov.uk/terms',
};

export function substitutePlaceholders(text: string, values: Record<string, string | undefined>): string {
  const missing: string[] = [];
  const result = text.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.push(name);
      return '';
    }
    return value;
  });
  if (missing.length > 0) throw new Error(`manifest placeholders with no value: ${missing.join(', ')}`);
  return result;
}

export function readManifest(
  values: Record<string, string | undefined>,
  file = path.join(APP_PACKAGE_DIR, 'manifest.json'),
): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  return JSON.parse(substitutePlaceholders(text, values)) as Record<string, unknown>;
}

/**
 * Loaded lazily: @microsoft/app-manifest requires an ES module (strip-bom), which Node loads but
 * jest's CommonJS runtime did not before require(esm) (tests still run this file as a process
 * instead of importing it).
 */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const { AppManifestUtils } = await import('@microsoft/app-manifest');
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}

if (require.main === module) {
  const values = process.argv.includes('--samples') ? SAMPLE_VALUES : { APP_NAME_SUFFIX: '', ...process.env };
  (async () => {
    const fileFlag = process.argv.indexOf('--file');
    const file = fileFlag > 0 ? process.argv[fileFlag + 1] : undefined;
    const manifest = readManifest(values, file);
    const errors = await validateManifest(manifest);
    if (errors.length > 0) {
      for (const error of errors) process.stderr.write(`manifest.json ${error}\n`);
      process.exit(1);
    }
    process.stdout.write(
      `appPackage/manifest.json is valid against Teams schema ${String(manifest.manifestVersion)}\n`,
    );
  })().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
