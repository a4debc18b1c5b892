/**
 * Drives real activities through the real stack: HTTP into restify, the real TeamsAdapter (with
 * real token validation when the bot has credentials), the real Teams AI Application, and the
 * embedded local Cosmos DB. nock stands in for the Bot Connector service, recording every activity
 * the bot sends, and for the login endpoints.
 *
 * Later features reuse it: `startTestBot()`, then `bot.send(activities.message(user, 'help'))`.
 */
import type { Activity } from 'botbuilder';
import { loadConfig } from '../../src/config';
import type { Introduction } from '../../src/domain/introductions/introduction';
import { createLogger } from '../../src/logger';
import { type RunningBot, type StartOptions, startBot } from '../../src/main';
import type { AuditEntry } from '../../src/storage/records/auditRepository';
import { MARGARET } from './fixtures';
import nock from './nock';

/** Loopback: in local mode the bot replies only to a service on this machine (src/localOnly.ts). */
export const SERVICE_URL = 'http://127.0.0.1:9/teams/';
export const COUNCIL_TENANT = '6b1c3f0e-5a7d-4c2b-9e41-0d3a8f2c7b10';
export const PARTNER_TENANT = '2a8e4f1c-9b3d-4e7a-8c5f-1d6b0e9a3c20';
export const STRANGER_TENANT = 'f0f0f0f0-0000-4000-8000-000000000bad';
export const BOT = { id: '28:lac-front-door-bot', name: 'LAC Front Door' };

export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
  tenantId: string;
  /** What Teams says when asked (TeamsInfo.getMember). */
  email: string;
}

export const users = {
  introducer: {
    id: '29:introducer',
    aadObjectId: '1d0c7e2a-3b5f-4a61-8f0e-2c9b4d7a6e01',
    name: 'Jo Carter',
    tenantId: COUNCIL_TENANT,
    email: 'jo.carter@demo.gov.uk',
  },
  housingOfficer: {
    id: '29:housing-officer',
    aadObjectId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a01',
    name: 'Dev Patel',
    tenantId: COUNCIL_TENANT,
    email: 'dev.patel@demo.gov.uk',
  },
  /** Coordinator of Harold Hill North in the demo directory (matched by Entra object id). */
  tammy: {
    id: '29:tammy',
    aadObjectId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01',
    name: 'Tammy Hughes',
    tenantId: COUNCIL_TENANT,
    email: 'tammy.hughes@demo.gov.uk',
  },
  /** Coordinator of Collier Row and Havering Park. */
  amira: {
    id: '29:amira',
    aadObjectId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c03',
    name: 'Amira Khan',
    tenantId: COUNCIL_TENANT,
    email: 'amira.khan@demo.gov.uk',
  },
  /** Coordinator of Harold Wood and Gidea Park. */
  sam: {
    id: '29:sam',
    aadObjectId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c02',
    name: 'Sam Okafor',
    tenantId: COUNCIL_TENANT,
    email: 'sam.okafor@demo.gov.uk',
  },
  /** The demo council's records lead. */
  grace: {
    id: '29:grace',
    aadObjectId: '5d4c3b2a-1908-4f7e-8d6c-b5a4c3d2e1f0',
    name: 'Grace Obi',
    tenantId: COUNCIL_TENANT,
    email: 'grace.obi@demo.gov.uk',
  },
  /** The demo council's triage manager. */
  priya: {
    id: '29:priya',
    aadObjectId: '3f2c8d1e-7b6a-4c59-9d0e-1a2b3c4d5e01',
    name: 'Priya Shah',
    tenantId: COUNCIL_TENANT,
    email: 'priya.shah@demo.gov.uk',
  },
  gpReceptionist: {
    id: '29:gp-receptionist',
    aadObjectId: '4b3a2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c01',
    name: 'Lee Morgan',
    tenantId: PARTNER_TENANT,
    email: 'lee.morgan@nhs.net',
  },
  stranger: {
    id: '29:stranger',
    aadObjectId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    name: 'Someone Else',
    tenantId: STRANGER_TENANT,
    email: 'someone@elsewhere.example',
  },
} satisfies Record<string, TestUser>;

const moreUsers: TestUser[] = [];
/** Makes more people known to the stand-in Bot Connector, which answers "who is this" for them. */
export function registerUsers(...more: TestUser[]): void {
  moreUsers.push(...more);
}

