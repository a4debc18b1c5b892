/**
 * Keeping the introducer informed, which referral systems they know rarely do: they are told in
 * their chat when their introduction is accepted, passed to another patch, or when the coordinator
 * asks them a question, and they can answer from the question card.
 *
 * Messages carry the least personal data that works: the reference and first name and initial.
 * Coordinators' actions (accept, pass, ask) call these; when the introducer cannot be reached, it
 * is recorded on the introduction so managers see it.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import {
  type Actor,
  firstNameAndInitial,
  type Introduction,
  openQuestion,
  withEvent,
} from '../domain/introduction';
import type { Logger } from '../logger';
import type { IntroductionRepository } from '../storage/introductionRepository';
import type { PeopleRepository } from '../storage/peopleRepository';
import { type AdaptiveCardJson, asAttachment, questionForIntroducerCard } from './cards';
import { actorOf } from './identity';
import type { Delivery, Messenger } from './messenger';

export const ReplySubmission = z.object({
  introductionId: z.string().uuid(),
  questionId: z.string().uuid(),
  reply: z.string().max(4000).optional().default(''),
});

export class IntroducerUpdates {
  constructor(
    private readonly introductions: IntroductionRepository,
    private readonly people: PeopleRepository,
    private readonly messenger: Messenger,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private async tell(introduction: Introduction, text: string): Promise<Delivery> {
    const delivery = await this.messenger.sendToUser(introduction.introducerId, { type: 'message', text });
    if (delivery === 'unreachable') await this.recordUnreachable(introduction.id);
    return delivery;
  }

  private async recordUnreachable(id: string): Promise<void> {
    const at = this.clock().toISOString();
    await this.introductions.update(id, (current) =>
      withEvent(current, {
        at,
        by: { aadObjectId: 'lac-front-door', name: 'LAC Front Door' },
        type: 'introducer-not-reachable',
        note: 'The introducer could not be reached in Teams: they may not have the app installed.',
      }),
    );
    this.logger.warn({ introductionId: id }, 'introducer not reachable');
  }

  accepted(introduction: Introduction, coordinatorName: string): Promise<Delivery> {
    return this.tell(
      introduction,
      `Good news: **${coordinatorName}** has accepted your introduction of ${firstNameAndInitial(introduction.person)} (${introduction.reference}) and will be in touch with them.`,
    );
  }

  passed(introduction: Introduction, toPatchName: string, reason: string): Promise<Delivery> {
    return this.tell(
      introduction,
      `Your introduction of ${firstNameAndInitial(introduction.person)} (${introduction.reference}) has been passed to the Local Area Coordinator for **${toPatchName}**: ${reason}`,
    );
  }

  /** A coordinator's question, stored on the introduction and sent to the introducer with a reply box. */
  async ask(
    introduction: Introduction,
    from: Actor,
    question: string,
  ): Promise<{ questionId: string; delivery: Delivery; introduction: Introduction }> {
    const questionId = randomUUID();
    const updated = await this.introductions.update(introduction.id, (current) =>
      withEvent(current, {
        at: this.clock().toISOString(),
        by: { aadObjectId: from.aadObjectId, name: from.name },
        type: 'question-asked',
        questionId,
        note: question,
      }),
    );
    const card = questionForIntroducerCard({
      introductionId: introduction.id,
      questionId,
      who: firstNameAndInitial(introduction.person),
      reference: introduction.reference,
      askedBy: from.name,
      question,
    });
    const delivery = await this.messenger.sendToUser(introduction.introducerId, {
      type: 'message',
      attachments: [asAttachment(card)],
    });
    if (delivery === 'unreachable') await this.recordUnreachable(introduction.id);
    return { questionId, delivery, introduction: updated ?? introduction };
  }

  /**
   * The introducer's reply, from the question card. Only the introducer of that introduction may
   * reply; the reply is stored and sent back to whoever asked.
   */
  async reply(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const parsed = ReplySubmission.safeParse(data);
    const notFound = 'Not found. It may have been answered already, or it is not a question for you.';
    if (!actor || !parsed.success) return notFound;
    const { introductionId, questionId, reply } = parsed.data;
    let asked: ReturnType<typeof openQuestion>;
    let answeredAlready = false;
    const updated = await this.introductions.update(introductionId, (current) => {
      if (current.introducerId !== actor.aadObjectId) return undefined;
      asked = openQuestion(current, questionId);
      if (!asked) {
        answeredAlready = current.events.some(
          (e) => e.type === 'question-answered' && e.questionId === questionId,
        );
        return undefined;
      }
      if (!reply.trim()) return undefined;
      return withEvent(current, {
        at: this.clock().toISOString(),
        by: { aadObjectId: actor.aadObjectId, name: actor.name },
        type: 'question-answered',
        questionId,
        note: reply.trim(),
      });
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
    if (!reply.trim()) return questionForIntroducerCard({ ...base, error: 'Please type a reply' });

    const delivery = await this.messenger.sendToUser(question.by.aadObjectId, {
      type: 'message',
      text: `${actor.name} replied about ${firstNameAndInitial(updated.person)} (${updated.reference}): ${reply.trim()}`,
    });
    return questionForIntroducerCard({
      ...base,
      answered:
        delivery === 'sent'
          ? `Your reply was sent to ${question.by.name}.`
          : `Your reply is saved with the introduction; ${question.by.name} will see it there.`,
    });
  }

  /** For tests and tools: the person record the bot keeps. */
  reachable(aadObjectId: string): Promise<boolean> {
    return this.people.get(aadObjectId).then(Boolean);
  }
}
