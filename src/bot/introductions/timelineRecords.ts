/**
 * What is recorded from an introduction's timeline. "Monitoring with the person": the coordinator
 * records, with the person, equalities monitoring, ONS4 wellbeing and something the support helped
 * avoid; a triage manager confirms or rejects what was avoided (only confirmed events count towards
 * costs avoided). "Correct a detail": rectification, with a reason, or the person's disagreement
 * recorded beside a detail (src/domain/introductions/rectification.ts).
 *
 * - Permission from the activity, never card data: the patch's coordinators and the triage managers
 *   record (mayActOn); only triage managers decide.
 * - Every payload parsed with zod; every press handled once (src/bot/presses.ts); every change an
 *   event with who and when (src/domain/introductions/monitoringData.ts), audited, with the document's ETag.
 * - The answer is the person's own refreshed timeline: nothing is posted in a chat.
 */

import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { isRealDate } from '../../domain/dates';
import type { Directory } from '../../domain/directory/directory';
import { ukToday } from '../../domain/directory/routing';
import {
  type Actor,
  CORRECTABLE,
  type CorrectableField,
  handledAlready,
  type Introduction,
  markHandled,
  mayActOn,
} from '../../domain/introductions/introduction';
import {
  AVOIDED_KINDS,
  ETHNICITIES,
  type Ethnicity,
  PREFER_NOT_TO_SAY,
} from '../../domain/introductions/monitoringData';
import {
  decideAvoided,
  EVIDENCE_MAX,
  type MonitoringInput,
  type MonitoringResult,
  recordMonitoring,
} from '../../domain/introductions/monitoringUpdates';
import { type RectificationResult, rectify } from '../../domain/introductions/rectification';
import type { Logger } from '../../logger';
import type { IntroductionService } from '../../services/introductions/introductionService';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { actorOf, teamsEmail } from '../identity';
import { actionId, DONE_ALREADY, pressOf } from '../presses';

const blank = z.literal('').transform(() => undefined);
const yesNo = z.enum(['yes', 'no', PREFER_NOT_TO_SAY]).optional().or(blank);
/** Teams sends a number input's value as text, or nothing when left empty. */
const score = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,2}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(0).max(10))
  .optional()
  .or(blank);

export const MonitoringRequest = z
  .object({
    id: z.string().uuid(),
    actionId,
    ethnicity: z
      .enum([...(Object.keys(ETHNICITIES) as [string, ...string[]]), PREFER_NOT_TO_SAY])
      .optional()
      .or(blank),
    disability: yesNo,
    carer: yesNo,
    lifeSatisfaction: score,
    worthwhile: score,
    happy: score,
    anxious: score,
    wellbeingOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine(isRealDate, { message: 'the day the wellbeing was measured is not a real date' })
      .optional()
      .or(blank),
    avoidedKind: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .optional()
      .or(blank),
    avoidedEvidence: z.string().trim().max(EVIDENCE_MAX).optional(),
  })
  .superRefine((request, ctx) => {
    const scores = [request.lifeSatisfaction, request.worthwhile, request.happy, request.anxious];
    const given = scores.filter((s) => s !== undefined).length;
    if (given !== 0 && given !== 4)
      ctx.addIssue({
        code: 'custom',
        path: ['lifeSatisfaction'],
        message: 'all four wellbeing answers, or none',
      });
    if (request.avoidedKind && !request.avoidedEvidence)
      ctx.addIssue({
        code: 'custom',
        path: ['avoidedEvidence'],
        message: 'say briefly what shows it was avoided',
      });
  });

export const CorrectionRequest = z.object({
  id: z.string().uuid(),
  actionId,
  correctField: z.enum(Object.keys(CORRECTABLE) as [CorrectableField, ...CorrectableField[]]),
  correctValue: z.string().max(2000).optional().default(''),
  correctReason: z.string().trim().min(1).max(500),
  disagreement: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .optional()
    .transform((v) => v === true || v === 'true'),
});

export const DecisionRequest = z.object({
  id: z.string().uuid(),
  actionId,
  eventId: z.string().uuid(),
  decision: z.enum(['confirmed', 'rejected']),
});

const NOT_FOUND = 'Not found. It may have been mistyped, or it is not one you can act on.';

