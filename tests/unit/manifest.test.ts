/**
 * The Teams app package: the manifest validates offline against the schema bundled in
 * @microsoft/app-manifest, the icons are the sizes Teams requires, and the command list matches the
 * commands the bot really has.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { COMMANDS, MESSAGE_ACTIONS } from '../../src/bot/commands';
import {
  APP_PACKAGE_DIR,
  readManifest,
  SAMPLE_VALUES,
  substitutePlaceholders,
} from '../../src/tools/manifest';
import { buildPackage, readEnvFiles } from '../../src/tools/package';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs the manifest check as `npm run manifest:check` does, with no network. */
function check(args: string[]) {
  return spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'src', 'tools', 'manifest.ts'), ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_OPTIONS: '--no-deprecation',
        HTTPS_PROXY: 'http://127.0.0.1:9',
      },
    },
  );
}

function pngHeader(file: string) {
  const data = readFileSync(path.join(APP_PACKAGE_DIR, file));
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colourType: data.readUInt8(25) };
}

it('validates against the bundled Teams schema, offline', () => {
  const result = check(['--samples']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('is valid against Teams schema');
});

it('reports what is wrong with a broken manifest, and exits 1', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lac-manifest-'));
  try {
    const broken = { ...readManifest(SAMPLE_VALUES), id: 'not-a-guid', bots: 'nope' };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(broken));
    const result = check(['--samples', '--file', path.join(dir, 'manifest.json')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('/id');
    expect(result.stderr).toContain('/bots');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('names any placeholder that has no value', () => {
  expect(() =>
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Agents Toolkit placeholders
    substitutePlaceholders('{"id":"${{TEAMS_APP_ID}}","x":"${{NOPE}}"}', { TEAMS_APP_ID: 'a' }),
  ).toThrow('manifest placeholders with no value: NOPE');
});

it('is on manifest schema 1.19 or later', () => {
  const [major, minor] = (readManifest(SAMPLE_VALUES).manifestVersion as string).split('.').map(Number);
  expect(major).toBe(1);
  expect(minor).toBeGreaterThanOrEqual(19);
});

it('declares the bot in personal, team and group chat scopes', () => {
  const bots = readManifest(SAMPLE_VALUES).bots as { scopes: string[] }[];
  expect(bots[0]?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
});

it('supports Teams Connect shared channels, the route for partner introducers (NHSmail)', () => {
  expect(readManifest(SAMPLE_VALUES).supportedChannelTypes).toEqual(['sharedChannels']);
  // The bundled schema takes it: the whole manifest validates above, with this property in it.
  const schema = JSON.parse(
    readFileSync(
      require.resolve(
        `@microsoft/app-manifest/build/json-schemas/teams/v${readManifest(SAMPLE_VALUES).manifestVersion}/MicrosoftTeams.schema.json`,
      ),
      'utf8',
    ),
  ) as { properties: Record<string, { items?: { enum?: string[] } }> };
  expect(schema.properties.supportedChannelTypes?.items?.enum).toContain('sharedChannels');
});

it('npm run package refuses empty ids rather than write a package that reaches no bot', async () => {
  await expect(buildPackage({ ...SAMPLE_VALUES, TEAMS_APP_ID: '', BOT_ID: ' ' }, 'prod')).rejects.toThrow(
    /^TEAMS_APP_ID is empty; BOT_ID is empty in env\/\.env\.prod: provision first/,
  );
  await expect(buildPackage({ ...SAMPLE_VALUES, BOT_ID: 'dev-bot' }, 'prod')).rejects.toThrow(
    /BOT_ID is "dev-bot", not an id/,
  );
});

it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
  expect(pngHeader('color.png')).toMatchObject({ width: 192, height: 192 });
  expect(pngHeader('outline.png')).toMatchObject({ width: 32, height: 32, colourType: 6 });
});

it('lists each command in the Teams menus it belongs to, with the same words, at most 10 a menu', () => {
  const bots = readManifest(SAMPLE_VALUES).bots as {
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  const lists = bots[0]?.commandLists ?? [];
  const menuOf = (scopes: string[]) => (scopes.includes('team') ? 'team' : 'personal');
  expect(lists.map((l) => l.scopes.sort())).toEqual([['groupChat', 'personal'], ['team']]);
  for (const list of lists) {
    expect(list.commands.length).toBeLessThanOrEqual(10);
    const expected = COMMANDS.filter((command) => command.menus.includes(menuOf(list.scopes))).map(
      ({ title, description }) => ({ title, description }),
    );
    expect(list.commands).toEqual(expected);
  }
  // Every command someone can type is in the help card; those in no menu are there only.
  for (const command of COMMANDS.filter((c) => c.menus.length > 0)) expect(command.listed).toBe(true);
});

it('declares exactly the message actions the bot answers, on messages and the compose box', () => {
  const extensions = readManifest(SAMPLE_VALUES).composeExtensions as {
    commands: { id: string; type: string; context: string[]; fetchTask: boolean }[];
  }[];
  const commands = extensions.flatMap((e) => e.commands);
  expect(commands.map((c) => c.id)).toEqual(Object.values(MESSAGE_ACTIONS));
  expect(commands[0]).toMatchObject({ type: 'action', fetchTask: true, context: ['message', 'compose'] });
});

it('npm run package writes a zip of exactly the manifest (filled in) and the two icons', () => {
  const result = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'src', 'tools', 'package.ts'), '--samples'],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '--no-deprecation' },
    },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const zip = new AdmZip(path.join(APP_PACKAGE_DIR, 'build', 'appPackage.samples.zip'));
  expect(
    zip
      .getEntries()
      .map((e) => e.entryName)
      .sort(),
  ).toEqual(['color.png', 'manifest.json', 'outline.png']);
  const manifest = zip.readAsText('manifest.json');
  expect(manifest).not.toContain('${{');
  expect(JSON.parse(manifest).bots[0].botId).toBe(SAMPLE_VALUES.BOT_ID);
});

it('reads "LAC Front Door (dev)" in Teams for the dev environment, and "LAC Front Door" with no suffix', () => {
  const dev = readEnvFiles([path.join(ROOT, 'env', '.env.dev')]);
  const name = (values: Record<string, string>) =>
    (readManifest({ ...SAMPLE_VALUES, ...values }).name as { short: string }).short;
  expect(name({ APP_NAME_SUFFIX: dev.APP_NAME_SUFFIX ?? 'unset' })).toBe('LAC Front Door (dev)');
  expect(name({ APP_NAME_SUFFIX: '' })).toBe('LAC Front Door');
});
