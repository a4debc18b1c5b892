/**
 * `npm run package -- [--env dev | --samples]`: writes the Teams app package,
 * appPackage/build/appPackage.<env>.zip, containing exactly manifest.json (placeholders filled from
 * env/.env.<env>, env/.env.<env>.user and the environment) and the two icons, after validating the
 * manifest against the bundled Teams schema. (The Agents Toolkit's `teamsApp/zipAppPackage` step
 * does the same in `m365agents.yml`; this is for councils that deploy without the toolkit.)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import AdmZip from 'adm-zip';
import { APP_PACKAGE_DIR, readManifest, SAMPLE_VALUES, validateManifest } from './manifest';

const ROOT = path.resolve(APP_PACKAGE_DIR, '..');

/**
 * The env files, read as the Agents Toolkit reads them (dotenv's rules, which Node's own parseEnv
 * follows: # comments, quoted values keep their spaces, as APP_NAME_SUFFIX=" (dev)" needs); later
 * files win.
 */
export function readEnvFiles(files: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of files) {
    if (existsSync(file)) Object.assign(values, parseEnv(readFileSync(file, 'utf8')));
  }
  return values;
}

/** The ids a package must carry: empty, Teams would take a package that reaches no bot. */
const PACKAGE_IDS = ['TEAMS_APP_ID', 'BOT_ID'] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function buildPackage(
  values: Record<string, string | undefined>,
  envName: string,
): Promise<string> {
  const missing = PACKAGE_IDS.filter((name) => !GUID.test((values[name] ?? '').trim()));
  if (missing.length > 0)
    throw new Error(
      `${missing.map((name) => `${name} is ${values[name]?.trim() ? `"${values[name]}", not an id` : 'empty'}`).join('; ')} in env/.env.${envName}: provision first (atk provision --env ${envName} writes them), or copy them from the Teams Developer Portal and the Azure Bot resource.`,
    );
  const manifest = readManifest(values);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`manifest.json is not valid:\n${errors.join('\n')}`);
  const outDir = path.join(APP_PACKAGE_DIR, 'build');
  mkdirSync(outDir, { recursive: true });
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const icon of ['color.png', 'outline.png'])
    zip.addFile(icon, readFileSync(path.join(APP_PACKAGE_DIR, icon)));
  const file = path.join(outDir, `appPackage.${envName}.zip`);
  zip.writeZip(file);
  return file;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const samples = argv.includes('--samples');
  const envName = samples ? 'samples' : (argv[argv.indexOf('--env') + 1] ?? 'dev');
  const values = samples
    ? SAMPLE_VALUES
    : {
        APP_NAME_SUFFIX: '',
        ...readEnvFiles([
          path.join(ROOT, 'env', `.env.${envName}`),
          path.join(ROOT, 'env', `.env.${envName}.user`),
        ]),
        ...process.env,
      };
  buildPackage(values, envName).then(
    (file) => process.stdout.write(`Wrote ${path.relative(ROOT, file)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
