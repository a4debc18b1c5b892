/**
 * Random and hostile input to every card verb, the older clients' Action.Submit, the message action
 * and typed commands, through the real adapter (fast-check): the bot never answers with a server
 * error, never changes an introduction for someone who may not act on it, and never shows its
 * personal data to them. The people sending are a council officer with no role, a partner (NHSmail)
 * and a partner whose tenant reports a coordinator's address.
 */
import type { Activity } from 'botbuilder';
import fc from 'fast-check';
import type { Introduction } from '../../src/domain/introductions/introduction';
import {
  activities,
  greet,
  introduceAs,
  PARTNER_TENANT,
  readIntroduction,
  registerUsers,
  startTestBot,
  type TestBot,
  type TestUser,
  users,
} from '../helpers/botHarness';

const VERBS = [
  'showIntroduction',
  'acceptIntroduction',
  'passIntroduction',
  'backToTriage',
  'askIntroducer',
  'assignIntroduction',
  'recordProgress',
  'withdrawConsent',
  'replyToQuestion',
  'openQuestion',
  'readReply',
  'submitIntroduction',
  'myIntroductions',
  'openIntroduction',
  'whoCoversPrompt',
  'whoCovers',
  'showHelp',
  'openIntroductionForm',
  'recordMonitoring',
  'decideAvoided',
  'monthlyReportFor',
  'approveDisposal',
  'correctDetail',
  'holdRecords',
  'noSuchVerb',
];
const COMMANDS = [
  'help',
  'introduce',
  'flag frequent attender',
  'my introductions',
  'who covers',
  'my people',
  'team queue',
  'away from',
  'back',
  'use this channel for triage',
  'monthly report',
  'my patch',
  'correct monthly report October 2026 because',
  'records due',
  'hello',
];
/** What nobody but those allowed may be shown about Margaret. */
const PERSONAL = /Margaret Jones|07700 900123|allotment|Jones/;

const claimsTammy: TestUser = {
  id: '29:claims-tammy',
  aadObjectId: '0c0c0c0c-1111-4222-8333-444444444499',
  name: 'Claims Tammy',
  tenantId: PARTNER_TENANT,
  email: 'tammy.hughes@demo.gov.uk',
};
registerUsers(claimsTammy);

let bot: TestBot;
let margaret: Introduction;
let questionId: string;
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
  await greet(bot, users.tammy, users.introducer, users.housingOfficer, users.gpReceptionist, claimsTammy);
  margaret = await introduceAs(bot, users.introducer);
  await bot.send(
    activities.cardAction(users.tammy, 'askIntroducer', { id: margaret.id, question: 'Mornings?' }),
  );
  await bot.settled();
  margaret = await readIntroduction(bot, margaret.id);
  questionId = margaret.events.find((e) => e.type === 'question-asked')?.questionId ?? '';
});
afterAll(() => bot.stop());

/** What must not change: everything but the bot's own bookkeeping of deliveries. */
const stateOf = (i: Introduction) =>
  JSON.stringify({
    status: i.status,
    routing: i.routing,
    coordinatorEmail: i.coordinatorEmail,
    acceptedBy: i.acceptedBy,
    outcomes: i.outcomes,
    consent: i.consent,
    events: i.events.filter((e) => e.by.aadObjectId !== '').map((e) => [e.type, e.by.aadObjectId, e.note]),
    questions: i.events.filter((e) => e.type.startsWith('question')).length,
  });

const adversary = fc.constantFrom(users.housingOfficer, users.gpReceptionist, claimsTammy);
/** Payloads: sometimes well-formed around the real ids, sometimes anything at all. */
const payload = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.string(), fc.jsonValue()),
  fc.record(
    {
      id: fc.constantFrom('pending', 'not-an-id', '__proto__', '00000000-0000-4000-8000-000000000000'),
      introductionId: fc.constant('pending'),
      questionId: fc.constant('pending'),
      actionId: fc.uuid(),
      toPatch: fc.constantFrom('elm-park', 'constructor', '../x'),
      reason: fc.string({ maxLength: 600 }),
      triageReason: fc.string({ maxLength: 600 }),
      question: fc.string({ maxLength: 1100 }),
      reply: fc.string({ maxLength: 2100 }),
      assignTo: fc.constantFrom('amira.khan@demo.gov.uk', 'x@y', 'constructor'),
      progress: fc.constantFrom('in-touch', 'walking-alongside', 'stepped-back', 'toString'),
      outcomes: fc.constantFrom('tenancy-kept', 'constructor,__proto__', ''),
      workingOn: fc.constantFrom('isolation', 'toString', ''),
      withdrawNote: fc.string(),
      postcode: fc.string({ maxLength: 30 }),
      page: fc.oneof(fc.integer(), fc.string()),
      idempotencyKey: fc.oneof(fc.uuid(), fc.string()),
      variant: fc.constantFrom('introduction', 'frequent-attender', 'x'),
    },
    { requiredKeys: [] },
  ),
);

function withRealIds(data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const copy = { ...(data as Record<string, unknown>) };
  if (copy.id === 'pending') copy.id = margaret.id;
  if (copy.introductionId === 'pending') copy.introductionId = margaret.id;
  if (copy.questionId === 'pending') copy.questionId = questionId;
  return copy;
}

async function checkAnswer(exchange: { status: number; body: unknown; sent: Partial<Activity>[] }) {
  expect(exchange.status).toBeLessThan(500);
  expect(JSON.stringify(exchange.body ?? '')).not.toMatch(PERSONAL);
  expect(JSON.stringify(exchange.sent)).not.toMatch(PERSONAL);
  await bot.settled();
  expect(stateOf(await readIntroduction(bot, margaret.id))).toBe(stateOf(margaret));
}

it('answers any card verb with any data without a server error, a change or a leak', async () => {
  await fc.assert(
    fc.asyncProperty(adversary, fc.constantFrom(...VERBS), payload, async (user, verb, data) => {
      await checkAnswer(
        await bot.send(activities.cardAction(user, verb, withRealIds(data) as Record<string, unknown>)),
      );
    }),
    { numRuns: 150, seed: 20261130 },
  );
});

it('does the same for the older clients’ Action.Submit and the message action', async () => {
  await fc.assert(
    fc.asyncProperty(
      adversary,
      fc.constantFrom(...VERBS),
      payload,
      fc.constantFrom('composeExtension/fetchTask', 'composeExtension/submitAction', 'task/submit'),
      async (user, verb, data, name) => {
        const value =
          data && typeof data === 'object' && !Array.isArray(data)
            ? { ...(withRealIds(data) as object), verb }
            : data;
        await checkAnswer(await bot.send(activities.submit(user, value as Record<string, unknown>)));
        const invoke = {
          ...activities.cardAction(user, verb, {}),
          name,
          value: { commandId: 'introduceToLac', data: withRealIds(data), messagePayload: data },
        } as Partial<Activity>;
        await checkAnswer(await bot.send(invoke));
      },
    ),
    { numRuns: 80, seed: 20261130 },
  );
});

it('answers any typed command with any argument without a server error, a change or a leak', async () => {
  await fc.assert(
    fc.asyncProperty(
      adversary,
      fc.constantFrom(...COMMANDS),
      fc.oneof(fc.string({ maxLength: 200 }), fc.constant('the reference'), fc.constant('RM3 7AB')),
      async (user, command, argument) => {
        const typed = argument === 'the reference' ? margaret.reference : argument;
        await checkAnswer(await bot.send(activities.message(user, `${command} ${typed}`)));
      },
    ),
    { numRuns: 80, seed: 20261130 },
  );
});
