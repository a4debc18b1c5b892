/**
 * The commands people can type to the bot. This list is the single source for the help card and
 * for the Teams manifest's command list (a test checks the manifest against it), so a command
 * exists in exactly one place.
 */

export type CommandId =
  | 'help'
  | 'hello'
  | 'whoCovers'
  | 'introduce'
  | 'flagFrequentAttender'
  | 'myIntroductions'
  | 'myPeople'
  | 'teamQueue'
  | 'toldAnotherWay'
  | 'monthlyReport'
  | 'myPatch'
  | 'correctReport'
  | 'recordsDue'
  | 'restrictRecord'
  | 'liftRestriction'
  | 'eraseRecord'
  | 'subjectAccess'
  | 'subjectAccessRequests'
  | 'closeSubjectAccess'
  | 'directory'
  | 'directoryHistory'
  | 'openByReference'
  | 'holdRecord'
  | 'liftHold'
  | 'listHolds'
  | 'away'
  | 'back'
  | 'useTriageChannel';

export interface Command {
  id: CommandId;
  /** What the help card and the Teams command menu show (at most 32 characters in the manifest). */
  title: string;
  /** One sentence, at most 128 characters (Teams manifest limit). */
  description: string;
  /** What to type, as shown in the help card. */
  example: string;
  /**
   * Matches the whole message after the bot's mention is removed, trimmed and lower-cased. A first
   * capture group, when present, is the command's argument (taken from the original text).
   */
  pattern: RegExp;
  /** Listed in the help card. The greeting is not: it is what happens anyway. */
  listed: boolean;
  /**
   * The Teams command menus it is in (the manifest's command lists): `personal` (personal and group
   * chats) and `team` (channels). Teams allows at most 10 commands in a list, so some commands are
   * in the help card only.
   */
  menus: readonly ('personal' | 'team')[];
  /**
   * Open to partner organisations' staff (tenants other than the council's, such as NHSmail):
   * they can introduce, flag frequent attenders and see their own introductions, nothing else.
   */
  partners: boolean;
}

