/**
 * `directory` and `directory history`, for the council's administrators (named in its file, by
 * object id, council tenant only): the version in force and why, a new version pasted into the
 * card and checked, its effect in people's words, Confirm with a reason or Cancel, and restoring an
 * earlier version the same way.
 *
 * Why pasted into a card, not sent as a file attachment: a bot receives files in Teams only in a
 * personal chat, with `supportsFiles` and the file consent flow through the user's OneDrive, and the
 * Agents Playground supports neither; a multi-line text input works in Teams, in the Playground and
 * in tests alike, comes back as a card action (parsed with zod), and is prefilled with the file in
 * force, so an administrator edits it where it is. Its limit: a card holds about 28 KB in Teams, so a
 * file over 20,000 characters cannot be changed this way (docs/administrator.md says what to do).
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { DirectoryProblem } from '../../domain/directory/directory';
import { formatDate } from '../../domain/directory/routing';
import type { Actor } from '../../domain/introductions/introduction';
import type { DirectoryAdministration } from '../../services/directory/directoryAdministration';
import type { DirectoryService } from '../../services/directory/directoryService';
import type { IntroductionService } from '../../services/introductions/introductionService';
import type { AuditRepository } from '../../storage/records/auditRepository';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { actorOf, isPartner, teamsEmail } from '../identity';
import { type DirectoryCardData, directoryCard } from './cards';

export const ADMINISTRATORS_ONLY = "This is for the directory's administrators, named in the council's file.";

/**
 * Longest file a card carries, in bytes as the card carries it (UTF-8, JSON-escaped; Teams holds
 * about 28 KB in a card): about 20,000 characters of plain text, fewer where letters take more than
 * a byte or quotation marks and line breaks are escaped.
 */
export const FILE_IN_CARD_MAX = 20_000;
const fileSize = (text: string) => Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
const TOO_LONG =
  'Paste the whole file and press Check it. A file of more than about 20,000 characters is too long for a card: change the deployed file instead (docs/administrator.md).';

/**
 * The most a directory card may take, in bytes of JSON: Teams refuses a message over about 28 KB,
 * and the activity around the card needs a little of that.
 */
export const CARD_BYTES_MAX = 27 * 1024;

/** The audit trail's subject for the directory itself (its own chain). */
export const DIRECTORY_SUBJECT = 'patch-directory';

const CheckRequest = z.object({
  directoryFile: z
    .string()
    .min(1)
    .refine((text) => fileSize(text) <= FILE_IN_CARD_MAX),
  actionId: z.string().uuid().optional(),
});
const ConfirmRequest = z.object({
  proposalId: z.string().uuid(),
  reason: z.string().trim().min(1).max(500),
  actionId: z.string().uuid().optional(),
});
const CancelRequest = z.object({ proposalId: z.string().uuid() });
const RestoreRequest = z.object({ version: z.string().regex(/^[0-9a-f]{12}$/) });

const when = (iso: string) => `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)}`;

const blank: DirectoryCardData = {
  title: '',
  summary: '',
  facts: [],
  lines: [],
  note: '',
  showFile: false,
  fileLabel: '',
  file: '',
  proposalId: '',
  actionId: '',
  restores: [],
  showHistory: false,
};