export class TimelineRecords {
  constructor(
    private readonly deps: {
      introductions: Pick<IntroductionRepository, 'get' | 'update'>;
      service: Pick<IntroductionService, 'viewerFor' | 'recordChange'>;
      directory: () => Directory;
      /** The actor's own view of the introduction, refreshed. */
      timeline: (introduction: Introduction, actor: Actor, email?: string) => Promise<AdaptiveCardJson>;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** "Save" under "Monitoring with the person". */
  async record(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    if (!actor) return NOT_FOUND;
    const parsed = MonitoringRequest.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return issue?.code === 'custom'
        ? `Not saved: ${issue.message}.`
        : 'Not saved: please check what was filled in.';
    }
    const request = parsed.data;
    const email = await teamsEmail(context);
    const current = await this.deps.introductions.get(request.id);
    if (!current || !mayActOn(current, await this.deps.service.viewerFor(actor, email))) return NOT_FOUND;
    const today = ukToday(this.now());
    if (request.wellbeingOn && request.wellbeingOn > today)
      return 'Not saved: the wellbeing date cannot be in the future.';
    const kinds = new Set([
      ...Object.keys(AVOIDED_KINDS),
      ...(this.deps.directory().unitCosts?.rows ?? []).map((r) => r.kind),
    ]);
    if (request.avoidedKind && !kinds.has(request.avoidedKind))
      return 'Not saved: that kind of avoided event is not known.';
    const input = this.inputOf(request, current, today);
    return this.change(
      context,
      actor,
      email,
      request.id,
      pressOf('recordMonitoring', request),
      (latest, at) => recordMonitoring(latest, input, actor, at, randomUUID()),
    );
  }

  /** "Confirm" or "Not confirmed" on something recorded as avoided: triage managers only. */
  async decide(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const parsed = DecisionRequest.safeParse(data);
    if (!actor || !parsed.success) return NOT_FOUND;
    const email = await teamsEmail(context);
    const viewer = await this.deps.service.viewerFor(actor, email);
    const current = await this.deps.introductions.get(parsed.data.id);
    if (!current || !viewer.isTriageManager || !mayActOn(current, viewer)) return NOT_FOUND;
    const { id, eventId, decision } = parsed.data;
    return this.change(context, actor, email, id, pressOf('decideAvoided', parsed.data), (latest, at) =>
      decideAvoided(latest, eventId, decision, actor, at),
    );
  }

  /** "Correct a detail": those who may act on it correct a detail with a reason, or record a disagreement. */
  async correct(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    if (!actor) return NOT_FOUND;
    const parsed = CorrectionRequest.safeParse(data);
    if (!parsed.success) return 'Not saved: choose the detail and say why.';
    const request = parsed.data;
    const email = await teamsEmail(context);
    const current = await this.deps.introductions.get(request.id);
    const viewer = current ? await this.deps.service.viewerFor(actor, email) : undefined;
    // A restricted record: its records leads correct it (Art. 18(1)(a)); anyone else: who may act.
    const mayCorrect = (record: Introduction) =>
      record.restriction ? viewer?.isRecordsLead === true : viewer !== undefined && mayActOn(record, viewer);
    if (!current || !mayCorrect(current)) return NOT_FOUND;
    return this.change(context, actor, email, request.id, pressOf('correctDetail', request), (latest, at) =>
      mayCorrect(latest)
        ? rectify(
            latest,
            request.correctField,
            request.correctValue,
            request.correctReason,
            request.disagreement,
            actor,
            at,
            { restrictedByRecordsLead: latest.restriction !== undefined },
          )
        : { ok: false, reason: NOT_FOUND },
    );
  }

  /** The parts given, equalities only where they differ from what is recorded. */
  private inputOf(
    request: z.infer<typeof MonitoringRequest>,
    current: Introduction,
    today: string,
  ): MonitoringInput {
    const recorded = current.equalities;
    const equalities: NonNullable<MonitoringInput['equalities']> = {};
    if (request.ethnicity !== undefined && request.ethnicity !== recorded?.ethnicity)
      equalities.ethnicity = request.ethnicity as Ethnicity | typeof PREFER_NOT_TO_SAY;
    if (request.disability !== undefined && request.disability !== recorded?.disability)
      equalities.disability = request.disability;
    if (request.carer !== undefined && request.carer !== recorded?.carer) equalities.carer = request.carer;
    const { lifeSatisfaction, worthwhile, happy, anxious } = request;
    return {
      ...(Object.values(equalities).some((v) => v !== undefined) ? { equalities } : {}),
      ...(lifeSatisfaction !== undefined &&
      worthwhile !== undefined &&
      happy !== undefined &&
      anxious !== undefined
        ? {
            wellbeing: {
              on: request.wellbeingOn ?? today,
              scores: { lifeSatisfaction, worthwhile, happy, anxious },
            },
          }
        : {}),
      ...(request.avoidedKind && request.avoidedEvidence
        ? { avoided: { kind: request.avoidedKind, evidence: request.avoidedEvidence } }
        : {}),
    };
  }

  /** One change, once per press, with the document's ETag; audited; answered with the refreshed timeline. */
  private async change(
    context: TurnContext,
    actor: Actor,
    email: string | undefined,
    id: string,
    press: string | undefined,
    apply: (latest: Introduction, at: string) => MonitoringResult | RectificationResult,
  ): Promise<AdaptiveCardJson | string> {
    const at = this.now().toISOString();
    let refusal: string | undefined;
    let repeated = false;
    const updated = await this.deps.introductions.update(id, (latest) => {
      refusal = undefined;
      repeated = handledAlready(latest, press);
      if (repeated) return undefined;
      const result = apply(latest, at);
      if (!result.ok) {
        refusal = result.reason;
        return undefined;
      }
      return markHandled(result.introduction, press);
    });
    if (refusal) return `Not saved: ${refusal}`;
    if (!updated) return NOT_FOUND;
    if (repeated) return DONE_ALREADY;
    await this.deps.service
      .recordChange(id, actor)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, introductionId: id }, 'audit entry not written'),
      );
    this.deps.logger.info(
      { introductionId: id, activity: context.activity.type },
      'recorded from the timeline',
    );
    return this.deps.timeline(updated, actor, email);
  }
}
