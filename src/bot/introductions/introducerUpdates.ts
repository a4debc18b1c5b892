/**
 * Keeping the introducer informed, which referral systems they know rarely do: they are told in
 * their chat when their introduction is accepted or passed to another patch, and when the
 * coordinator asks them a question, which they can answer from the question card.
 *
 * Every message goes through the outbox (src/domain/outbox/outbox.ts), written with the change that
 * causes it: it is retried if Teams is unavailable, and if the introducer cannot be reached at all
 * that is recorded on the introduction (and whoever asked a question is told). What is posted in a
 * chat stays there for years, so it carries the least that works: the reference, first name and
 * initial, the patch and who did it. Anything a person typed (a pass reason, a question, a reply)
 * is shown only in the reader's own view: the introducer's timeline, the question card they open,
 * the reply card the asker opens.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import {
  type Actor,
  firstNameAndInitial,
  handledAlready,
  type Introduction,
  markHandled,
  openQuestion,
  withEvent,
} from '../../domain/introductions/introduction';
import type { NotificationSpec } from '../../domain/outbox/messages';
import { enqueue } from '../../domain/outbox/outbox';
import { introducerRecipient } from '../../domain/outbox/recipients';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { actorOf } from '../identity';
import { questionForIntroducerCard, replyToQuestionCard } from './cards';

export const ReplySubmission = z.object({
  introductionId: z.string().uuid(),
  questionId: z.string().uuid(),
  // The card allows 2,000 characters; so does the store (an introduction's document is bounded).
  reply: z.string().max(2000).optional().default(''),
});

/** "Good news: Tammy Hughes has accepted...": for the introducer, through the outbox. */
export function toldAccepted(introduction: Introduction, coordinatorName: string): NotificationSpec {
  return {
    purpose: 'introducer-update',
    to: introducerRecipient(introduction),
    text: `Good news: **${coordinatorName}** has accepted your introduction of ${firstNameAndInitial(introduction.person)} (${introduction.reference}) and will be in touch with them.`,
  };
}

/** "Passed to the coordinator for Elm Park", for the introducer; why is in their timeline. */
export function toldPassed(introduction: Introduction, toPatchName: string): NotificationSpec {
  return {
    purpose: 'introducer-update',
    to: introducerRecipient(introduction),
    text: `Your introduction of ${firstNameAndInitial(introduction.person)} (${introduction.reference}) has been passed to the Local Area Coordinator for **${toPatchName}**. Type **my introductions** and open it to see why.`,
  };
}

export const QuestionRef = z.object({
  introductionId: z.string().uuid(),
  questionId: z.string().uuid(),
});

export class IntroducerUpdates {
  constructor(
    private readonly introductions: IntroductionRepository,
    /** Sends what was queued (the outbox dispatcher's kick). */
    private readonly notify: (introductionId: string) => void,
    private readonly clock: () => Date = () => new Date(),
    /** Writes a view or a change to the audit trail. */
    private readonly audit: (
      introductionId: string,
      actor: Actor,
      action: 'viewed' | 'changed' | 'denied',
    ) => Promise<void> = async () => undefined,
  ) {}

  /**
   * A question and its reply, for the actor of this turn, by the ids a card sent back: undefined
   * when the data is not a question reference or there is no such question.
   */
  private async questionFor(context: TurnContext, data: unknown) {
    const actor = actorOf(context);
    const parsed = QuestionRef.safeParse(data);
    if (!actor || !parsed.success) return undefined;
    const introduction = await this.introductions.get(parsed.data.introductionId);
    const ofType = (type: 'question-asked' | 'question-answered') =>
      introduction?.events.find((e) => e.type === type && e.questionId === parsed.data.questionId);
    const question = ofType('question-asked');
    if (!introduction || !question) return undefined;
    return { actor, ref: parsed.data, introduction, question, reply: ofType('question-answered') };
  }

  /** The question card's "Read and reply" (and its refresh): the introducer's own view. */
  async openQuestion(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const found = await this.questionFor(context, data);
    if (!found || found.introduction.introducerId !== found.actor.aadObjectId) {
      if (found) await this.audit(found.introduction.id, found.actor, 'denied');
      return 'Not found. It is not a question for you.';
    }
    const { actor, ref, introduction, question, reply } = found;
    await this.audit(introduction.id, actor, 'viewed');
    return questionForIntroducerCard({
      ...ref,
      who: firstNameAndInitial(introduction.person),
      reference: introduction.reference,
      askedBy: question.by.name,
      question: question.note ?? '',
      ...(reply ? { answered: 'You have replied to this question.' } : {}),
    });
  }

  /** "Read the reply" (and its refresh): the question and the reply, for whoever asked it. */
  async readReply(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const found = await this.questionFor(context, data);
    if (!found?.reply || found.question.by.aadObjectId !== found.actor.aadObjectId) {
      if (found) await this.audit(found.introduction.id, found.actor, 'denied');
      return 'Not found. It is not a reply to you.';
    }
    const { actor, ref, introduction, question, reply } = found;
    await this.audit(introduction.id, actor, 'viewed');
    return replyToQuestionCard({
      ...ref,
      who: firstNameAndInitial(introduction.person),
      reference: introduction.reference,
      repliedBy: reply.by.name,
      question: question.note ?? '',
      reply: reply.note ?? '',
      posted: false,
      userIds: [],
    });
  }

  /**
   * A coordinator's question: stored, and queued for the introducer as a card with a reply box.
   * The same press twice (its `actionId`) asks once: `repeated` says so.
   */
  async ask(
    introduction: Introduction,
    from: Actor,
    question: string,
    actionId?: string,
  ): Promise<{ introduction: Introduction; repeated: boolean } | undefined> {
    const questionId = randomUUID();
    const at = this.clock().toISOString();
    let repeated = false;
    const updated = await this.introductions.update(introduction.id, (current) => {
      repeated = handledAlready(current, actionId);
      if (repeated) return undefined;
      return markHandled(
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
        actionId,
      );
    });
    if (!updated) return undefined;
    if (!repeated) this.notify(updated.id);
    return { introduction: updated, repeated };
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
          questionId,
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
    await this.audit(updated.id, actor, 'changed');
    return questionForIntroducerCard({
      ...base,
      answered: `Your reply is saved with the introduction and on its way to ${question.by.name}.`,
    });
  }
}