export class DirectoryAdmin {
  constructor(
    private readonly deps: {
      directories: DirectoryService;
      administration: DirectoryAdministration;
      service: Pick<IntroductionService, 'viewerFor'>;
      audit: AuditRepository;
      /** The council's own tenant: a partner organisation's user is refused before anything is written. */
      homeTenantId?: string;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** The administrator of this turn; anyone else is refused, and the refusal is audited. */
  private async administrator(context: TurnContext): Promise<Actor | undefined> {
    const actor = actorOf(context);
    if (!actor) return undefined;
    // A partner's user is never an administrator, and their presses are not audited: anyone in a
    // partner tenant could otherwise grow the directory's audit chain without end.
    if (isPartner(actor, this.deps.homeTenantId)) return undefined;
    const viewer = await this.deps.service.viewerFor(actor, await teamsEmail(context));
    if (viewer.isAdministrator) return actor;
    await this.audited(actor, 'denied', 'directory');
    return undefined;
  }

  private audited(actor: Actor, action: 'changed' | 'denied' | 'viewed', detail: string): Promise<void> {
    return this.deps.audit.record({
      subjectId: DIRECTORY_SUBJECT,
      actorId: actor.aadObjectId,
      tenantId: actor.tenantId,
      action,
      at: this.now().toISOString(),
      detail,
    });
  }

  /** `directory`: the version in force, why, a summary, and the file to change. */
  async show(context: TurnContext, notice = ''): Promise<AdaptiveCardJson | string> {
    const actor = await this.administrator(context);
    if (!actor) return ADMINISTRATORS_ONLY;
    const directory = this.deps.directories.directory;
    const inForce = this.deps.directories.inForce;
    await this.audited(actor, 'viewed', `directory: version ${directory.version}`);
    const rules = directory.patches.flatMap((p) => p.rules);
    const count = (kind: string) => rules.filter((r) => r.kind === kind).length;
    const coordinators = new Map(directory.patches.flatMap((p) => p.coordinators).map((c) => [c.email, c]));
    const today = this.now().toISOString().slice(0, 10);
    const away = [...coordinators.values()].filter(
      (c) => c.away && c.away.from <= today && today <= c.away.to,
    );
    const content = inForce?.content ?? '';
    return directoryCard({
      ...blank,
      title: 'The patch directory',
      summary: notice,
      facts: [
        { title: 'In force', value: `version ${directory.version}` },
        ...inForceFacts(inForce, this.deps.directories.deployedFileVersion),
        { title: 'Patches', value: String(directory.patches.length) },
        {
          title: 'Rules',
          value: `${count('postcode')} postcodes, ${count('sector')} sectors, ${count('district')} districts, ${directory.patches.reduce((n, p) => n + p.wards.length, 0)} wards`,
        },
        { title: 'Coordinators', value: String(coordinators.size) },
        { title: 'Away today', value: away.length === 0 ? 'nobody' : away.map((c) => c.name).join(', ') },
      ],
      note:
        fileSize(content) > FILE_IN_CARD_MAX
          ? `The file is ${content.length} characters, too long to change in a card: change the deployed file (docs/administrator.md).`
          : 'To change it, edit the file below (or paste a whole new one) and press Check it: nothing changes until you confirm.',
      showFile: content.length > 0 && fileSize(content) <= FILE_IN_CARD_MAX,
      fileLabel: 'The file in force',
      file: content,
      actionId: randomUUID(),
      showHistory: true,
    });
  }

  /** "Check it": every problem, or what would change, with Confirm and Cancel. */
  async check(
    context: TurnContext,
    data: unknown,
    kind: 'new' | 'restore' = 'new',
  ): Promise<AdaptiveCardJson | string> {
    const actor = await this.administrator(context);
    if (!actor) return ADMINISTRATORS_ONLY;
    const request = CheckRequest.safeParse(data);
    if (!request.success) return TOO_LONG;
    return this.checked(request.data.directoryFile, actor, kind);
  }

  private async checked(content: string, actor: Actor, kind: 'new' | 'restore'): Promise<AdaptiveCardJson> {
    const result = await this.deps.administration.check(content, actor, kind);
    // What a leaver holds is shown here (counts, never names): the trail says who saw it.
    await this.audited(
      actor,
      'viewed',
      result.ok
        ? `checked version ${result.version} (${kind}): ${result.words.length} changes`
        : `checked a file (${kind}): ${result.problems.length} problems`,
    );
    if (!result.ok)
      return fitted(
        {
          ...blank,
          title: 'Not changed: the file has problems',
          summary: `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}, each with where it is and what to do. Nothing has changed.`,
          lines: result.problems.map(problemWords),
          showFile: true,
          fileLabel: 'Your file, to correct',
          file: content,
          actionId: randomUUID(),
        },
        (more) =>
          `…and ${more} more problem${more === 1 ? '' : 's'} after these, too many for one card: correct these and check it again (npm run patches:check lists them all).`,
      );
    const data = {
      ...blank,
      title: kind === 'restore' ? 'Restore this version?' : 'What this version would change',
      summary: `Version ${result.version}. Nothing has changed yet: confirm with a reason, or cancel.`,
      lines: [...result.words, ...result.warnings.map((w) => `To check: ${problemWords(w)}`)],
      proposalId: result.proposalId,
      actionId: randomUUID(),
    };
    const fit = fittedLines(
      data,
      (more) => `…and ${more} more change${more === 1 ? '' : 's'} and things to check.`,
    );
    if (fit.whole) return fit.card;
    // Nothing is confirmed unseen: a change too long for one card (who leaves and every change of
    // role come first, so they are read) cannot be confirmed here. The proposal goes.
    await this.deps.administration.cancel(result.proposalId, actor);
    return fittedLines(
      {
        ...data,
        summary: `Version ${result.version}. Nothing has changed, and this version cannot be confirmed here: it changes more than one card can show, and nothing is confirmed unseen. Make the change in smaller steps (roles in one version, patches in the next), or deploy it as the council's file (npm run patches:check lists it all).`,
        proposalId: '',
      },
      (more) => `…and ${more} more change${more === 1 ? '' : 's'} and things to check, not shown.`,
    ).card;
  }

  /** "Confirm": into force on every instance, with who, when and why; nobody orphaned. */
  async confirm(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = await this.administrator(context);
    if (!actor) return ADMINISTRATORS_ONLY;
    const request = ConfirmRequest.safeParse(data);
    if (!request.success) return 'Say why, then confirm.';
    const result = await this.deps.administration.confirm(
      request.data.proposalId,
      actor,
      request.data.reason,
    );
    switch (result.outcome) {
      case 'gone':
        return 'Done already, or cancelled, or checked more than a day ago: type **directory** to see what is in force.';
      case 'stale':
        return 'The directory changed since you checked this: type **directory** and check your file again.';
      case 'unchanged':
        return 'That is the version in force already: nothing changed.';
      case 'problems':
        return 'The file has problems now: type **directory** and check it again.';
    }
    const followed = [
      result.offers > 0
        ? `${result.offers} offer${result.offers === 1 ? '' : 's'} waiting for someone who left ${result.offers === 1 ? 'is' : 'are'} being routed again (and any waiting in a patch its coordinator no longer covers).`
        : '',
      result.people > 0
        ? `${result.people} ${result.people === 1 ? 'person needs' : 'people need'} a coordinator: they show in the team queue within a minute.`
        : '',
    ]
      .filter(Boolean)
      .join(' ');
    return this.show(
      context,
      `In force now: version ${result.version}, with your reason. Every instance applies it within a minute. ${followed}`.trim(),
    );
  }

  /** "Cancel": nothing changes. */
  async cancel(context: TurnContext, data: unknown): Promise<string> {
    const actor = await this.administrator(context);
    if (!actor) return ADMINISTRATORS_ONLY;
    const request = CancelRequest.safeParse(data);
    if (request.success) await this.deps.administration.cancel(request.data.proposalId, actor);
    return 'Cancelled: nothing changed.';
  }

  /** `directory history`: each version that came into force, newest first, to restore. */
  async history(context: TurnContext): Promise<AdaptiveCardJson | string> {
    const actor = await this.administrator(context);
    if (!actor) return ADMINISTRATORS_ONLY;
    await this.audited(actor, 'viewed', 'directory history');
    const entries = (await this.deps.administration.history()).slice(0, 20);
    const current = this.deps.directories.directory.version;
    const restorable = [...new Set(entries.map((e) => e.version))].filter((v) => v !== current).slice(0, 5);
    return directoryCard({
      ...blank,
      title: 'Directory history',
      summary: `${entries.length === 20 ? 'The latest 20' : entries.length} versions that came into force, newest first.`,
      lines: entries.map(
        (e) =>
          `${when(e.loadedAt)}: version ${e.version}${e.version === current ? ' (in force)' : ''}, ${e.origin === 'teams' ? `${e.source ?? 'confirmed in Teams'} by ${e.by?.name ?? 'an administrator'}: ${e.reason ?? ''}` : `from the deployed file ${e.source}`}`,
      ),
      restores: restorable.map((version) => ({ title: `Restore ${version}`, version })),
    });
  }

  /** "Restore": the same check, the same changes, the same confirmation. */
  async restore(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = await this.administrator(context);
    if (!actor) return ADMINISTRATORS_ONLY;
    const request = RestoreRequest.safeParse(data);
    if (!request.success) return 'Choose a version from **directory history**.';
    const content = await this.deps.administration.contentOf(request.data.version);
    if (!content)
      return 'That version was stored before the bot kept files, so it cannot be restored from Teams.';
    return this.checked(content, actor, 'restore');
  }
}

/**
 * A directory card with as many of its lines as fit under CARD_BYTES_MAX, then one saying how many
 * more there are: a file full of problems, or a version that redraws every patch, must not make a
 * card Teams refuses (and the administrator's file, in the card to correct, must not be lost).
 */
export function fitted(data: DirectoryCardData, more: (count: number) => string): AdaptiveCardJson {
  return fittedLines(data, more).card;
}

/** The fitted card, and whether every line is in it. */
export function fittedLines(
  data: DirectoryCardData,
  more: (count: number) => string,
): { card: AdaptiveCardJson; whole: boolean } {
  const withLines = (shown: number) =>
    directoryCard({
      ...data,
      lines:
        shown === data.lines.length
          ? data.lines
          : [...data.lines.slice(0, shown), more(data.lines.length - shown)],
    });
  const fits = (card: AdaptiveCardJson) => Buffer.byteLength(JSON.stringify(card)) <= CARD_BYTES_MAX;
  const all = withLines(data.lines.length);
  if (fits(all)) return { card: all, whole: true };
  // Not even one line beside the file: the problems matter more than the copy of the file.
  if (data.showFile && !fits(withLines(0)))
    return fittedLines(
      {
        ...data,
        showFile: false,
        file: '',
        note: 'Your file is too long to show again beside its problems: correct it where you edited it, and paste it again.',
      },
      more,
    );
  // The most lines that fit, by halving.
  let low = 0;
  let high = data.lines.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(withLines(middle))) low = middle;
    else high = middle - 1;
  }
  return { card: withLines(low), whole: false };
}

