/** env/.env.local and env/.env.dev name every setting the app reads, and hold no secret. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ENV = path.resolve(__dirname, '..', '..', 'env');
const CONFIG = readFileSync(path.resolve(__dirname, '..', '..', 'src', 'config.ts'), 'utf8');
const schemaBlock = CONFIG.slice(CONFIG.indexOf('const envSchema'), CONFIG.indexOf('.superRefine'));
const APP_VARIABLES = [...schemaBlock.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string);

function variables(file: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readFileSync(path.join(ENV, file), 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1]) values.set(match[1], match[2] ?? '');
  }
  return values;
}

it('finds the settings the app reads', () => {
  expect(APP_VARIABLES).toEqual(
    expect.arrayContaining(['PORT', 'BOT_ID', 'COSMOS_ENDPOINT', 'APPLICATIONINSIGHTS_CONNECTION_STRING']),
  );
});

it.each(['.env.local', '.env.dev'])('%s names every setting the app reads', (file) => {
  const names = [...variables(file).keys()];
  const missing = APP_VARIABLES.filter((name) => !names.includes(name));
  expect(missing).toEqual([]);
});

it.each(['.env.local', '.env.dev'])('%s holds no secret', (file) => {
  const values = variables(file);
  for (const secret of ['BOT_PASSWORD', 'COSMOS_KEY']) expect(values.get(secret) ?? '').toBe('');
});
