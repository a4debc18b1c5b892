/**
 * Adaptive Cards: JSON templates (open them in the Adaptive Cards Designer) expanded with typed
 * data. Every card the bot can send is built here, so tests can validate each one with the
 * `adaptivecards` parser.
 */

import { Template } from 'adaptivecards-templating';
import { type Attachment, CardFactory } from 'botbuilder';
import helpTemplate from './help.json';
import welcomeTemplate from './welcome.json';
import whoCoversTemplate from './whoCovers.json';

/** An expanded Adaptive Card, ready to send. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

function expand<T extends object>(template: object, data: T): AdaptiveCardJson {
  return new Template(template).expand({ $root: data }) as AdaptiveCardJson;
}

export function asAttachment(card: AdaptiveCardJson): Attachment {
  return CardFactory.adaptiveCard(card);
}

export interface WelcomeCardData {
  /** The council's area, from the patch directory, when known. */
  area?: string;
  /** Where to go when someone is at immediate risk. */
  safeguarding: string;
}

export function welcomeCard(data: WelcomeCardData): AdaptiveCardJson {
  const headline = data.area
    ? `Introduce someone to Local Area Coordination in ${data.area}.`
    : 'Introduce someone to Local Area Coordination.';
  return expand(welcomeTemplate, { headline, safeguarding: data.safeguarding });
}

export interface HelpCardData {
  inChannel: boolean;
  commands: { example: string; description: string }[];
}

export function helpCard(data: HelpCardData): AdaptiveCardJson {
  return expand(helpTemplate, data);
}

export interface WhoCoversCardData {
  /** What the person typed, kept in the box. */
  asked?: string;
  answer?: { headline: string; lines: string[]; style: 'good' | 'attention' | 'emphasis' };
  /** Shown under the box when what was typed is not a postcode. */
  error?: string;
}

export function whoCoversCard(data: WhoCoversCardData): AdaptiveCardJson {
  return expand(whoCoversTemplate, {
    asked: data.asked ?? '',
    answer: data.answer ?? null,
    error: data.error ?? '',
  });
}
