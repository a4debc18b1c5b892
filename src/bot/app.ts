/**
 * The Teams edge: turns Teams activities into answers. It holds no business rules; later features
 * call the domain from here. Everything that touches botbuilder or teams-ai lives under src/bot.
 */
import { randomUUID } from 'node:crypto';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { ConversationAddress } from '../domain/outbox/messages';
import type { Logger } from '../logger';
import type { RoutingService } from '../services/directory/routingService';
import { type AdaptiveCardJson, asAttachment } from './cards/adaptiveCards';
import { helpCard, welcomeCard } from './cards/welcome';
import { COMMANDS, type CommandId, MESSAGE_ACTIONS, matchCommand } from './commands';
import type { DirectoryAdmin } from './directory/directoryAdmin';
import type { TimeAway } from './directory/timeAway';
import type { TriageChannelSetup } from './directory/triageChannel';
import { WhoCoversSubmission, whoCoversCard, whoCoversCardFor } from './directory/whoCovers';
import { actorOf, isPartner, learnOwnTenant, UNKNOWN_TENANT } from './identity';
import type { IntroducerUpdates } from './introductions/introducerUpdates';
import { forDialog, type IntroductionsBot } from './introductions/introductions';
import type { TimelineRecords } from './introductions/timelineRecords';
import { listedThisTurn } from './listedCards';
import { addressOf, type Messenger, teamOf } from './messenger';
import type { CaseLists } from './offers/caseLists';
import type { OfferAnswer, Offers } from './offers/offers';
import type { Records } from './records/records';
import type { SubjectAccess } from './records/subjectAccess';
import type { Reports } from './reports/reports';

/** What Teams sends with a message action: only the message's text is used. */
const MessageActionPayload = z.object({
  messagePayload: z
    .object({ body: z.object({ content: z.string().max(100_000).optional() }).optional() })
    .optional(),
});

/** Shown when the council's own safeguarding text is not known. */
export const DEFAULT_SAFEGUARDING =
  'If someone is at immediate risk of harm, use your organisation’s safeguarding route, or call 999 in an emergency.';

export interface BotDependencies {
  adapter: TeamsAdapter;
  logger: Logger;
  /** The council's area, safeguarding text and triage team, from the patch directory. */
  council: () => { area?: string; safeguarding?: string; triageName?: string };
  routing: RoutingService;
  introductions: IntroductionsBot;
  messenger: Messenger;
  updates: IntroducerUpdates;
  offers: Offers;
  caseLists: CaseLists;
  timeAway: TimeAway;
  reports: Reports;
  records: Records;
  subjectAccess: SubjectAccess;
  directoryAdmin: DirectoryAdmin;
  monitoring: TimelineRecords;
  triage: TriageChannelSetup;
  /** Someone's personal chat, for answers that must not appear in a channel. */
  personalChatOf: (aadObjectId: string) => Promise<ConversationAddress | undefined>;
  /** Where a list card was posted, remembered on each record it shows (src/bot/listedCards.ts). */
  rememberListCard?: (
    ids: readonly string[],
    address: ConversationAddress,
    activityId: string,
  ) => Promise<void>;
  /** The council's own tenant (BOT_TENANT_ID); users of other allowed tenants are partners. */
  homeTenantId?: string;
  /** Tenants whose people may use the bot (empty: any, local mode only): checked on each person's own tenant too. */
  allowedTenantIds?: ReadonlySet<string>;
  /** Local mode (the Agents Playground): a member with no tenant from Teams is taken as the activity's. */
  localMode?: boolean;
}

/** Short, unambiguous reference a person can read out to a service desk. */
export function newCorrelationId(): string {
  return randomUUID().slice(0, 8).toUpperCase();
}

/** Fields that describe a turn to an operator without any personal data. */
export function turnFields(context: TurnContext): Record<string, unknown> {
  const a = context.activity;
  return {
    activityType: a.type,
    activityName: a.name,
    channelId: a.channelId,
    conversationType: a.conversation?.conversationType,
    activityId: a.id,
  };
}

