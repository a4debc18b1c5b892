/**
 * What monthly monitoring reads from Cosmos DB: only the fields a report needs (src/domain/
 * monthlyReport.ts, ReportRecord), projected in the query, never a name, a contact detail or a
 * note. Aggregation happens in code: `GROUP BY` is missing from the local server and costs request
 * units in Azure, and one read serves every measure of the month, the year to date and the trend.
 *
 * The query filters on /type, /createdAt and /activeUntil (all indexed) and reads only the
 * introductions made before the month's end that were still active in the months the report counts
 * from records (src/domain/reports/reportActivity.ts): its cost follows the report's window, not the
 * history. Those still with the team that nothing happened to since are counted by index-only
 * `COUNT` queries (`quietCounts`), not read. A record written before `activeUntil` was stamped is
 * read as if active until it is next written, or stamped by the monthly report's schedule
 * (src/services/reports/monthlyReportScheduler.ts).
 *
 * Restriction means storage only (UK GDPR Art. 18(2)): a record a records lead restricted (the
 * person restricted processing, or objected) is not counted at all, since counting it is processing.
 * A record whose consent was withdrawn is restricted by the product itself, so that nobody contacts
 * the person; it is counted (that an introduction was made, and that consent was withdrawn, is the
 * service's own record, kept under public task, and the report's "consent withdrawn" row), but
 * without the equalities and wellbeing answers the person chose to give in the course of support.
 * Months already frozen keep what they counted, and so does their part in a later month's trend and
 * year to date: a record restricted, or whose consent was withdrawn, after its month was frozen is
 * still counted there as it was, until a correction recounts the month.
 */
import type { Container } from '@azure/cosmos';
import { NOT_YET_TALKED, type QuietCounts, type QuietCriteria } from '../../domain/reports/reportActivity';
import type { ReportChange, ReportRecord } from '../../domain/reports/reportModel';

/** Which introductions a report reads: made before `before`, active since `from`, in some patches. */
export interface ReadWindow {
  from: string;
  before: string;
  /** Only these patches' (a coordinator's report); absent: the whole service. */
  patchIds?: readonly string[];
}

export interface MonitoringRepository {
  /**
   * Every introduction made before `before` (an ISO instant) and active on or after `from` (its
   * `activeUntil`, or not yet stamped), as a report reads it.
   */
  recordsActive(window: ReadWindow): Promise<ReportRecord[]>;
  /**
   * Every introduction made before `before` whose latest wellbeing measure is on or after `fromDay`
   * (its `wellbeingLatestOn`, or not yet stamped), as a report reads it: the year to date's
   * wellbeing, when the months before are read from the frozen months.
   */
  wellbeingSince(fromDay: string, before: string, patchIds?: readonly string[]): Promise<ReportRecord[]>;
  /**
   * What the introductions a report does not read count (src/domain/reports/reportActivity.ts,
   * `quietCountsOf` says it in code), in some patches or (undefined) the whole service, with the
   * walked alongside counted by each of `coordinators` (emails).
   */
  quietCounts(
    criteria: QuietCriteria,
    patchIds: readonly string[] | undefined,
    coordinators: readonly string[],
  ): Promise<QuietCounts>;
}

/** The changes a report reads: routing, status changes and offers raised with triage. */
const FIELDS = ` c.id, c.createdAt, c.source, c.status,
  c.introducer.kind AS introducerKind, c.introducer.web AS introducerWeb, c.introducer.partner AS partner,
  c.routing.patch.id AS patchId, c.routing.triageReason AS triageReason,
  c.person.ageBand AS ageBand, c.whatMatters.themes AS themes,
  c.firstConversation["on"] AS firstConversationOn, c.coordinatorEmail,
  ARRAY(SELECT o.outcome, o.at FROM o IN c.outcomes) AS outcomes,
  c.equalities.ethnicity AS ethnicity, c.equalities.disability AS disability, c.equalities.carer AS carer,
  ARRAY(SELECT w["on"], w.scores FROM w IN c.wellbeing) AS wellbeing,
  ARRAY(SELECT a.kind, a.status, a.decidedAt FROM a IN c.avoided) AS avoided,
  ARRAY(SELECT e.at, e.type, e["from"], e["to"], e.move FROM e IN c.events
        WHERE e.type IN ('routed', 'status-changed', 'raised-with-triage')) AS changes`;
/** Restricted records are not read, but for those whose consent was withdrawn (see above). */
const COUNTED = `(NOT IS_DEFINED(c.restriction) OR c.status = 'consent-withdrawn')`;
const REPORT_QUERY = `SELECT ${FIELDS} FROM c WHERE c.type = 'introduction' AND c.createdAt < @before
  AND (c.activeUntil >= @from OR NOT IS_DEFINED(c.activeUntil)) AND ${COUNTED}`;
const WELLBEING_QUERY = `SELECT ${FIELDS} FROM c WHERE c.type = 'introduction' AND c.createdAt < @before
  AND (c.wellbeingLatestOn >= @from OR NOT IS_DEFINED(c.activeUntil)) AND ${COUNTED}`;

