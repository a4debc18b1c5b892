/** The cards every conversation starts with: the welcome, and help. */
import { type AdaptiveCardJson, expand } from './adaptiveCards';
import helpTemplate from './help.json';
import welcomeTemplate from './welcome.json';

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
