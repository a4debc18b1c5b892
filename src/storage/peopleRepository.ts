/**
 * People and places the bot can reach (`people`, partition key /id):
 * - each Teams user who has talked to the bot in a personal chat: where their chat is (to message
 *   them later: proactive messages), their Teams user id (for card refresh lists) and their email as
 *   Teams reports it (to match the patch directory), keyed by their Entra object id;
 * - each team the bot has been added to (`team:<id>`), and the triage channel a manager chose
 *   (`triage-channel`).
 * - for each directory entry listed without an object id, the object id learnt for it (`pin:<email>`,
 *   created once and never overwritten: src/services/directory/directoryIdentity.ts).
 * Queries: by id (point read); by /emailLower (indexed) to match the patch directory. Nothing here
 * depends on the Teams SDK: a conversation is stored as its address (src/domain/outbox/outbox.ts).
 */
import type { Container } from '@azure/cosmos';
import type { ConversationAddress } from '../domain/outbox/messages';

export interface Person {
  aadObjectId: string;
  tenantId: string;
  email?: string;
  /** Their Teams user id ("29:..."), for the user ids a card refreshes for. */
  teamsUserId: string;
  /** Their personal chat with the bot. */
  address: ConversationAddress;
  updatedAt: string;
}

/** A team the bot was added to, and where it was added (usually its General channel). */
export interface Team {
  teamId: string;
  name?: string;
  address: ConversationAddress;
  addedAt: string;
  removedAt?: string;
}

/** The channel where introductions that need the team are posted. */
export interface TriageChannel {
  address: ConversationAddress;
  teamId?: string;
  teamName?: string;
  channelName?: string;
  setBy: { aadObjectId: string; name: string };
  at: string;
}

/**
 * Pins: the first Entra object id seen for a directory email (src/services/directory/directoryIdentity.ts
 * matches people by them).
 */
export interface PinRepository {
  /**
   * Pins an object id to a directory email unless one is pinned already: returns the one that is,
   * and whether this call made it.
   */
  pinObjectId(
    email: string,
    aadObjectId: string,
    at: string,
  ): Promise<{ aadObjectId: string; created: boolean }>;
  /** Every pin: directory email → object id. */
  allPins(): Promise<Map<string, string>>;
}

export interface PeopleRepository extends PinRepository {
  remember(person: Person): Promise<void>;
  get(aadObjectId: string): Promise<Person | undefined>;
  /** The person of this tenant whose email Teams reported as this one (the newest, if several). */
  findByEmail(email: string, tenantId: string): Promise<Person | undefined>;
  rememberTeam(team: Team): Promise<void>;
  /** Marks a team the bot was removed from (nothing if it was never recorded). */
  teamRemoved(teamId: string, at: string): Promise<void>;
  setTriageChannel(channel: TriageChannel): Promise<void>;
  triageChannel(): Promise<TriageChannel | undefined>;
}

interface PersonDocument {
  id: string;
  type: 'user';
  tenantId: string;
  emailLower?: string;
  teamsUserId?: string;
  address?: ConversationAddress;
  /** Written by versions before the address was stored; read for their documents. */
  reference?: {
    serviceUrl?: string;
    channelId?: string;
    conversation?: { id?: string; tenantId?: string };
    bot?: { id?: string };
    user?: { id?: string };
  };
  updatedAt: string;
}

interface PinDocument {
  id: string;
  type: 'pin';
  aadObjectId: string;
  pinnedAt: string;
}

const TRIAGE_CHANNEL_ID = 'triage-channel';

function toPerson(document: PersonDocument): Person | undefined {
  const legacy = document.reference;
  const address: ConversationAddress | undefined =
    document.address ??
    (legacy?.serviceUrl && legacy.conversation?.id && legacy.bot?.id
      ? {
          channelId: legacy.channelId ?? 'msteams',
          serviceUrl: legacy.serviceUrl,
          conversationId: legacy.conversation.id,
          conversationType: 'personal',
          tenantId: legacy.conversation.tenantId ?? document.tenantId,
          botId: legacy.bot.id,
        }
      : undefined);
  const teamsUserId = document.teamsUserId ?? legacy?.user?.id;
  if (!address || !teamsUserId) return undefined;
  return {
    aadObjectId: document.id,
    tenantId: document.tenantId,
    ...(document.emailLower ? { email: document.emailLower } : {}),
    teamsUserId,
    address,
    updatedAt: document.updatedAt,
  };
}

