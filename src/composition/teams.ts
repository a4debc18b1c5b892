/**
 * What every feature shares at the Teams edge: the adapter, proactive messages, who a card refreshes
 * for, the offer card, and the outbox's messages sent in Teams.
 */
import { createAdapter } from '../bot/adapter';
import { CardAudience } from '../bot/cardAudience';
import { TeamsDelivery } from '../bot/delivery';
import { Messenger } from '../bot/messenger';
import { OfferCards } from '../bot/offers/offerCards';
import type { DirectoryWiring } from './directory';
import type { Shared } from './shared';

export interface TeamsWiring {
  adapter: ReturnType<typeof createAdapter>;
  messenger: Messenger;
  audience: CardAudience;
  cards: OfferCards;
  delivery: TeamsDelivery;
}

export function wireTeams(shared: Shared, directory: DirectoryWiring): TeamsWiring {
  const { config, logger, clock } = shared;
  const adapter = createAdapter(config);
  const messenger = new Messenger(adapter, directory.people, logger, config.bot.id ?? '', clock);
  const audience = new CardAudience(directory.people, directory.directory, directory.identity);
  const cards = new OfferCards(directory.directory);
  const delivery = new TeamsDelivery({ messenger, people: directory.people, audience, cards, logger, clock });
  return { adapter, messenger, audience, cards, delivery };
}
