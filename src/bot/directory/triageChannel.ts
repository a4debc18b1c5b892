/**
 * The LAC team's triage channel: where introductions the team must decide on are posted (no patch
 * covers the address, a coordinator sent it back, the offer could not reach its coordinator, or
 * nobody accepted it in time). A triage manager chooses it by typing `use this channel for triage`
 * in it; the choice is stored in Cosmos DB, so every instance posts to the same place. Until one is
 * chosen, each triage manager gets these in their own chat instead.
 */
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../logger';
import type { IntroductionService } from '../../services/introductions/introductionService';
import type { PeopleRepository } from '../../storage/peopleRepository';
import { actorOf, teamsEmail } from '../identity';
import { addressOf, type Messenger } from '../messenger';

interface ChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

export class TriageChannelSetup {
  constructor(
    private readonly deps: {
      people: PeopleRepository;
      service: IntroductionService;
      messenger: Messenger;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  /** `use this channel for triage`, typed in a channel by a triage manager. */
  async useThisChannel(context: TurnContext): Promise<string> {
    if (context.activity.conversation?.conversationType !== 'channel') {
      return 'Type this in the channel of the LAC team where introductions for the team should be posted: **@LAC Front Door use this channel for triage**.';
    }
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    if (!(await this.deps.service.viewerFor(actor, await teamsEmail(context))).isTriageManager) {
      return 'Only the triage managers named in the patch directory can choose the triage channel.';
    }
    const address = addressOf(context);
    if (!address) return "Sorry, I can't tell which channel this is.";
    const data = (context.activity.channelData ?? {}) as ChannelData;
    await this.deps.people.setTriageChannel({
      address,
      ...(data.team?.id ? { teamId: data.team.id } : {}),
      ...(data.team?.name ? { teamName: data.team.name } : {}),
      ...(data.channel?.name ? { channelName: data.channel.name } : {}),
      setBy: { aadObjectId: actor.aadObjectId, name: actor.name },
      at: (this.deps.clock ?? (() => new Date()))().toISOString(),
    });
    this.deps.logger.info({ triageChannelSet: true }, 'triage channel chosen');
    return 'Done: introductions for the LAC team to decide are posted in this channel from now on (no patch covers the address, sent back by a coordinator, the coordinator could not be reached, or not accepted in time). The card here shows only a reference, a first name and initial, the neighbourhood, where it stands and who has it; why it came to the team, the details and the actions are shown to the triage managers and the coordinators who may act on it, each in their own view.';
  }

  /** The bot was added to a team: remember it, and say how to choose the triage channel. */
  async addedToTeam(context: TurnContext): Promise<string> {
    await this.deps.messenger.rememberTeam(context);
    return 'Hello from LAC Front Door. A triage manager can choose where introductions for the team to decide are posted: in that channel, type **@LAC Front Door use this channel for triage**.';
  }

  /** The bot was removed from a team: remembered, so nobody wonders why the channel went quiet. */
  async removedFromTeam(context: TurnContext): Promise<void> {
    await this.deps.messenger.forgetTeam(context);
  }
}
