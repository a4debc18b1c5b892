/**
 * The Teams edge: turns Teams activities into answers. It holds no business rules; later features
 * call the domain from here. Everything that touches botbuilder or teams-ai lives under src/bot.
 */
import { randomUUID } from 'node:crypto';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { asAttachment, helpCard, welcomeCard } from './cards';
import { COMMANDS, type CommandId, matchCommand } from './commands';

/** Shown when the council's own safeguarding text is not known. */
export const DEFAULT_SAFEGUARDING =
  'If someone is at immediate risk of harm, use your organisation’s safeguarding route, or call 999 in an emergency.';

export interface BotDependencies {
  adapter: TeamsAdapter;
  logger: Logger;
  /** The council's area and safeguarding text, for the welcome card. */
  council: () => { area?: string; safeguarding?: string };
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

  const sendHelp = async (context: TurnContext) => {
    const inChannel = context.activity.conversation?.conversationType === 'channel';
    const commands = COMMANDS.filter((c) => c.listed).map((c) => ({
      example: c.example,
      description: c.description,
    }));
    await context.sendActivity({ attachments: [asAttachment(helpCard({ inChannel, commands }))] });
  };

  const handlers: Record<CommandId, (context: TurnContext) => Promise<void>> = {
    help: sendHelp,
    hello: sendWelcome,
  };

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
    if (context.activity.membersAdded?.some((member) => member.id === botId)) await sendWelcome(context);
  });

  // Teams sends installationUpdate and conversationUpdate together when the app is installed:
  // the welcome goes with conversationUpdate only, so nobody is greeted twice.
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    logger.info({ action: context.activity.action, ...turnFields(context) }, 'installation update');
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const command = matchCommand(context.activity.text);
    if (command) {
      logger.info({ command: command.id, ...turnFields(context) }, 'command');
      await handlers[command.id](context);
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
