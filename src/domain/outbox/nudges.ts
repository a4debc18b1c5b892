/**
 * Nudges: an offer nobody has accepted is not left to sit unseen. After a set number of working
 * days (England and Wales: no weekends, no bank holidays) its coordinator gets one reminder; after
 * as many again, it is raised with the triage team, who can assign it or take it. It stays offered
 * meanwhile, so the coordinator can still accept it: raising it with the team adds people who know,
 * it takes nothing away.
 *
 * When the offer could not reach the coordinator at all, the triage team already has it (the
 * outbox sent it there), so there is no reminder to send.
 */
import { type Introduction, withEvent } from '../introductions/introduction';
import { addWorkingDays } from '../workingDays';
import { enqueue } from './outbox';
import { coordinatorRecipient } from './recipients';

export interface NudgePolicy {
  /** Working days an offer waits before its coordinator is reminded, and again before triage hears. */
  workingDays: number;
}

export const DEFAULT_NUDGE_POLICY: NudgePolicy = { workingDays: 2 };

/** When it was last offered to the coordinator it is with now. */
export function offeredAt(introduction: Pick<Introduction, 'events'>): string | undefined {
  for (let i = introduction.events.length - 1; i >= 0; i--) {
    const event = introduction.events[i];
    if (event && (event.type === 'routed' || event.type === 'status-changed') && event.to === 'offered')
      return event.at;
  }
  return undefined;
}

export type Nudge = { kind: 'reminder' | 'raise'; dueAt: Date };

/** The next nudge this introduction is waiting for, and when it falls due; undefined when none. */
export function nextNudge(introduction: Introduction, policy: NudgePolicy): Nudge | undefined {
  if (introduction.status !== 'offered' || introduction.restriction) return undefined;
  const since = offeredAt(introduction);
  if (!since) return undefined;
  const after = introduction.events.filter((e) => e.at >= since);
  if (after.some((e) => e.type === 'coordinator-not-reachable' || e.type === 'raised-with-triage'))
    return undefined;
  const reminded = after.find((e) => e.type === 'reminder-sent');
  if (!reminded) return { kind: 'reminder', dueAt: addWorkingDays(new Date(since), policy.workingDays) };
  return { kind: 'raise', dueAt: addWorkingDays(new Date(reminded.at), policy.workingDays) };
}

const SYSTEM = { aadObjectId: 'lac-front-door', name: 'LAC Front Door' };

/** The introduction with the nudge that is due by `now` applied; undefined when none is due. */
export function applyDueNudge(
  introduction: Introduction,
  policy: NudgePolicy,
  now: Date,
): Introduction | undefined {
  const nudge = nextNudge(introduction, policy);
  const coordinator = coordinatorRecipient(introduction);
  if (!nudge || nudge.dueAt > now || !coordinator || coordinator.kind !== 'person') return undefined;
  const at = now.toISOString();
  const days = policy.workingDays;
  if (nudge.kind === 'reminder') {
    return enqueue(
      withEvent(introduction, {
        at,
        by: SYSTEM,
        type: 'reminder-sent',
        note: `Not accepted after ${days} working day${days === 1 ? '' : 's'}: reminded ${coordinator.name}.`,
      }),
      at,
      { purpose: 'reminder', to: coordinator },
    );
  }
  return enqueue(
    withEvent(introduction, {
      at,
      by: SYSTEM,
      type: 'raised-with-triage',
      note: `Still not accepted ${days} working day${days === 1 ? '' : 's'} after the reminder to ${coordinator.name}: raised with the triage team.`,
    }),
    at,
    { purpose: 'not-accepted', to: { kind: 'triage' } },
  );
}
