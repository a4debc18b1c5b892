/**
 * Download links for subject access exports, in the `reports` container beside the monthly reports'
 * links and delivered the same way: the token is random and shown once (in the records lead's card);
 * only its SHA-256 is stored, with which records, how they were found, who asked, and when the link
 * expires. The link holds no personal data: the export is made from the records when it is
 * downloaded, so a record disposed of meanwhile is not exported. Expired links are deleted when next
 * looked at, and as new ones are made.
 */
import type { Container } from '@azure/cosmos';

export interface SubjectAccessLink {
  /** sha256 of the token, hex. */
  tokenHash: string;
  introductionIds: string[];
  /** "by reference LAC-…", "by name with date of birth": how the records were found (no name). */
  foundBy: string;
  requestedBy: { aadObjectId: string; tenantId: string; name: string };
  createdAt: string;
  expiresAt: string;
}

const idOf = (tokenHash: string) => `subject-access-link:${tokenHash}`;

export class SubjectAccessLinkRepository {
  constructor(private readonly container: Container) {}

  async save(link: SubjectAccessLink): Promise<void> {
    await this.container.items.create({ id: idOf(link.tokenHash), type: 'subject-access-link', ...link });
  }

  /** The link, if it exists (expired or not: the caller decides). */
  async get(tokenHash: string): Promise<SubjectAccessLink | undefined> {
    const { resource } = await this.container
      .item(idOf(tokenHash), idOf(tokenHash))
      .read<SubjectAccessLink & { type: string }>();
    if (resource?.type !== 'subject-access-link') return undefined;
    const { introductionIds, foundBy, requestedBy, createdAt, expiresAt } = resource;
    return { tokenHash, introductionIds, foundBy, requestedBy, createdAt, expiresAt };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.container
      .item(idOf(tokenHash), idOf(tokenHash))
      .delete()
      .catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      });
  }

  /** Deletes links that expired before `now`; how many. */
  async deleteExpired(now: string): Promise<number> {
    const { resources } = await this.container.items
      .query<{ id: string }>({
        query: "SELECT c.id FROM c WHERE c.type = 'subject-access-link' AND c.expiresAt < @now",
        parameters: [{ name: '@now', value: now }],
      })
      .fetchAll();
    for (const { id } of resources) await this.delete(id.slice('subject-access-link:'.length));
    return resources.length;
  }
}
