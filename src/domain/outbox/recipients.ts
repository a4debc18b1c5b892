/**
 * Who an introduction's messages go to: its coordinator, its introducer, the triage team, and the
 * words that tell a coordinator a person was handed over to them.
 *
 * No I/O.
 */
import { firstNameAndInitial, type Introduction } from '../introductions/introduction';
import type { NotificationSpec, Recipient } from './messages';

/** The coordinator an introduction is offered to, as a recipient; undefined when it is with triage. */
export function coordinatorRecipient(introduction: Pick<Introduction, 'routing'>): Recipient | undefined {
  const coordinator = introduction.routing.coordinator;
  if (!coordinator) return undefined;
  return {
    kind: 'person',
    role: 'coordinator',
    name: coordinator.name,
    email: coordinator.email,
    ...(coordinator.aadObjectId ? { aadObjectId: coordinator.aadObjectId } : {}),
  };
}

/** Offered to its coordinator when routing chose one; posted to the triage team when not. */
export function offerNotification(introduction: Pick<Introduction, 'routing' | 'status'>): NotificationSpec {
  const coordinator = coordinatorRecipient(introduction);
  return introduction.status === 'offered' && coordinator
    ? { purpose: 'offer', to: coordinator }
    : { purpose: 'triage', to: { kind: 'triage' } };
}

/**
 * Tells the coordinator a person was handed over to them (their coordinator left the directory).
 * Posted in their chat, where it stays: the reference, first name and initial, and who did it; the
 * rest is in the person's record, which they open from **my people**.
 */
export function handoverNotification(
  introduction: Pick<Introduction, 'reference' | 'person'>,
  coordinator: { name: string; email: string; aadObjectId?: string },
  by: string,
): NotificationSpec {
  return {
    purpose: 'handed-over',
    to: {
      kind: 'person',
      role: 'coordinator',
      name: coordinator.name,
      email: coordinator.email,
      ...(coordinator.aadObjectId ? { aadObjectId: coordinator.aadObjectId } : {}),
    },
    text: `**${by}** has handed over ${firstNameAndInitial(introduction.person)} (${introduction.reference}) to you: their coordinator left the directory. Type **my people** and open them for their story so far.`,
  };
}

/** The introducer, as a recipient. */
export function introducerRecipient(introduction: Pick<Introduction, 'introducer'>): Recipient {
  return {
    kind: 'person',
    role: 'introducer',
    name: introduction.introducer.name,
    aadObjectId: introduction.introducer.aadObjectId,
    ...(introduction.introducer.email ? { email: introduction.introducer.email } : {}),
  };
}
