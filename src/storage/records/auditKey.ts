/**
 * The audit key: the secret every audit entry's and every seal's MAC is made with
 * (src/domain/records/auditChain.ts, seal.ts). In Azure it is AUDIT_KEY, a Key Vault reference the
 * App Service resolves (infra/azure.bicep; the value is made once, at the first provision, by
 * `npm run provision:check`). Locally it is a file in the local data folder, made at the first
 * start; a run without a data folder (tests) makes one for the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** At least 32 bytes, as HMAC-SHA-256 wants. */
export const AUDIT_KEY_BYTES = 32;

/** A key from its base64 text; refused when shorter than 32 bytes. */
export function auditKeyFrom(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length < AUDIT_KEY_BYTES)
    throw new Error(`the audit key must be at least ${AUDIT_KEY_BYTES} bytes, base64 encoded`);
  return key;
}

/** A new key, as base64 text. */
export const newAuditKey = (): string => randomBytes(AUDIT_KEY_BYTES).toString('base64');

/**
 * The local data folder's key (`audit.key`), made at the first start; in memory without a folder.
 * `make: false` (the checking tool): a missing key is an error, never a new key.
 */
export async function localAuditKey(
  dataDir: string | undefined,
  options: { make?: boolean } = {},
): Promise<Buffer> {
  if (!dataDir) return randomBytes(AUDIT_KEY_BYTES);
  const file = path.join(dataDir, 'audit.key');
  try {
    return auditKeyFrom(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (options.make === false) throw new Error(`there is no audit key in ${dataDir} (audit.key)`);
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${newAuditKey()}\n`, { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return auditKeyFrom(await readFile(file, 'utf8'));
}