type Row = Omit<ReportRecord, 'themes' | 'outcomes' | 'changes' | 'partner' | 'equalities'> & {
  partner?: boolean;
  ethnicity?: NonNullable<ReportRecord['equalities']>['ethnicity'];
  disability?: NonNullable<ReportRecord['equalities']>['disability'];
  carer?: NonNullable<ReportRecord['equalities']>['carer'];
  themes?: ReportRecord['themes'];
  outcomes?: ReportRecord['outcomes'];
  changes?: ReportChange[];
};

/**
 * Counts, served by the index alone (no document is read: /type, /status, /activeUntil,
 * /restriction/at, /routing/patch/id, /coordinatorEmail, /createdAt, /firstConversation/on).
 * Every status counted here is one a restriction stops counting (none is consent withdrawn).
 */
const QUIET = `SELECT VALUE COUNT(1) FROM c WHERE c.type = 'introduction' AND c.activeUntil < @from
  AND NOT IS_DEFINED(c.restriction.at)`;
const IN_PATCHES = ' AND ARRAY_CONTAINS(@patchIds, c.routing.patch.id)';
const ALONGSIDE = `${QUIET} AND c.status = 'walking-alongside'`;
const WAITING = `${QUIET} AND ARRAY_CONTAINS(@waiting, c.status) AND c.createdAt < @madeBefore
  AND (NOT IS_DEFINED(c.firstConversation["on"]) OR c.firstConversation["on"] > @momentDay)`;

export class CosmosMonitoringRepository implements MonitoringRepository {
  constructor(private readonly introductions: Container) {}

  async quietCounts(
    criteria: QuietCriteria,
    patchIds: readonly string[] | undefined,
    coordinators: readonly string[],
  ): Promise<QuietCounts> {
    const scope = patchIds ? IN_PATCHES : '';
    const count = async (query: string, extra: { name: string; value: unknown }[] = []) => {
      const { resources } = await this.introductions.items
        .query<number>({
          query: query + scope,
          parameters: [
            { name: '@from', value: criteria.from },
            ...(patchIds ? [{ name: '@patchIds', value: [...patchIds] }] : []),
            ...extra,
          ] as never,
        })
        .fetchAll();
      return resources.reduce((n, c) => n + c, 0);
    };
    // One after another: each is small in Azure, and the request units stay the live path's.
    const alongside = await count(ALONGSIDE);
    const waiting = await count(WAITING, [
      { name: '@waiting', value: [...NOT_YET_TALKED] },
      { name: '@madeBefore', value: criteria.waitingMadeBefore },
      { name: '@momentDay', value: criteria.momentDay },
    ]);
    const alongsideBy: Record<string, number> = {};
    // Nobody walked alongside who was not read: no coordinator has any.
    for (const email of alongside > 0 ? coordinators : []) {
      const n = await count(`${ALONGSIDE} AND c.coordinatorEmail = @email`, [
        { name: '@email', value: email },
      ]);
      if (n > 0) alongsideBy[email] = n;
    }
    return { alongside, alongsideBy, waiting };
  }

  recordsActive({ from, before, patchIds }: ReadWindow): Promise<ReportRecord[]> {
    return this.read(REPORT_QUERY, { from, before, ...(patchIds ? { patchIds } : {}) });
  }

  wellbeingSince(fromDay: string, before: string, patchIds?: readonly string[]): Promise<ReportRecord[]> {
    return this.read(WELLBEING_QUERY, { from: fromDay, before, ...(patchIds ? { patchIds } : {}) });
  }

  private async read(query: string, { from, before, patchIds }: ReadWindow): Promise<ReportRecord[]> {
    const { resources } = await this.introductions.items
      // -1: pages as large as the service allows (up to 4 MB each in Azure). The local server runs
      // the whole query again for every page, which made 50,000 introductions time out at 100 a page.
      .query<Row>(
        {
          query: patchIds ? query + IN_PATCHES : query,
          parameters: [
            { name: '@from', value: from },
            { name: '@before', value: before },
            ...(patchIds ? [{ name: '@patchIds', value: [...patchIds] }] : []),
          ],
        },
        { maxItemCount: -1 },
      )
      .fetchAll();
    return resources.map(({ ethnicity, disability, carer, wellbeing, avoided, ...row }) => ({
      ...row,
      ...(row.status !== 'consent-withdrawn' && (ethnicity || disability || carer)
        ? {
            equalities: {
              ...(ethnicity ? { ethnicity } : {}),
              ...(disability ? { disability } : {}),
              ...(carer ? { carer } : {}),
            },
          }
        : {}),
      ...(row.status !== 'consent-withdrawn' && wellbeing && wellbeing.length > 0 ? { wellbeing } : {}),
      ...(avoided && avoided.length > 0 ? { avoided } : {}),
      partner: row.partner === true,
      themes: row.themes ?? [],
      outcomes: row.outcomes ?? [],
      // Events are appended in order; the query keeps their order.
      changes: row.changes ?? [],
    }));
  }
}