export class CosmosPeopleRepository implements PeopleRepository {
  constructor(private readonly container: Container) {}

  async remember(person: Person): Promise<void> {
    const document: PersonDocument = {
      id: person.aadObjectId,
      type: 'user',
      tenantId: person.tenantId,
      teamsUserId: person.teamsUserId,
      address: person.address,
      updatedAt: person.updatedAt,
    };
    if (person.email) document.emailLower = person.email.toLowerCase();
    await this.container.items.upsert(document);
  }

  async get(aadObjectId: string): Promise<Person | undefined> {
    const { resource } = await this.container.item(aadObjectId, aadObjectId).read<PersonDocument>();
    return resource?.type === 'user' ? toPerson(resource) : undefined;
  }

  async findByEmail(email: string, tenantId: string): Promise<Person | undefined> {
    const { resources } = await this.container.items
      .query<PersonDocument>({
        query: "SELECT * FROM c WHERE c.type = 'user' AND c.emailLower = @email",
        parameters: [{ name: '@email', value: email.toLowerCase() }],
      })
      .fetchAll();
    const newest = resources
      .filter((r) => r.tenantId.toLowerCase() === tenantId.toLowerCase())
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
    return newest ? toPerson(newest) : undefined;
  }

  private async pinnedObjectId(email: string): Promise<string | undefined> {
    const id = `pin:${email.toLowerCase()}`;
    const { resource } = await this.container.item(id, id).read<PinDocument>();
    return resource?.type === 'pin' ? resource.aadObjectId : undefined;
  }

  async allPins(): Promise<Map<string, string>> {
    const { resources } = await this.container.items
      .query<{ id: string; aadObjectId: string }>({
        query: "SELECT c.id, c.aadObjectId FROM c WHERE c.type = 'pin'",
      })
      .fetchAll();
    return new Map(resources.map((r) => [r.id.slice('pin:'.length), r.aadObjectId]));
  }

  async pinObjectId(
    email: string,
    aadObjectId: string,
    at: string,
  ): Promise<{ aadObjectId: string; created: boolean }> {
    const id = `pin:${email.toLowerCase()}`;
    try {
      await this.container.items.create<PinDocument>({ id, type: 'pin', aadObjectId, pinnedAt: at });
      return { aadObjectId, created: true };
    } catch (error) {
      // Pinned already (by this instance earlier, or another first): that pin stands.
      if ((error as { code?: number }).code !== 409) throw error;
      const existing = await this.pinnedObjectId(email);
      if (!existing) throw error;
      return { aadObjectId: existing, created: false };
    }
  }

  async rememberTeam(team: Team): Promise<void> {
    await this.container.items.upsert({ id: `team:${team.teamId}`, type: 'team', ...team });
  }

  async teamRemoved(teamId: string, at: string): Promise<void> {
    const id = `team:${teamId}`;
    await this.container
      .item(id, id)
      .patch([{ op: 'set', path: '/removedAt', value: at }])
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== 404) throw error;
      });
  }

  async setTriageChannel(channel: TriageChannel): Promise<void> {
    await this.container.items.upsert({ id: TRIAGE_CHANNEL_ID, type: 'triage-channel', ...channel });
  }

  async triageChannel(): Promise<TriageChannel | undefined> {
    const { resource } = await this.container
      .item(TRIAGE_CHANNEL_ID, TRIAGE_CHANNEL_ID)
      .read<TriageChannel>();
    return resource ? withoutSystem(resource) : undefined;
  }
}

/** The stored document without Cosmos DB's system properties, its id and its type. */
function withoutSystem<T extends object>(document: T): T {
  return Object.fromEntries(
    Object.entries(document).filter(([key]) => !key.startsWith('_') && key !== 'id' && key !== 'type'),
  ) as T;
}