/** An activity sent by the bot, as the Bot Connector received it. */
export interface SentActivity extends Partial<Activity> {
  /** The conversation it was sent to (from the URL). */
  toConversation: string;
  /** POST: a new message; PUT: an update of the message `updatedId`. */
  method: 'POST' | 'PUT';
  /** For updates: the id of the message replaced. */
  updatedId?: string;
  /** The id the stand-in gave it (for new messages). */
  givenId?: string;
  /** When the stand-in received it. */
  receivedAt: number;
  /** The Authorization header the bot sent, if any. */
  authorization?: string;
}

export interface Exchange {
  status: number;
  /** The body of the HTTP response (invoke responses). */
  body: unknown;
  /** What the bot sent to the Bot Connector during this exchange. */
  sent: SentActivity[];
}

export interface TestBot {
  bot: RunningBot;
  url: string;
  /** Every activity sent to the Bot Connector since the bot started. */
  sent: SentActivity[];
  connector: ConnectorControl;
  /** Structured log lines written by the bot. */
  logs: Record<string, unknown>[];
  /** Waits until the outbox has sent (or given up on) everything due now. */
  settled(): Promise<void>;
  send(activity: Partial<Activity>, options?: { token?: string }): Promise<Exchange>;
  stop(): Promise<void>;
}

let activityCounter = 0;

function conversationFor(user: TestUser, kind: 'personal' | 'channel' = 'personal') {
  return kind === 'personal'
    ? { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: user.tenantId }
    : {
        id: '19:triage@thread.tacv2;messageid=1',
        conversationType: 'channel',
        tenantId: user.tenantId,
        isGroup: true,
      };
}

/** The LAC team's triage channel, as Teams describes it in channel activities. */
export const TEAM = { id: '19:lac-team@thread.tacv2', name: 'Local Area Coordination' };
export const TRIAGE_CHANNEL = { id: '19:triage@thread.tacv2', name: 'Triage' };

