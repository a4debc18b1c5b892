/**
 * A new introduction as it is first stored: its first events (introduced, then routed) and its
 * first message (the offer to its coordinator, or the post to the triage team) in its outbox, so
 * both are stored in the one write that stores it.
 *
 * No I/O: ids, time and the routing decision are passed in.
 */
import type { RoutingDecision } from '../directory/routing';
import { enqueue } from '../outbox/outbox';
import { offerNotification } from '../outbox/recipients';
import {
  CONSENT_WORDING,
  type ConsentHow,
  type Context,
  duplicateKeys,
  type FrequentAttender,
  type Introducer,
  type Introduction,
  initialStatus,
  type PersonDetails,
  type Safety,
  type WebConsentHow,
  type WhatMatters,
} from './introduction';

export interface NewIntroduction {
  id: string;
  reference: string;
  source: Introduction['source'];
  person: PersonDetails;
  consentHow: ConsentHow | WebConsentHow;
  /** The consent words' version, where not the Teams card's (the website's). */
  wordingVersion?: string;
  safety: Safety;
  whatMatters: WhatMatters;
  context: Context;
  introducer: Introducer;
  frequentAttender?: FrequentAttender;
  routing: RoutingDecision;
  possibleDuplicates: string[];
  now: string;
}

/** Builds the stored introduction, with its first events: introduced, then routed. */
export function createIntroduction(input: NewIntroduction): Introduction {
  const by = { aadObjectId: input.introducer.aadObjectId, name: input.introducer.name };
  const status = initialStatus(input.routing);
  const introduction: Introduction = {
    id: input.id,
    type: 'introduction',
    reference: input.reference,
    source: input.source,
    status,
    person: input.person,
    consent: {
      given: true,
      how: input.consentHow,
      obtainedBy: by,
      at: input.now,
      wordingVersion: input.wordingVersion ?? CONSENT_WORDING.version,
    },
    safety: input.safety,
    whatMatters: input.whatMatters,
    context: input.context,
    introducer: input.introducer,
    // A website introducer has no Teams identity: an id of its own, so no list ever matches them all.
    introducerId: input.introducer.web ? `web:${input.id}` : input.introducer.aadObjectId,
    routing: input.routing,
    duplicateKeys: duplicateKeys(input.person),
    possibleDuplicates: input.possibleDuplicates,
    events: [
      {
        at: input.now,
        by,
        type: 'introduced',
        note: input.source === 'gp-practice' ? 'Flagged by a GP practice' : undefined,
      },
      { at: input.now, by, type: 'routed', note: input.routing.explanation, to: status },
    ],
    createdAt: input.now,
    updatedAt: input.now,
  };
  if (input.frequentAttender) introduction.frequentAttender = input.frequentAttender;
  if (input.routing.coordinator) introduction.coordinatorEmail = input.routing.coordinator.email;
  return enqueue(introduction, input.now, offerNotification(introduction));
}