export function createBotApplication(deps: BotDependencies): Application<TurnState> {
  const { adapter, logger } = deps;
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true });

  const sendWelcome = async (context: TurnContext) => {
    const council = deps.council();
    await context.sendActivity({
      attachments: [
        asAttachment(
          welcomeCard({ area: council.area, safeguarding: council.safeguarding ?? DEFAULT_SAFEGUARDING }),
        ),
      ],
    });
  };

  const partner = (context: TurnContext) => {
    const actor = actorOf(context);
    return actor !== undefined && isPartner(actor, deps.homeTenantId);
  };
  const PARTNER_REFUSAL =
    'This is for council staff. From your organisation you can **introduce** someone, **flag frequent attender**, and see **my introductions**.';

  const sendHelp = async (context: TurnContext) => {
    const inChannel = context.activity.conversation?.conversationType === 'channel';
    const forPartner = partner(context);
    const commands = COMMANDS.filter((c) => c.listed && (!forPartner || c.partners)).map((c) => ({
      example: c.example,
      description: c.description,
    }));
    await context.sendActivity({ attachments: [asAttachment(helpCard({ inChannel, commands }))] });
  };

  const answerWhoCovers = async (asked: string) => {
    const trimmed = asked.trim();
    if (!trimmed) return whoCoversCard({ asked: '' });
    const answer = await deps.routing.whoCovers(trimmed);
    return whoCoversCard(whoCoversCardFor(trimmed, answer, deps.council().triageName ?? 'the LAC team'));
  };

  /**
   * A records command: answered in the lead's own chat, its words too. Typed in a channel with no
   * personal chat to answer in, it is not run at all (an erasure done, then "try again", would be
   * worse than nothing done).
   */
  const recordsAnswer = async (context: TurnContext, run: () => Promise<AdaptiveCardJson | string>) => {
    if (!inChannel(context)) return sendCardOrText(context, await run());
    const chat = await chatOf(context);
    if (!chat) {
      await context.sendActivity(
        'Open our personal chat (find LAC Front Door in Teams and say hello), then type it there: records are never dealt with in a channel. Nothing was done.',
      );
      return;
    }
    await sendToChat(context, chat, await run());
  };

  const handlers: Record<CommandId, (context: TurnContext, argument: string) => Promise<void>> = {
    help: sendHelp,
    hello: sendWelcome,
    whoCovers: async (context, argument) => {
      await context.sendActivity({ attachments: [asAttachment(await answerWhoCovers(argument))] });
    },
    introduce: async (context) => {
      await context.sendActivity({
        attachments: [asAttachment(await deps.introductions.formCard(context, 'introduction'))],
      });
    },
    flagFrequentAttender: async (context) => {
      await context.sendActivity({
        attachments: [asAttachment(await deps.introductions.formCard(context, 'frequent-attender'))],
      });
    },
    myIntroductions: async (context) => {
      await sendCardOrText(context, await deps.introductions.myIntroductions(context, { page: 1 }));
    },
    // Lists of people go to the person's own chat, never into a channel; posted, they carry the least.
    myPeople: async (context) => sendPrivately(context, await deps.caseLists.myPeople(context)),
    teamQueue: async (context) => sendPrivately(context, await deps.caseLists.teamQueue(context)),
    toldAnotherWay: async (context, argument) =>
      sendCardOrText(context, await deps.caseLists.toldAnotherWay(context, argument)),
    // Counts only, but answered in the person's own chat like every list: a channel is not where a
    // patch's numbers are read.
    monthlyReport: async (context, argument) =>
      sendPrivately(context, await deps.reports.monthlyReport(context, 'monthly report', argument)),
    // Every records command is answered in the records lead's own chat, its words too: references,
    // who held what and why are not for a channel's permanent record.
    recordsDue: async (context) => recordsAnswer(context, () => deps.records.due(context)),
    restrictRecord: async (context, argument) =>
      recordsAnswer(context, () => deps.records.restrict(context, argument, false)),
    eraseRecord: async (context, argument) =>
      recordsAnswer(context, () => deps.records.erase(context, argument)),
    // An introduction's details: in the person's own chat.
    openByReference: async (context, argument) =>
      sendPrivately(context, await deps.introductions.openByReference(context, argument)),
    // The file in force, with staff names and emails: in the administrator's own chat.
    directory: async (context) => sendPrivately(context, await deps.directoryAdmin.show(context)),
    directoryHistory: async (context) => sendPrivately(context, await deps.directoryAdmin.history(context)),
    holdRecord: async (context, argument) =>
      recordsAnswer(context, () => deps.records.holdTyped(context, argument, false)),
    liftHold: async (context, argument) =>
      recordsAnswer(context, () => deps.records.holdTyped(context, argument, true)),
    listHolds: async (context) => recordsAnswer(context, () => deps.records.holds(context)),
    // Links to a person's whole record: only ever in the records lead's own chat.
    subjectAccess: async (context, argument) =>
      recordsAnswer(context, () => deps.subjectAccess.request(context, argument)),
    subjectAccessRequests: async (context) =>
      recordsAnswer(context, () => deps.subjectAccess.requests(context)),
    closeSubjectAccess: async (context, argument) =>
      recordsAnswer(context, () => deps.subjectAccess.close(context, argument)),
    liftRestriction: async (context, argument) =>
      recordsAnswer(context, () => deps.records.restrict(context, argument, true)),
    correctReport: async (context, argument) =>
      sendCardOrText(context, await deps.reports.correct(context, argument)),
    myPatch: async (context, argument) =>
      sendPrivately(context, await deps.reports.monthlyReport(context, 'my patch', argument)),
    away: async (context, argument) =>
      sendCardOrText(context, await deps.timeAway.setAway(context, argument, false)),
    back: async (context) => sendCardOrText(context, await deps.timeAway.setAway(context, '', true)),
    useTriageChannel: async (context) => sendCardOrText(context, await deps.triage.useThisChannel(context)),
  };

  /** A list card sent: where it went, remembered on each record it shows, to replace at disposal. */
  const rememberList = async (
    context: TurnContext,
    address: ConversationAddress | undefined,
    activityId: string | undefined,
  ) => {
    const ids = listedThisTurn(context);
    if (ids && address && activityId) await deps.rememberListCard?.(ids, address, activityId);
  };

  const sendCardOrText = async (context: TurnContext, answer: AdaptiveCardJson | string) => {
    const sent = await context.sendActivity(
      typeof answer === 'string' ? answer : { attachments: [asAttachment(answer)] },
    );
    if (typeof answer !== 'string') await rememberList(context, addressOf(context), sent?.id);
  };

  const inChannel = (context: TurnContext) => context.activity.conversation?.conversationType !== 'personal';

  /**
   * A card with personal details, answering an Action.Submit (older clients) in a channel or group
   * chat, goes to the person's own chat with the bot instead: posted in the channel, everyone would
   * see it, for good. (Action.Execute answers are seen by the person who pressed only.)
   */
  const sendPrivately = async (context: TurnContext, answer: AdaptiveCardJson | string) => {
    if (typeof answer === 'string' || !inChannel(context)) return sendCardOrText(context, answer);
    await sendToChat(context, await chatOf(context), answer);
  };

  /** The person's own chat with the bot, if they have one. */
  const chatOf = async (context: TurnContext) => {
    const aadObjectId = context.activity.from?.aadObjectId;
    return aadObjectId ? deps.personalChatOf(aadObjectId) : undefined;
  };

  /** Sends an answer to the person's own chat, and says in the channel where it went (or why not). */
  const sendToChat = async (
    context: TurnContext,
    chat: ConversationAddress | undefined,
    answer: AdaptiveCardJson | string,
  ) => {
    const message =
      typeof answer === 'string'
        ? { type: 'message', text: answer }
        : { type: 'message', attachments: [asAttachment(answer)] };
    const sent = chat ? await deps.messenger.send(chat, message) : undefined;
    if (sent?.ok && typeof answer !== 'string') await rememberList(context, chat, sent.activityId);
    // A partner organisation's user (NHSmail) reaches the bot in the council's shared channel only:
    // Teams does not run another organisation's app in a one-to-one chat with them.
    const otherwise = partner(context)
      ? 'Details are never shown in a channel, and Teams does not let the council’s app chat with you one to one: type **my introductions** here and use **Open**, which shows an introduction to you alone.'
      : 'Open our personal chat (find LAC Front Door in Teams and say hello), then try again: details are never shown in a channel.';
    await context.sendActivity(sent?.ok ? 'I have sent it to you in our personal chat.' : otherwise);
  };

  /**
   * Action.Submit (older clients) cannot replace the card it came from the way Action.Execute does:
   * the bot replaces it itself, so the form with its personal details does not stay in the chat.
   * Never in a channel: a replaced card there would show one person's view to everyone.
   */
  const replaceCard = async (context: TurnContext, answer: AdaptiveCardJson | string) => {
    const id = context.activity.replyToId;
    if (typeof answer !== 'string' && id && !inChannel(context)) {
      await context.updateActivity({ id, type: 'message', attachments: [asAttachment(answer)] });
      await rememberList(context, addressOf(context), id);
    } else await sendPrivately(context, answer);
  };

  /**
   * Answers an Action.Execute. A card with `refresh` (a person's own view of the offer card) is
   * sent as the invoke response here: left to Teams AI, a card with `refresh` replaces the message
   * for everyone in the conversation (its REPLACE_FOR_ALL), which would post one person's view,
   * details and all, into the chat's permanent record.
   */
  const executeAnswer = async (context: TurnContext, answer: AdaptiveCardJson | string) => {
    // A list's next page replaces the card it was asked from: that message now shows these records.
    if (typeof answer !== 'string' && answer.refresh === undefined)
      await rememberList(context, addressOf(context), context.activity.replyToId);
    if (typeof answer !== 'string' && answer.refresh !== undefined) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer },
        },
      });
    }
    return answer;
  };

  /** Registers a Universal Action (Action.Execute) and its Action.Submit fallback with one handler. */
  const onCardAction = (
    verb: string,
    handler: (context: TurnContext, data: unknown) => Promise<AdaptiveCardJson | string>,
    fallback: 'replace' | 'send',
  ) => {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) =>
      executeAnswer(context, await handler(context, data)),
    );
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
      const answer = await handler(context, data);
      await (fallback === 'replace' ? replaceCard(context, answer) : sendPrivately(context, answer));
    });
  };

  /**
   * An action on the offer card: Action.Execute answers with the actor's own view of the card;
   * Action.Submit (older clients) with the same in words (every posted copy of the card is brought
   * up to date through the outbox anyway).
   */
  const onOfferAction = (
    verb: string,
    handler: (context: TurnContext, data: unknown) => Promise<OfferAnswer | string>,
  ) => {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      const answer = await handler(context, data);
      return executeAnswer(context, typeof answer === 'string' ? answer : answer.card);
    });
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
      const answer = await handler(context, data);
      await context.sendActivity(typeof answer === 'string' ? answer : answer.says);
    });
  };

  // Remember how to reach each person who talks to the bot in a personal chat (proactive messages).
  // First, whose tenant the actor is in (in a shared channel it is not the channel's: identity.ts).
  app.turn('beforeTurn', async (context) => {
    const own = await learnOwnTenant(context, deps.localMode === true);
    const allowed = deps.allowedTenantIds;
    const type = context.activity.type;
    // Someone of an organisation that is not allowed, in a channel or group chat hosted by one
    // that is (a shared channel): refused, as they would be in a chat of their own. Someone whose
    // organisation Teams did not confirm is asked to try again: failing closed costs a retry,
    // failing open would let a tenant that is not allowed in.
    const unknown = own === UNKNOWN_TENANT;
    if (
      own &&
      allowed &&
      allowed.size > 0 &&
      !allowed.has(own) &&
      (!unknown || type === ActivityTypes.Message || type === ActivityTypes.Invoke)
    ) {
      logger.warn({ tenantId: own, ...turnFields(context) }, 'tenant refused (the person’s own tenant)');
      const says = unknown
        ? 'Teams could not confirm your organisation just now. Please try again in a moment.'
        : 'This organisation is not allowed to use this bot.';
      if (type === ActivityTypes.Invoke) {
        const onCard = unknown && context.activity.name === 'adaptiveCard/action';
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: onCard
            ? {
                status: 200,
                body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: says },
              }
            : { status: 403, body: { error: says } },
        });
      } else if (unknown && type === ActivityTypes.Message) {
        await context.sendActivity(says);
      }
      return false;
    }
    await deps.messenger
      .remember(context)
      .catch((error: unknown) =>
        logger.warn({ err: error, ...turnFields(context) }, 'conversation reference not stored'),
      );
    return true;
  });

  // Records leads: approve disposal, or hold.
  onCardAction('approveDisposal', (context, data) => deps.records.approve(context, data), 'send');
  onCardAction('holdRecords', (context, data) => deps.records.hold(context, data), 'send');
  onCardAction('checkDirectory', (context, data) => deps.directoryAdmin.check(context, data), 'send');
  onCardAction('confirmDirectory', (context, data) => deps.directoryAdmin.confirm(context, data), 'send');
  onCardAction('cancelDirectory', (context, data) => deps.directoryAdmin.cancel(context, data), 'send');
  onCardAction('restoreDirectory', (context, data) => deps.directoryAdmin.restore(context, data), 'send');
  onCardAction('directoryHistory', (context) => deps.directoryAdmin.history(context), 'send');

  // "Get the spreadsheet" on the monthly post: the month's report, for whoever pressed, as they may see it.
  onCardAction('monthlyReportFor', (context, data) => deps.reports.forMonth(context, data), 'send');

  // A posted list's own view, for its reader (its `refresh`, and "Show my view").
  onCardAction('myPeople', (context) => deps.caseLists.myPeople(context, true), 'send');
  onCardAction('teamQueue', (context) => deps.caseLists.teamQueue(context, true), 'send');

  // The offer card: each person's own view (its `refresh`, and "Show details and actions").
  onCardAction('showIntroduction', (context, data) => deps.offers.show(context, data), 'send');
  // "Accept": one winner however many press it at once.
  onOfferAction('acceptIntroduction', (context, data) => deps.offers.accept(context, data));
  onOfferAction('passIntroduction', (context, data) => deps.offers.pass(context, data));
  onOfferAction('backToTriage', (context, data) => deps.offers.backToTriage(context, data));
  onOfferAction('askIntroducer', (context, data) => deps.offers.ask(context, data));
  onOfferAction('assignIntroduction', (context, data) => deps.offers.assign(context, data));
  onCardAction('recordProgress', (context, data) => deps.offers.recordProgress(context, data), 'send');
  // Monitoring with the person, and a triage manager's decision on what was avoided.
  onCardAction('recordMonitoring', (context, data) => deps.monitoring.record(context, data), 'send');
  onCardAction('decideAvoided', (context, data) => deps.monitoring.decide(context, data), 'send');
  onCardAction('correctDetail', (context, data) => deps.monitoring.correct(context, data), 'send');

  onCardAction(
    'withdrawConsent',
    (context, data) => deps.introductions.withdrawConsent(context, data),
    'replace',
  );

  // The introducer's reply to a coordinator's question.
  // Older clients (Action.Submit) have no view of their own: the answer goes to the person's own
  // chat with the bot, never a channel (docs/data.md).
  onCardAction('replyToQuestion', (context, data) => deps.updates.reply(context, data), 'send');
  // The question and the reply, each in its reader's own view.
  onCardAction('openQuestion', (context, data) => deps.updates.openQuestion(context, data), 'send');
  onCardAction('readReply', (context, data) => deps.updates.readReply(context, data), 'send');

  // The message action: the introduction form in a dialog, with the message's text in it.
  app.messageExtensions.fetchTask(MESSAGE_ACTIONS.introduce, async (context) => {
    const payload = MessageActionPayload.safeParse(context.activity.value);
    const message = payload.success ? payload.data.messagePayload?.body?.content : undefined;
    return {
      title: 'Introduce to Local Area Coordination',
      width: 'large',
      height: 'large',
      card: asAttachment(await deps.introductions.dialogForm(context, message)),
    };
  });
  app.messageExtensions.submitAction(MESSAGE_ACTIONS.introduce, async (context, _state, data) => {
    const { sent, answer, reference } = await deps.introductions.submitWithOutcome(context, data);
    if (typeof answer === 'string') return answer;
    if (sent) {
      return `Introduction sent. Your reference is ${reference}. Type "my introductions" in my chat to see what happens next.`;
    }
    return {
      title: 'Introduce to Local Area Coordination',
      width: 'large',
      height: 'large',
      card: asAttachment(forDialog(answer)),
    };
  });

  // Introductions: open the form, send it, list them, open one.
  app.adaptiveCards.actionExecute('openIntroductionForm', async (context) => {
    await handlers.introduce(context, '');
    return 'Here is the introduction form.';
  });
  app.adaptiveCards.actionSubmit('openIntroductionForm', async (context) => handlers.introduce(context, ''));
  onCardAction('submitIntroduction', (context, data) => deps.introductions.submit(context, data), 'replace');
  onCardAction(
    'myIntroductions',
    (context, data) => deps.introductions.myIntroductions(context, data),
    'send',
  );
  onCardAction('openIntroduction', (context, data) => deps.introductions.open(context, data), 'send');

  // "Who covers a postcode?" is for council staff, by the actor's tenant: every route checks,
  // Universal Actions and the older clients' Action.Submit alike.
  const whoCoversFor = async (context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> => {
    if (partner(context)) return PARTNER_REFUSAL;
    const submission = WhoCoversSubmission.safeParse(data);
    return answerWhoCovers(submission.success ? submission.data.postcode : '');
  };
  // On the welcome card: a new message with the look-up card.
  app.adaptiveCards.actionExecute('whoCoversPrompt', async (context) => {
    if (partner(context)) return PARTNER_REFUSAL;
    await context.sendActivity({ attachments: [asAttachment(whoCoversCard({}))] });
    return 'Type a postcode to look it up.';
  });
  app.adaptiveCards.actionSubmit('whoCoversPrompt', async (context) => {
    await sendCardOrText(context, partner(context) ? PARTNER_REFUSAL : whoCoversCard({}));
  });

  // "Look up" on that card: the card is replaced by itself with the answer (Universal Actions).
  app.adaptiveCards.actionExecute('whoCovers', async (context, _state, data) => whoCoversFor(context, data));
  app.adaptiveCards.actionSubmit('whoCovers', async (context, _state, data) => {
    await sendCardOrText(context, await whoCoversFor(context, data));
  });

  // Buttons on cards: Universal Actions (Action.Execute), with Action.Submit for older clients.
  app.adaptiveCards.actionExecute('showHelp', async (context) => {
    await sendHelp(context);
    return 'Here is what I can do.';
  });
  app.adaptiveCards.actionSubmit('showHelp', async (context) => {
    await sendHelp(context);
  });

  // The bot was added to a personal chat, a group chat or a team.
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    if (!context.activity.membersAdded?.some((member) => member.id === botId)) return;
    if (teamOf(context)?.id) await context.sendActivity(await deps.triage.addedToTeam(context));
    else await sendWelcome(context);
  });

  // Teams sends installationUpdate and conversationUpdate together when the app is installed:
  // the welcome goes with conversationUpdate only, so nobody is greeted twice. Removal from a team
  // is remembered.
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    logger.info({ action: context.activity.action, ...turnFields(context) }, 'installation update');
    if (teamOf(context)?.id && context.activity.action?.startsWith('remove'))
      await deps.triage.removedFromTeam(context);
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const matched = matchCommand(context.activity.text);
    if (matched) {
      logger.info({ command: matched.command.id, ...turnFields(context) }, 'command');
      if (!matched.command.partners && partner(context)) {
        await context.sendActivity(PARTNER_REFUSAL);
        return;
      }
      await handlers[matched.command.id](context, matched.argument);
      return;
    }
    logger.info({ command: 'unknown', ...turnFields(context) }, 'command');
    await context.sendActivity("Sorry, I didn't understand that. Here is what I can do:");
    await sendHelp(context);
  });

  app.error(async (context, error) => {
    const correlationId = newCorrelationId();
    logger.error({ correlationId, err: error, ...turnFields(context) }, 'turn failed');
    try {
      await context.sendActivity(
        `Sorry, something went wrong on our side and nothing was changed. Please try again in a minute. If it keeps happening, give your IT service desk this reference: ${correlationId}.`,
      );
    } catch (sendError) {
      logger.error({ correlationId, err: sendError }, 'could not tell the user about a failed turn');
    }
  });

  return app;
}
