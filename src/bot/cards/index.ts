/**
 * Every card the bot can send, by feature: the catalogue the card tests walk (tests/cards), so a
 * builder added to a feature's cards.ts is validated with the `adaptivecards` parser or the tests
 * fail. The bot's own code imports each card from its feature, not from here.
 */
export * from '../directory/cards';
export * from '../introductions/cards';
export * from '../offers/cards';
export * from '../records/cards';
export * from '../reports/cards';
export * from './adaptiveCards';
export * from './welcome';
