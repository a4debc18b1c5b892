/**
 * A resident's answers between the residents' pages (docs/decisions.md, "A resident's answers
 * between pages"): one document in the `drafts` container per browser, found by a keyed hash of
 * the form cookie and sealed (AES-256-GCM) with a key derived from the cookie itself. The store
 * never holds the cookie, so what it holds cannot be read, or even matched to a browser, by
 * someone with the database alone: only the browser that answered opens its own draft.
 *
 * Kept two hours after the last page was answered (each document's TTL, and checked on reading,
 * since a document may outlive its TTL for a while); replaced once sent by a receipt that holds the
 * reference and the patch only (for the confirmation page), then gone by the same TTL.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { WebAnswers } from '../../domain/introductions/webIntroduction';

export const DRAFT_SECONDS = 2 * 60 * 60;

export interface ResidentDraft {
  /** The introduction's id once sent (its idempotency key: a second press sends nothing twice). */
  formId: string;
  /** When the first page was answered (ISO): the journey is checked for a person's pace. */
  startedAt: string;
  answers: WebAnswers;
  /** Once sent: the answers are gone, and this is what the confirmation page shows. */
  sent?: { reference: string; patchId?: string };
}

export interface DraftRepository {
  load(cookie: string): Promise<ResidentDraft | undefined>;
  save(cookie: string, draft: ResidentDraft): Promise<void>;
  remove(cookie: string): Promise<void>;
}

interface DraftDocument {
  id: string;
  type: 'draft';
  /** base64url: 12-byte IV, 16-byte tag, then the sealed JSON. */
  sealed: string;
  expiresAt: string;
  ttl: number;
}

export class CosmosDraftRepository implements DraftRepository {
  private readonly idKey: Buffer;

  /** `secret`: this deployment's own (derived from the audit key), so ids are not guessable from cookies. */
  constructor(
    private readonly container: Container,
    private readonly secret: Buffer,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.idKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'lac-front-door draft id', 32));
  }

  private id(cookie: string): string {
    return createHmac('sha256', this.idKey).update(cookie).digest('base64url');
  }

  private key(cookie: string): Buffer {
    return Buffer.from(hkdfSync('sha256', cookie, this.secret, 'lac-front-door draft', 32));
  }

  async load(cookie: string): Promise<ResidentDraft | undefined> {
    const id = this.id(cookie);
    const { resource } = await this.container.item(id, id).read<DraftDocument>();
    if (!resource || resource.expiresAt <= this.clock().toISOString()) return undefined;
    try {
      const raw = Buffer.from(resource.sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key(cookie), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as ResidentDraft;
    } catch {
      // Not sealed with this cookie's key (changed in the store): as if there were none.
      return undefined;
    }
  }

  async save(cookie: string, draft: ResidentDraft): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(cookie), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(draft), 'utf8'), cipher.final()]);
    const document: DraftDocument = {
      id: this.id(cookie),
      type: 'draft',
      sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'),
      expiresAt: new Date(this.clock().getTime() + DRAFT_SECONDS * 1000).toISOString(),
      ttl: DRAFT_SECONDS,
    };
    await this.container.items.upsert(document);
  }

  async remove(cookie: string): Promise<void> {
    const id = this.id(cookie);
    try {
      await this.container.item(id, id).delete();
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }
}
