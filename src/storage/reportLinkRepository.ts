/**
 * Download links for monthly reports, in the `reports` container: a link's token is random and
 * shown once (in the card's button); only its SHA-256 is stored, with the report (counts only,
 * never a person), who asked, whether small numbers are suppressed, and when it expires.
 * Expired links are deleted when they are next looked at, and by `deleteExpired`.
 */
import type { Container } from '@azure/cosmos';
import type { MonthlyReport } from '../domain/monthlyReport';

export interface ReportLink {
  /** sha256 of the token, hex. */
  tokenHash: string;
  report: MonthlyReport;
  suppressSmallNumbers: boolean;
  /** Entra object id of who asked. */
  requestedBy: string;
  createdAt: string;
  expiresAt: string;
}

export interface ReportLinkRepository {
  save(link: ReportLink): Promise<void>;
  /** The link, if it exists (expired or not: the caller decides). */
  get(tokenHash: string): Promise<ReportLink | undefined>;
  delete(tokenHash: string): Promise<void>;
  /** Deletes links that expired before `now`; how many. */
  deleteExpired(now: string): Promise<number>;
}

const idOf = (tokenHash: string) => `report-link:${tokenHash}`;

export class CosmosReportLinkRepository implements ReportLinkRepository {
  constructor(private readonly container: Container) {}

  async save(link: ReportLink): Promise<void> {
    await this.container.items.create({ id: idOf(link.tokenHash), type: 'report-link', ...link });
  }

  async get(tokenHash: string): Promise<ReportLink | undefined> {
    const { resource } = await this.container.item(idOf(tokenHash), idOf(tokenHash)).read<ReportLink>();
    if (!resource) return undefined;
    const { tokenHash: hash, report, suppressSmallNumbers, requestedBy, createdAt, expiresAt } = resource;
    return { tokenHash: hash, report, suppressSmallNumbers, requestedBy, createdAt, expiresAt };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.container
      .item(idOf(tokenHash), idOf(tokenHash))
      .delete()
      .catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      });
  }

  async deleteExpired(now: string): Promise<number> {
    const { resources } = await this.container.items
      .query<{ id: string }>({
        query: "SELECT c.id FROM c WHERE c.type = 'report-link' AND c.expiresAt < @now",
        parameters: [{ name: '@now', value: now }],
      })
      .fetchAll();
    for (const { id } of resources) await this.delete(id.slice('report-link:'.length));
    return resources.length;
  }
}
