/**
 * Keeping the introducer informed, which referral systems they know rarely do: they are told in
 * their chat when their introduction is accepted or passed to another patch, and when the
 * coordinator asks them a question, which they can answer from the question card.
 *
 * Every message goes through the outbox (src/domain/outbox.ts), written with the change that
 * causes it: it is retried if Teams is unavailable, and if the introducer cannot be reached at all
 * that is recorded on the introduction (and whoever asked a question is told). Messages carry the
 * least personal data that works: the reference and first name and initial.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import {
  type Actor,
  firstNameAndInitial,
  type Introduction,
  introducerRecipient,
  openQuestion,
  withEvent,
} from '../domain/introduction';
import { enqueue, type NotificationSpec } from '../domain/outbox';
import type { IntroductionRepository } from '../storage/introductionRepository';
import { type AdaptiveCardJson, questionForIntroducerCard } from './cards';
import { actorOf } from './identity';

export const ReplySubmission = z.object({
  introductionId: z.string().uuid(),
  questionId: z.string().uuid(),
  reply: z.string().max(4000).optional().default(''),
});

/** "Good news: Tammy Hughes has accepted...": for the introducer, through the outbox. */
export function toldAccepted(introduction: Introduction, coordinatorName: string): NotificationSpec {
  return {
    purpose: 'introducer-update',
    to: introducerRecipient(introduction),
    text: `Good news: **${coordinatorName}** has accepted your introduction of ${firstNameAndInitial(introduction.person)} (${introduction.reference}) and will be in touch with them.`,
  };
}

/** "Passed to the coordinator for Elm Park: why", for the introducer. */
export function toldPassed(
  introduction: Introduction,
  toPatchName: string,
  reason: string,
): NotificationSpec {
  return {
    purpose: 'introducer-update',
    to: introducerRecipient(introduction),
    text: `Your introduction of ${firstNameAndInitial(introduction.person)} (${introduction.reference}) has been passed to the Local Area Coordinator for **${toPatchName}**: ${reason}`,
  };
}

export class IntroducerUpdates {
  constructor(
    private readonly introductions: IntroductionRepository,
    /** Sends what was queued (the outbox dispatcher's kick). */
    private readonly notify: (introductionId: string) => void,
    private readonly clock: () => Date = () => new Date(),
    /** Writes a change to the audit trail. */
    private readonly audit: (introductionId: string, actor: Actor) => Promise<void> = async () => undefined,
  ) {}

  /** A coordinator's question: stored, and queued for the introducer as a card with a reply box. */
  async ask(introduction: Introduction, from: Actor, question: string): Promise<Introduction | undefined> {
    const questionId = randomUUID();
    const at = this.clock().toISOString();
    const updated = await this.introductions.update(introduction.id, (current) =>
      enqueue(
        withEvent(current, {
          at,
          by: { aadObjectId: from.aadObjectId, name: from.name },
          type: 'question-asked',
          questionId,
          note: question,
        }),
        at,
        { purpose: 'question', to: introducerRecipient(current), questionId },
      ),
    );
    if (updated) this.notify(updated.id);
    return updated;
  }

  /**
   * The introducer's reply, from the question card. Only the introducer of that introduction may
   * reply; the reply is stored, and sent back to whoever asked.
   */
  async reply(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const parsed = ReplySubmission.safeParse(data);
    const notFound = 'Not found. It may have been answered already, or it is not a question for you.';
    if (!actor || !parsed.success) return notFound;
    const { introductionId, questionId, reply } = parsed.data;
    let answeredAlready = false;
    let stored = false;
    const at = this.clock().toISOString();
    const updated = await this.introductions.update(introductionId, (current) => {
      stored = false;
      if (current.introducerId !== actor.aadObjectId) return undefined;
      const asked = openQuestion(current, questionId);
      if (!asked) {
        answeredAlready = current.events.some(
          (e) => e.type === 'question-answered' && e.questionId === questionId,
        );
        return undefined;
      }
      if (!reply.trim()) return undefined;
      stored = true;
      return enqueue(
        withEvent(current, {
          at,
          by: { aadObjectId: actor.aadObjectId, name: actor.name },
          type: 'question-answered',
          questionId,
          note: reply.trim(),
        }),
        at,
        {
          purpose: 'reply',
          to: { kind: 'person', role: 'asker', name: asked.by.name, aadObjectId: asked.by.aadObjectId },
          text: `${actor.name} replied about ${firstNameAndInitial(current.person)} (${current.reference}): ${reply.trim()}`,
        },
      );
    });
    if (!updated || updated.introducerId !== actor.aadObjectId) return notFound;
    const question = updated.events.find((e) => e.type === 'question-asked' && e.questionId === questionId);
    if (!question) return notFound;
    const base = {
      introductionId,
      questionId,
      who: firstNameAndInitial(updated.person),
      reference: updated.reference,
      askedBy: question.by.name,
      question: question.note ?? '',
    };
    if (answeredAlready)
      return questionForIntroducerCard({ ...base, answered: 'You have already replied to this question.' });
    if (!stored) return questionForIntroducerCard({ ...base, error: 'Please type a reply' });
    this.notify(updated.id);
    await this.audit(updated.id, actor).catch(() => undefined);
    return questionForIntroducerCard({
      ...base,
      answered: `Your reply is saved with the introduction and on its way to ${question.by.name}.`,
    });
  }
}