function base(user: TestUser, kind: 'personal' | 'channel' = 'personal'): Partial<Activity> {
  activityCounter++;
  const channelData =
    kind === 'channel'
      ? { tenant: { id: user.tenantId }, team: TEAM, channel: TRIAGE_CHANNEL }
      : { tenant: { id: user.tenantId } };
  return {
    id: `activity-${activityCounter}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date(),
    locale: 'en-GB',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: BOT.id, name: BOT.name },
    conversation: conversationFor(user, kind) as Activity['conversation'],
    channelData,
  };
}

/** Activities as Teams sends them. */
export const activities = {
  /** In a channel, Teams only sends messages that @mention the bot: the mention is added. */
  message(user: TestUser, text: string, kind: 'personal' | 'channel' = 'personal'): Partial<Activity> {
    if (kind === 'personal') return { ...base(user, kind), type: 'message', text };
    const mention = `<at>${BOT.name}</at>`;
    return {
      ...base(user, kind),
      type: 'message',
      text: `${mention} ${text}`,
      entities: [{ type: 'mention', mentioned: { id: BOT.id, name: BOT.name }, text: mention }],
    };
  },
  botAdded(user: TestUser, kind: 'personal' | 'channel' = 'personal'): Partial<Activity> {
    const added = base(user, kind);
    return {
      ...added,
      type: 'conversationUpdate',
      membersAdded: [{ id: BOT.id, name: BOT.name }],
      ...(kind === 'channel'
        ? { channelData: { ...(added.channelData as object), eventType: 'teamMemberAdded' } }
        : {}),
    };
  },
  installed(user: TestUser): Partial<Activity> {
    return { ...base(user), type: 'installationUpdate', action: 'add' };
  },
  cardAction(
    user: TestUser,
    verb: string,
    data: Record<string, unknown>,
    kind: 'personal' | 'channel' = 'personal',
    options: { replyToId?: string; trigger?: 'manual' | 'automatic' } = {},
  ) {
    return {
      ...base(user, kind),
      type: 'invoke',
      name: 'adaptiveCard/action',
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
    } as Partial<Activity>;
  },
  /** What Teams sends when a card with `refresh` is shown to someone in its `userIds`. */
  refresh(
    user: TestUser,
    card: Record<string, unknown>,
    kind: 'personal' | 'channel' = 'personal',
    replyToId?: string,
  ) {
    const action = (card.refresh as { action: { verb: string; data: Record<string, unknown> } }).action;
    return activities.cardAction(user, action.verb, action.data, kind, {
      trigger: 'automatic',
      ...(replyToId ? { replyToId } : {}),
    });
  },
  /** An Action.Submit from an older client (a message with the card's data as its value). */
  submit(user: TestUser, data: Record<string, unknown>, kind: 'personal' | 'channel' = 'personal') {
    return { ...base(user, kind), type: 'message', value: data } as Partial<Activity>;
  },
};

/** Makes the stand-in Bot Connector fail the next calls, as the real one sometimes does. */
export interface ConnectorControl {
  /** The next `times` sends or updates fail with `status` (and a Retry-After header, in seconds). */
  failNext(status: number, times?: number, retryAfterSeconds?: number): void;
  /** Every attempt, failed or not, with when it arrived and what it was answered. */
  attempts: { at: number; status: number; toConversation: string }[];
}

/** Records every activity the bot sends to the (stand-in) Bot Connector. */
function standInForBotConnector(sent: SentActivity[]): ConnectorControl {
  let nextId = 1;
  const failures: { status: number; retryAfterSeconds?: number }[] = [];
  const attempts: ConnectorControl['attempts'] = [];
  // nock 15 hands a reply function the request as a fetch `Request`; one parameter, so nock
  // does not take it for a callback-style function.
  const record = async (request: Request): Promise<nock.ReplyFnResult> => {
    const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?/.exec(
      new URL(request.url).pathname,
    );
    const toConversation = decodeURIComponent(match?.[1] ?? '');
    const failure = failures.shift();
    attempts.push({ at: Date.now(), status: failure?.status ?? 200, toConversation });
    if (failure !== undefined) {
      return [
        failure.status,
        { error: { code: 'ServiceError', message: 'stand-in failure' } },
        failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {},
      ];
    }
    const body = (await request.json()) as Partial<Activity>;
    const method = request.method === 'PUT' ? 'PUT' : 'POST';
    const givenId = method === 'POST' ? `sent-${nextId++}` : decodeURIComponent(match?.[2] ?? '');
    sent.push({
      ...body,
      toConversation,
      method,
      ...(method === 'PUT' ? { updatedId: givenId } : { givenId }),
      receivedAt: Date.now(),
      authorization: request.headers.get('authorization') ?? undefined,
    });
    return [200, { id: givenId }];
  };
  nock('http://127.0.0.1:9')
    .persist()
    .post(/\/teams\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
    .reply(record)
    .put(/\/teams\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
    .reply(record)
    .get(/\/teams\/v3\/conversations\/[^/]+\/members\/[^/]+$/)
    .reply((request: Request) => {
      const userId = decodeURIComponent(new URL(request.url).pathname.split('/').pop() ?? '');
      const user = [...Object.values(users), ...moreUsers].find((u) => u.id === userId);
      return user
        ? [
            200,
            {
              id: user.id,
              name: user.name,
              aadObjectId: user.aadObjectId,
              email: user.email,
              userPrincipalName: user.email,
              tenantId: user.tenantId,
            },
          ]
        : [404, { error: { code: 'MemberNotFoundInConversation' } }];
    });
  return {
    failNext(status, times = 1, retryAfterSeconds) {
      for (let i = 0; i < times; i++)
        failures.push(retryAfterSeconds === undefined ? { status } : { status, retryAfterSeconds });
    },
    attempts,
  };
}

/** Retries within a fraction of a second, so tests of them take no longer than the SDK's own. */
export const FAST_RETRIES = { baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 4 };

export async function startTestBot(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestBot> {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const sent: SentActivity[] = [];
  const connector = standInForBotConnector(sent);
  const logs: Record<string, unknown>[] = [];
  // The production logger (redaction, error serializer), writing to memory.
  const logger = createLogger('debug', {
    write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  const config = loadConfig({
    PORT: '0',
    BOT_TENANT_ID: COUNCIL_TENANT,
    ALLOWED_TENANT_IDS: `${COUNCIL_TENANT},${PARTNER_TENANT}`,
    ...env,
  });
  const bot = await startBot(config, logger, {
    ephemeralLocalCosmos: true,
    directoryWatchMs: 0,
    directoryPollMs: 0,
    // Tests send at once and wait with `settled()`; retries come quickly.
    outboxPollMs: 0,
    nudgeEveryMs: 0,
    monthlyReportEveryMs: 0,
    recordsReviewEveryMs: 0,
    retryPolicy: FAST_RETRIES,
    ...options,
  });
  const url = `http://127.0.0.1:${bot.server.port}`;
  return {
    bot,
    url,
    sent,
    connector,
    logs,
    async send(activity, options = {}) {
      // What earlier exchanges queued goes out first, so this exchange's `sent` holds its own.
      await bot.outbox.settled();
      const before = sent.length;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: response.status, body, sent: sent.slice(before) };
    },
    settled: () => bot.outbox.settled(),
    async stop() {
      await bot.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

/** What a posted card shows its reader in their own view (its refresh): the card of the answer. */
export async function readerView(
  bot: TestBot,
  reader: TestUser,
  posted: SentActivity | undefined,
): Promise<unknown> {
  const card = cardIn(posted);
  if (!card?.refresh) throw new Error('the posted card has no view of its own');
  const answer = await bot.send(activities.refresh(reader, card, 'personal', posted?.givenId));
  return (answer.body as { value?: unknown }).value;
}

/** The audit trail of one introduction, or only its entries of one action. */
export async function auditTrail(bot: TestBot, subjectId: string, action?: string): Promise<AuditEntry[]> {
  const { resources } = await bot.bot.store
    .container('audit')
    .items.query<AuditEntry>({
      query: 'SELECT * FROM c WHERE c.subjectId = @id',
      parameters: [{ name: '@id', value: subjectId }],
    })
    .fetchAll();
  return action === undefined ? resources : resources.filter((e) => e.action === action);
}

/** The destruction log as stored: its chain in the audit container, each entry's words parsed. */
export async function destructionLogOf(bot: TestBot): Promise<Record<string, unknown>[]> {
  const { resources } = await bot.bot.store
    .container('audit')
    .items.query<{ detail: string; seq: number }>({
      query: "SELECT c.detail, c.seq FROM c WHERE c.subjectId = 'destruction-log'",
    })
    .fetchAll();
  return resources.sort((a, b) => a.seq - b.seq).map((e) => JSON.parse(e.detail) as Record<string, unknown>);
}

/** Each of these people says hello in their personal chat, so the bot can reach them later. */
export async function greet(bot: TestBot, ...people: TestUser[]): Promise<void> {
  for (const user of people) await bot.send(activities.message(user, 'hello'));
}

/** The Adaptive Card in a sent activity, or undefined. */
export function cardIn(activity: Partial<Activity> | undefined): Record<string, unknown> | undefined {
  const attachment = activity?.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return attachment?.content as Record<string, unknown> | undefined;
}

/** Every piece of visible text in a card, joined: for assertions about what a person reads. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const child of node) walk(child);
    else if (node && typeof node === 'object') {
      // A FactSet's fact has a title and a value and no type; an input's value is what was typed.
      const isFact = !('type' in node) && 'title' in node && 'value' in node;
      for (const [key, value] of Object.entries(node)) {
        const shown = key === 'text' || key === 'title' || key === 'label' || (isFact && key === 'value');
        if (shown && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return parts.join('\n');
}

/** An introduction as stored in Cosmos DB. */
export async function readIntroduction(bot: TestBot, id: string): Promise<Introduction> {
  const { resource } = await bot.bot.store.container('introductions').item(id, id).read<Introduction>();
  if (!resource) throw new Error(`introduction ${id} is not stored`);
  return resource;
}

/**
 * Makes an introduction as a person would: `introduce`, then the form sent with Margaret Jones's
 * details (and `fields` over them), then waits for the messages it causes. `meanwhile` runs once
 * the form is open and before it is sent (so the form's own message does not meet the failures a
 * test arranges for the offer).
 */
export async function introduceAs(
  bot: TestBot,
  user: TestUser,
  fields: Record<string, string> = {},
  meanwhile: () => void = () => undefined,
): Promise<Introduction> {
  const opened = await bot.send(activities.message(user, 'introduce'));
  const form = opened.sent.find((a) => JSON.stringify(a).includes('idempotencyKey'));
  const key = (cardIn(form) as { actions: { data: { idempotencyKey: string } }[] } | undefined)?.actions[0]
    ?.data.idempotencyKey;
  if (!key) throw new Error('no introduction form came back');
  meanwhile();
  await bot.send(
    activities.cardAction(user, 'submitIntroduction', {
      idempotencyKey: key,
      variant: 'introduction',
      ...MARGARET,
      ...fields,
    }),
  );
  await bot.settled();
  return readIntroduction(bot, key);
}
