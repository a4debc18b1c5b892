/**
 * Adaptive Cards: JSON templates (open them in the Adaptive Cards Designer) expanded with typed
 * data. Each feature keeps its templates and their builders beside its handlers
 * (src/bot/<feature>/cards.ts); this is what they share.
 */
import { Template } from 'adaptivecards-templating';
import { type Attachment, CardFactory } from 'botbuilder';

/** An expanded Adaptive Card, ready to send. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export function expand<T extends object>(template: object, data: T): AdaptiveCardJson {
  return new Template(template).expand({ $root: data }) as AdaptiveCardJson;
}

export function asAttachment(card: AdaptiveCardJson): Attachment {
  return CardFactory.adaptiveCard(card);
}
