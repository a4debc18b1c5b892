/**
 * Making introductions and seeing them: the introducer's journey, independent of Teams.
 *
 * - A submitted introduction is stored before anyone is told it was received; routing runs first
 *   and its decision is stored with it.
 * - Submitting twice (double click, Teams retrying, a network repeat) makes one introduction: the
 *   card carries an idempotency key that becomes the introduction's id, and Cosmos DB refuses a
 *   second document with the same id.
 * - If the store is unavailable nothing is half-stored, and the caller is told so.
 * - Only the introducer, the coordinators of its patch and the triage managers see an
 *   introduction; everyone else gets "not found". Every view and change is audited.
 */
import { randomBytes } from 'node:crypto';
import { ukToday } from '../../domain/directory/routing';
import {
  type Actor,
  canSeeDetails,
  DUPLICATE_WINDOW_DAYS,
  duplicateKeys,
  type Introducer,
  type Introduction,
  makeReference,
  patchOf,
  type Viewer,
  WEB_CONSENT_WORDING_VERSION,
  type WebConsentHow,
  withListedIn,
} from '../../domain/introductions/introduction';
import {
  type FieldErrors,
  type FormValues,
  type FormVariant,
  formValues,
  parseIntroductionForm,
  type ValidForm,
} from '../../domain/introductions/introductionForm';
import { withdrawConsent } from '../../domain/introductions/lifecycle';
import { createIntroduction } from '../../domain/introductions/newIntroduction';
import {
  parseWebIntroduction,
  type WebAnswers,
  type WebField,
  type WebProblem,
} from '../../domain/introductions/webIntroduction';
import type { ConversationAddress } from '../../domain/outbox/messages';
import type { Logger } from '../../logger';
import type {
  IntroductionRepository,
  IntroductionSummary,
} from '../../storage/introductions/introductionRepository';
import type { AuditAction, AuditRepository } from '../../storage/records/auditRepository';
import { noTelemetry, type Telemetry } from '../../telemetry';
import type { DirectoryIdentity } from '../directory/directoryIdentity';
import type { RoutingService } from '../directory/routingService';

export interface Submission {
  actor: Actor;
  /** From Teams (TeamsInfo), when it could be learnt; shown to the coordinator. */
  actorEmail?: string;
  /** The actor's tenant is a partner's (for example NHSmail), not the council's. */
  partner: boolean;
  variant: FormVariant;
  idempotencyKey: string;
  data: unknown;
}

export type SubmitResult =
  | { outcome: 'invalid'; errors: FieldErrors; values: FormValues }
  | { outcome: 'created' | 'already-sent'; introduction: Introduction }
  | { outcome: 'not-yours' }
  | { outcome: 'store-unavailable'; values: FormValues };

/** Who made a web introduction, as the audit trail names them: a resident, with no Teams identity. */
export const WEB_RESIDENT: Actor = {
  aadObjectId: 'resident-web',
  name: "A resident, on the council's website",
  tenantId: '',
};

export type WebSubmitResult =
  /** `patchId`: the patch it went to (none: triage), for when to expect contact. */
  | { outcome: 'created'; reference: string; id: string; patchId?: string; repeated?: true }
  | { outcome: 'risk' }
  | { outcome: 'invalid'; problems: Partial<Record<WebField, WebProblem>> };

function webCreated(introduction: Introduction): WebSubmitResult & { outcome: 'created' } {
  const patchId = patchOf(introduction);
  return {
    outcome: 'created',
    reference: introduction.reference,
    id: introduction.id,
    ...(patchId ? { patchId } : {}),
  };
}

export class IntroductionService {
  constructor(
    private readonly introductions: IntroductionRepository,
    private readonly audit: AuditRepository,
    private readonly routing: RoutingService,
    private readonly identity: DirectoryIdentity,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly telemetry: Telemetry = noTelemetry,
    /** Told when a change has queued messages (the outbox dispatcher's kick). */
    private readonly notify: (introductionId: string) => void = () => undefined,
  ) {}

