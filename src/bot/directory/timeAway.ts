/**
 * "away from 20/12/2026 to 3/1/2027 cover Sam Okafor" and "back": a coordinator's own time away,
 * stored with who set it and when, and used by routing at once (and by the other instances within
 * their reload period).
 */
import type { TurnContext } from 'botbuilder';
import { parseAway } from '../../domain/directory/away';
import { formatDate, ukToday } from '../../domain/directory/routing';
import type { Logger } from '../../logger';
import type { DirectoryService } from '../../services/directory/directoryService';
import type { IntroductionService } from '../../services/introductions/introductionService';
import { coordinatorOf } from '../coordinators';

export class TimeAway {
  constructor(
    private readonly deps: {
      service: Pick<IntroductionService, 'viewerFor'>;
      directories: Pick<DirectoryService, 'directory' | 'setAway'>;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** "away from … to … cover …" and "back": a coordinator's own time away, used by routing at once. */
  async setAway(context: TurnContext, argument: string, back: boolean): Promise<string> {
    const found = await coordinatorOf(context, {
      service: this.deps.service,
      directory: () => this.deps.directories.directory,
    });
    if (typeof found === 'string') return found;
    const { actor, coordinator } = found;
    const at = this.now().toISOString();
    const setBy = { aadObjectId: actor.aadObjectId, name: actor.name };
    if (back) {
      await this.deps.directories.setAway({ email: coordinator.email, away: null, setBy, at });
      return 'Welcome back. New introductions for your patch come to you again.';
    }
    const parsed = parseAway(argument, ukToday(this.now()));
    if (!parsed.ok) return parsed.message;
    const people = this.deps.directories.directory.patches.flatMap((p) => p.coordinators);
    let cover: (typeof people)[number] | undefined;
    if (parsed.cover) {
      const wanted = parsed.cover.toLowerCase();
      cover = people.find((c) => c.email === wanted || c.name.toLowerCase() === wanted);
      if (!cover)
        return `I can't find a coordinator called "${parsed.cover}" in the patch directory. Use their full name or email.`;
      if (cover.email === coordinator.email)
        return 'You cannot cover for yourself: name someone else, or leave cover out.';
    }
    const away = cover
      ? { from: parsed.from, to: parsed.to, cover: cover.email }
      : { from: parsed.from, to: parsed.to };
    await this.deps.directories.setAway({ email: coordinator.email, away, setBy, at });
    this.deps.logger.info({ coordinatorSetAway: true }, 'time away set');
    return `Noted: away from ${formatDate(parsed.from)} to ${formatDate(parsed.to)}. ${
      cover
        ? `New introductions for your patch go to ${cover.name} meanwhile.`
        : 'New introductions go to the others in your patch meanwhile, or to triage.'
    } Type **back** if you return early.`;
  }
}
