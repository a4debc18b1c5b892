/** A stored introduction for domain tests, built by the domain itself: no I/O. */

import type { RoutingDecision } from '../../src/domain/directory/routing';
import type { Introduction } from '../../src/domain/introductions/introduction';
import { createIntroduction } from '../../src/domain/introductions/newIntroduction';
import type { PostedCard } from '../../src/domain/outbox/messages';

export const OFFERED_TO_TAMMY: RoutingDecision = {
  outcome: 'patch',
  postcode: 'RM3 7AB',
  rule: { kind: 'sector', value: 'RM3 7' },
  patch: { id: 'harold-hill-north', name: 'Harold Hill North' },
  coordinator: { name: 'Tammy Hughes', email: 'tammy.hughes@demo.gov.uk', caseload: 12, capacity: 45 },
  overCapacity: false,
  needsConfirmation: false,
  explanation: 'RM3 7AB → Harold Hill North by sector RM3 7; Tammy Hughes, 12 of 45',
  today: '2026-11-19',
  directoryVersion: 'v1',
};

export const WITH_TRIAGE: RoutingDecision = {
  outcome: 'triage',
  postcode: 'RM12 4AB',
  triageReason: 'no-rule',
  overCapacity: false,
  needsConfirmation: false,
  explanation: 'RM12 4AB: no patch covers it; LAC team triage will decide who can help',
  today: '2026-11-19',
  directoryVersion: 'v1',
};

export function introductionFor(routing: RoutingDecision, now = '2026-11-19T16:00:00.000Z'): Introduction {
  return createIntroduction({
    id: '0b5c1d9e-2f4a-4b6c-8d7e-9f0a1b2c3d4e',
    reference: 'LAC-7K4M-QX',
    source: 'introduction',
    person: {
      fullName: 'Margaret Jones',
      postcode: 'RM3 7AB',
      noFixedAddress: false,
      contactThroughIntroducer: false,
      interpreterNeeded: false,
    },
    consentHow: 'in-person',
    safety: { immediateRisk: false, safeguardingRaised: false },
    whatMatters: { themes: ['isolation'] },
    context: { leavingCare: false },
    introducer: {
      aadObjectId: 'jo-object-id',
      tenantId: 'council',
      partner: false,
      name: 'Jo Carter',
      organisation: 'Adult social care',
      phone: '01632 960100',
    },
    routing,
    possibleDuplicates: [],
    now,
  });
}

/** The offer card as posted in Tammy's chat. */
export const POSTED_CARD: PostedCard = {
  notificationId: 'n1',
  purpose: 'offer',
  audience: 'coordinator',
  activityId: 'activity-1',
  at: '2026-11-19T16:00:00.000Z',
  address: {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/',
    conversationId: 'a:tammy',
    conversationType: 'personal',
    tenantId: 'council',
    botId: '28:bot',
  },
};