  /**
   * An introduction made on the council's website (src/domain/introductions/webIntroduction.ts), into
   * the same journey as one made in Teams: routed, checked for duplicates (told to nobody but the
   * coordinator), offered, audited. `idempotencyKey` is the form's own (a second press of Send
   * returns the first). Nothing is sent back to the resident: the page says what happens next.
   */
  async submitFromWeb(idempotencyKey: string, answers: WebAnswers): Promise<WebSubmitResult> {
    const now = this.clock();
    const parsed = parseWebIntroduction(answers, ukToday(now));
    if (!parsed.ok)
      return parsed.risk ? { outcome: 'risk' } : { outcome: 'invalid', problems: parsed.problems };
    // The form's own key, a UUID like every introduction's id (card actions parse ids as UUIDs).
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idempotencyKey))
      throw new Error('a web introduction needs a UUID as its key');
    const earlier = await this.introductions.get(idempotencyKey);
    // A repeat of this form only: another record's reference is never given back.
    if (earlier)
      return earlier.source === 'web'
        ? { ...webCreated(earlier), repeated: true }
        : { outcome: 'invalid', problems: {} };
    const { form, introducer } = parsed;
    const stored = await this.routeAndStore({
      id: idempotencyKey,
      source: 'web',
      form,
      wordingVersion: WEB_CONSENT_WORDING_VERSION,
      introducer,
      author: WEB_RESIDENT,
      partner: false,
      now,
    });
    return 'existing' in stored
      ? { ...webCreated(stored.existing), repeated: true }
      : webCreated(stored.created);
  }

  async submit(submission: Submission): Promise<SubmitResult> {
    const now = this.clock();
    const parsed = parseIntroductionForm(submission.data, submission.variant, ukToday(now));
    if (!parsed.ok) return { outcome: 'invalid', errors: parsed.errors, values: parsed.values };
    const { form } = parsed;
    const { actor } = submission;
    try {
      const earlier = await this.introductions.get(submission.idempotencyKey);
      if (earlier) return this.repeated(earlier, actor);

      const introducer: Introducer = {
        aadObjectId: actor.aadObjectId,
        tenantId: actor.tenantId,
        partner: submission.partner,
        name: actor.name,
        organisation: form.organisation,
      };
      if (submission.actorEmail) introducer.email = submission.actorEmail;
      if (form.teamRole) introducer.teamRole = form.teamRole;
      if (form.introducerPhone) introducer.phone = form.introducerPhone;
      introducer.kind = submission.variant === 'frequent-attender' ? 'gp-practice' : form.introducerKind;
      if (!introducer.kind) delete introducer.kind;
      const stored = await this.routeAndStore({
        id: submission.idempotencyKey,
        source: submission.variant === 'frequent-attender' ? 'gp-practice' : 'introduction',
        form,
        introducer,
        author: actor,
        partner: submission.partner,
        now,
      });
      if ('existing' in stored) return this.repeated(stored.existing, actor);
      const introduction = stored.created;
      return { outcome: 'created', introduction };
    } catch (error) {
      this.logger.error({ err: error, idempotencyKey: submission.idempotencyKey }, 'introduction not stored');
      return { outcome: 'store-unavailable', values: formValues(submission.data) };
    }
  }

  /**
   * Every introduction's way in, from Teams or the website: routed, checked for likely duplicates,
   * stored with its offer (or triage post) in its outbox and sent at once, audited as made by its
   * author, and counted. An id stored already comes back as `existing`.
   */
  private async routeAndStore(input: {
    id: string;
    source: Introduction['source'];
    form: Omit<ValidForm, 'consentHow'> & { consentHow: ValidForm['consentHow'] | WebConsentHow };
    wordingVersion?: string;
    introducer: Introducer;
    author: Actor;
    partner: boolean;
    now: Date;
  }): Promise<{ created: Introduction } | { existing: Introduction }> {
    const { form, introducer, now } = input;
    const routing = await this.routing.route({
      postcode: form.person.postcode,
      noFixedAddress: form.person.noFixedAddress,
    });
    const since = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000).toISOString();
    const possibleDuplicates = await this.introductions.findByDuplicateKeys(
      duplicateKeys(form.person),
      since,
    );
    const introduction = createIntroduction({
      id: input.id,
      reference: makeReference(randomBytes(6)),
      source: input.source,
      person: form.person,
      consentHow: form.consentHow,
      ...(input.wordingVersion ? { wordingVersion: input.wordingVersion } : {}),
      safety: form.safety,
      whatMatters: form.whatMatters,
      context: form.context,
      introducer,
      frequentAttender: form.frequentAttender,
      routing,
      possibleDuplicates,
      now: now.toISOString(),
    });
    const outcome = await this.introductions.create(introduction);
    if (!outcome.created) return { existing: outcome.existing };
    // Stored with its offer (or triage post) in its outbox: send it now.
    this.notify(introduction.id);
    // Stored: from here on its author must hear that it was sent, whatever else fails.
    await this.auditOrLog(introduction.id, input.author, 'created');
    this.telemetry.event('IntroductionStateChanged', {
      introductionId: introduction.id,
      to: introduction.status,
      routing: routing.outcome,
      patchId: routing.patch?.id,
      triageReason: routing.triageReason,
      overCapacity: routing.overCapacity,
      source: introduction.source,
      partner: input.partner,
    });
    this.logger.info(
      {
        introductionId: introduction.id,
        status: introduction.status,
        outcome: routing.outcome,
        patchId: routing.patch?.id,
        triageReason: routing.triageReason,
        partner: input.partner,
        source: introduction.source,
        ...(introducer.web ? { web: introducer.web } : {}),
        possibleDuplicates: possibleDuplicates.length,
      },
      'introduction created',
    );
    return { created: introduction };
  }

  private repeated(existing: Introduction, actor: Actor): SubmitResult {
    if (existing.introducerId !== actor.aadObjectId) return { outcome: 'not-yours' };
    return { outcome: 'already-sent', introduction: existing };
  }

  /** The viewer's own introductions, newest first. */
  async listMine(actor: Actor): Promise<IntroductionSummary[]> {
    return this.introductions.listByIntroducer(actor.aadObjectId);
  }

  /** Who the viewer is in the directory, by Entra object id (src/domain/directory/roles.ts). */
  viewerFor(actor: Actor, email?: string): Promise<Viewer> {
    return this.identity.viewerFor(actor, email);
  }

  /**
   * An introduction, if the viewer may see it; otherwise undefined, exactly as if it did not exist.
   * `appraisal`: opened by its reference, so a records lead may read a record due for their decision.
   */
  async getForViewer(
    id: string,
    actor: Actor,
    email?: string,
    options: { appraisal?: boolean } = {},
  ): Promise<Introduction | undefined> {
    const introduction = await this.introductions.get(id);
    if (!introduction) return undefined;
    const today = options.appraisal ? ukToday(this.clock()) : undefined;
    if (!canSeeDetails(introduction, await this.viewerFor(actor, email), today)) {
      await this.auditOrLog(id, actor, 'denied');
      return undefined;
    }
    await this.auditOrLog(id, actor, 'viewed');
    return introduction;
  }

  /** The same, found by its reference (typed: `open LAC-7K4M-QX`). */
  async getForViewerByReference(
    reference: string,
    actor: Actor,
    email?: string,
  ): Promise<Introduction | undefined> {
    const found = await this.introductions.findByReference(reference.toUpperCase());
    return found ? this.getForViewer(found.id, actor, email, { appraisal: true }) : undefined;
  }

  /**
   * Records that the person withdrew consent: all contact stops. Only those who may see the
   * introduction may record it; anyone else gets undefined ("not found").
   */
  async withdrawConsent(
    id: string,
    actor: Actor,
    email: string | undefined,
    note: string | undefined,
  ): Promise<{ introduction: Introduction; changed: boolean } | undefined> {
    const visible = await this.getForViewer(id, actor, email);
    if (!visible) return undefined;
    let changed = false;
    const at = this.clock().toISOString();
    const updated = await this.introductions.update(id, (current) => {
      const result = withdrawConsent(current, actor, at, note?.trim() || undefined);
      changed = result.ok;
      return result.ok ? result.introduction : undefined;
    });
    if (!updated) return undefined;
    if (changed) {
      this.notify(id);
      await this.auditOrLog(id, actor, 'changed');
      this.telemetry.event('IntroductionStateChanged', { introductionId: id, to: 'consent-withdrawn' });
      this.logger.info({ introductionId: id, status: 'consent-withdrawn' }, 'consent withdrawn');
    }
    return { introduction: updated, changed };
  }

  /** Records that someone changed an introduction (accepted, passed, assigned, recorded progress...). */
  recordChange(id: string, actor: Actor): Promise<void> {
    return this.recordAudit(id, actor, 'changed');
  }

  /** Records a records lead's legal hold, or their approved disposal (the entry outlives the record). */
  recordRecordsAction(
    id: string,
    actor: Actor,
    action: 'held' | 'disposed' | 'changed',
    detail?: string,
  ): Promise<void> {
    return this.recordAudit(id, actor, action, detail);
  }

  /** Records that someone saw an introduction's details (for example in their view of its card). */
  recordView(id: string, actor: Actor): Promise<void> {
    return this.recordAudit(id, actor, 'viewed');
  }

  /** Records that someone was refused an introduction (they were told "Not found"). */
  recordDenied(id: string, actor: Actor): Promise<void> {
    return this.recordAudit(id, actor, 'denied');
  }

  /**
   * Records that a list showed these introductions to someone (reference, first name and initial,
   * where each stands): one entry per introduction, so each one's own trail says who saw it.
   * A failed write is logged for operators and does not take the list away from the person.
   */
  async recordListed(ids: readonly string[], actor: Actor, list: string): Promise<void> {
    const results = await Promise.allSettled(ids.map((id) => this.recordAudit(id, actor, 'listed', list)));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      this.logger.error(
        { err: (failed[0] as PromiseRejectedResult).reason, list, failed: failed.length, of: ids.length },
        'audit entries not written',
      );
    }
  }

  /**
   * Where a list card showing these introductions was posted, remembered on each (the latest
   * LISTED_IN_KEPT), so that disposing of one replaces the card too. A failed write is logged for
   * operators; the list stays with the person.
   */
  async rememberListCard(
    ids: readonly string[],
    address: ConversationAddress,
    activityId: string,
  ): Promise<void> {
    const at = this.clock().toISOString();
    const results = await Promise.allSettled(
      ids.map((id) =>
        this.introductions.update(id, (current) => withListedIn(current, { address, activityId, at })),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0)
      this.logger.error(
        { err: (failed[0] as PromiseRejectedResult).reason, failed: failed.length, of: ids.length },
        'list card not remembered',
      );
  }

  /**
   * An audit entry for something that has happened (or been shown) already: if the audit store
   * fails, operators are told (an error in the log) and the person is not told the change failed.
   */
  private async auditOrLog(
    subjectId: string,
    actor: Actor,
    action: 'created' | 'viewed' | 'denied' | 'changed',
  ): Promise<void> {
    await this.recordAudit(subjectId, actor, action).catch((error: unknown) =>
      this.logger.error({ err: error, introductionId: subjectId, action }, 'audit entry not written'),
    );
  }

  private async recordAudit(
    subjectId: string,
    actor: Actor,
    action: AuditAction,
    detail?: string,
  ): Promise<void> {
    await this.audit.record({
      subjectId,
      actorId: actor.aadObjectId,
      tenantId: actor.tenantId,
      action,
      at: this.clock().toISOString(),
      ...(detail ? { detail } : {}),
    });
  }
}