export const COMMANDS: readonly Command[] = [
  {
    id: 'help',
    title: 'help',
    description: 'See what this bot can do for you.',
    example: 'help',
    pattern: /^(?:help|\?|what can you do\??)$/,
    listed: true,
    menus: ['personal', 'team'],
    partners: true,
  },
  {
    id: 'introduce',
    title: 'introduce',
    description: 'Introduce someone to Local Area Coordination, with their agreement.',
    example: 'introduce',
    pattern: /^introduce(?: someone)?$/,
    listed: true,
    menus: ['personal', 'team'],
    partners: true,
  },
  {
    id: 'flagFrequentAttender',
    title: 'flag frequent attender',
    description: 'GP practices: flag a patient who attends often for reasons that are not medical.',
    example: 'flag frequent attender',
    pattern: /^flag (?:a )?frequent attender$/,
    listed: true,
    menus: ['personal'],
    partners: true,
  },
  {
    id: 'myIntroductions',
    title: 'my introductions',
    description: 'See the introductions you have made and what has happened to each.',
    example: 'my introductions',
    pattern: /^my introductions$/,
    listed: true,
    menus: ['personal'],
    partners: true,
  },
  {
    id: 'whoCovers',
    title: 'who covers',
    description: 'Find the patch and Local Area Coordinators for a postcode, sector or district.',
    example: 'who covers RM3 7AB',
    pattern: /^who covers(?:\s+(.+))?$/,
    listed: true,
    menus: ['personal', 'team'],
    partners: false,
  },
  {
    id: 'myPeople',
    title: 'my people',
    description:
      'Coordinators: the people offered to you and those you walk alongside, against your capacity.',
    example: 'my people',
    pattern: /^my people$/,
    listed: true,
    menus: ['personal'],
    partners: false,
  },
  {
    id: 'teamQueue',
    title: 'team queue',
    description: 'Managers: introductions in triage or waiting to be accepted, oldest first.',
    example: 'team queue',
    pattern: /^team queue$/,
    listed: true,
    menus: ['personal', 'team'],
    partners: false,
  },
  {
    id: 'toldAnotherWay',
    title: 'told',
    description:
      'Triage managers: after telling someone the team queue shows as not reached another way, e.g. told LAC-7K4M-QX because …',
    example: 'told LAC-7K4M-QX because I phoned Dev',
    pattern: /^told(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'monthlyReport',
    title: 'monthly report',
    description: 'The LAC team: last month in numbers, or another month, e.g. monthly report October 2026.',
    example: 'monthly report October 2026',
    pattern: /^monthly report(?:\s+(?:for\s+)?(.+))?$/,
    listed: true,
    menus: ['personal', 'team'],
    partners: false,
  },
  {
    id: 'myPatch',
    title: 'my patch',
    description: "Coordinators: your patch's monthly report, e.g. my patch October 2026.",
    example: 'my patch',
    pattern: /^my patch(?:\s+(?:for\s+)?(.+))?$/,
    listed: true,
    menus: ['personal'],
    partners: false,
  },
  {
    id: 'correctReport',
    title: 'correct monthly report',
    description:
      'Triage managers: count a frozen month again after a correction, e.g. correct monthly report October 2026 because …',
    example: 'correct monthly report October 2026 because two introductions were entered twice',
    pattern: /^correct (?:the )?monthly report(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'recordsDue',
    title: 'records due',
    description: 'Records leads: records past their retention date, to approve their disposal or hold them.',
    example: 'records due',
    pattern: /^records due$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'restrictRecord',
    title: 'restrict',
    description:
      'Records leads: restrict a record (the person restricts processing or objects), e.g. restrict LAC-7K4M-QX because …',
    example: 'restrict LAC-7K4M-QX because the person objected',
    pattern: /^restrict(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'liftRestriction',
    title: 'lift restriction',
    description: 'Records leads: lift a restriction, e.g. lift restriction LAC-7K4M-QX because …',
    example: 'lift restriction LAC-7K4M-QX because the person agreed',
    pattern: /^lift restriction(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'eraseRecord',
    title: 'erase',
    description:
      'Records leads: erase a record at once, where the right to erasure applies, e.g. erase LAC-7K4M-QX because …',
    example: 'erase LAC-7K4M-QX because consent was withdrawn and nothing requires keeping it',
    pattern: /^erase(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'openByReference',
    title: 'open',
    description: 'Open an introduction you may see by its reference, e.g. open LAC-7K4M-QX',
    example: 'open LAC-7K4M-QX',
    pattern: /^open(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: true,
  },
  {
    id: 'directory',
    title: 'directory',
    description: 'Administrators: the patch directory in force, and a new version checked and confirmed here',
    example: 'directory',
    pattern: /^directory$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'directoryHistory',
    title: 'directory history',
    description: 'Administrators: each version of the directory that came into force, to restore one',
    example: 'directory history',
    pattern: /^directory history$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'holdRecord',
    title: 'hold',
    description:
      'Records leads: a legal hold on a record (never disposed of while held), e.g. hold LAC-7K4M-QX because …',
    example: 'hold LAC-7K4M-QX because of an open subject access request',
    pattern: /^hold(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'listHolds',
    title: 'holds',
    description:
      'Records leads: every record under a legal hold, with who held it, when and why, to lift those not needed.',
    example: 'holds',
    pattern: /^(?:list )?holds$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'liftHold',
    title: 'lift hold',
    description: 'Records leads: lift a legal hold, e.g. lift hold LAC-7K4M-QX because …',
    example: 'lift hold LAC-7K4M-QX because the inquiry has closed',
    pattern: /^lift hold(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'subjectAccessRequests',
    title: 'subject access requests',
    description: 'Records leads: every open subject access request, with the days left to answer it',
    example: 'subject access requests',
    pattern: /^subject access requests$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'closeSubjectAccess',
    title: 'close subject access',
    description:
      'Records leads: a subject access request answered, e.g. close subject access SAR-7K4M-QX because …',
    example: 'close subject access SAR-7K4M-QX because the export was sent on 3 December',
    pattern: /^close subject access(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'subjectAccess',
    title: 'subject access',
    description:
      'Records leads: open a subject access request (received 2/12/2026, if earlier) and export what is held, by reference or name',
    example: 'subject access Joan Smith, 14/03/1958 received 2/12/2026',
    pattern: /^subject access(?:\s+(.+))?$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'away',
    title: 'away',
    description:
      'Coordinators: set time away and who covers, e.g. away from 20/12/2026 to 3/1/2027 cover Sam Okafor.',
    example: 'away from 20/12/2026 to 3/1/2027 cover Sam Okafor',
    pattern: /^away(?:\s+(.+))?$/,
    listed: true,
    menus: ['personal'],
    partners: false,
  },
  {
    id: 'back',
    title: 'back',
    description: 'Coordinators: you are back, and new introductions come to you again.',
    example: 'back',
    pattern: /^(?:i'?m )?back$/,
    listed: true,
    menus: [],
    partners: false,
  },
  {
    id: 'useTriageChannel',
    title: 'use this channel for triage',
    description:
      'Triage managers, in a channel of the LAC team: introductions for the team to decide are posted here.',
    example: 'use this channel for triage',
    pattern: /^use this channel for triage$/,
    listed: true,
    menus: ['team'],
    partners: false,
  },
  {
    id: 'hello',
    title: 'hello',
    description: 'See the welcome message again.',
    example: 'hello',
    pattern: /^(?:hello|hi|hey|start|welcome)[!.]?$/,
    listed: false,
    menus: [],
    partners: true,
  },
];

/** Normalises what a person typed before matching it: spacing, case, a trailing full stop. */
export function normaliseCommandText(text: string | undefined): string {
  return spaced(text).toLowerCase();
}

function spaced(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().replace(/[.]$/, '');
}

export interface CommandMatch {
  command: Command;
  /** The text after the command word, as typed (case kept), trimmed; '' when none. */
  argument: string;
}

export function matchCommand(text: string | undefined): CommandMatch | undefined {
  const normalised = normaliseCommandText(text);
  for (const command of COMMANDS) {
    const match = command.pattern.exec(normalised);
    if (!match) continue;
    const captured = match[1];
    // Patterns end with their argument: take it from the text as typed, so its case is kept.
    const typed = spaced(text);
    const argument = captured ? typed.slice(typed.length - captured.length).trim() : '';
    return { command, argument };
  }
  return undefined;
}

/** Message actions (compose extensions) the bot answers; the manifest must declare exactly these. */
export const MESSAGE_ACTIONS = { introduce: 'introduceToLac' } as const;