/** Where the version in force came from, and why it is the one in force. */
function inForceFacts(
  inForce: DirectoryService['inForce'],
  deployedFileVersion: string | undefined,
): { title: string; value: string }[] {
  if (!inForce) return [];
  if (inForce.origin === 'teams')
    return [
      {
        title: 'Made',
        value: `${when(inForce.loadedAt)} in Teams by ${inForce.by?.name ?? 'an administrator'}: ${inForce.reason ?? ''}`,
      },
      {
        title: 'Why in force',
        value: `Confirmed in Teams after the deployed file (version ${deployedFileVersion ?? inForce.deployedFileVersion ?? 'unknown'}) was loaded. It stays in force until the deployed file's content changes.`,
      },
    ];
  return [
    { title: 'Made', value: `${when(inForce.loadedAt)} from the deployed file ${inForce.source}` },
    {
      title: 'Why in force',
      value: 'The deployed file is in force: nothing has been confirmed in Teams since it was deployed.',
    },
  ];
}

/** "Line 57, column 19 (patches[0].coordinators[0].capacity): capacity must be a whole number". */
function problemWords(problem: DirectoryProblem): string {
  const where = problem.line > 0 ? `Line ${problem.line}, column ${problem.column}` : 'The file';
  return `${where}${problem.path ? ` (${problem.path})` : ''}: ${problem.message}`;
}
