/**
 * The outbox: what introductions have to say, sent in Teams by the instance that made the change
 * and swept for by every instance; and reminders of offers not accepted in time.
 */
import type { TeamsDelivery } from '../bot/delivery';
import { NudgeScheduler } from '../services/outbox/nudgeScheduler';
import { OutboxDispatcher } from '../services/outbox/outboxDispatcher';
import type { IntroductionRepository } from '../storage/introductions/introductionRepository';
import { leases, type Shared } from './shared';

export interface OutboxWiring {
  outbox: OutboxDispatcher;
  /** Sends what an introduction's outbox holds now (the change that filled it is stored). */
  notify: (introductionId: string) => void;
  nudges: NudgeScheduler;
}

export function wireOutbox(
  shared: Shared,
  introductionRepository: IntroductionRepository,
  delivery: TeamsDelivery,
): OutboxWiring {
  const { config, logger, options, clock, instanceId } = shared;
  const outbox = new OutboxDispatcher(introductionRepository, delivery, logger, {
    instanceId,
    pollMs: options.outboxPollMs,
    retry: options.retryPolicy,
    clock,
  });
  const notify = (introductionId: string) => outbox.kick(introductionId);
  const nudges = new NudgeScheduler(introductionRepository, leases(shared), logger, {
    policy: { workingDays: config.reminderWorkingDays },
    everyMs: options.nudgeEveryMs,
    instanceId,
    clock,
    onNudged: notify,
  });
  return { outbox, notify, nudges };
}
