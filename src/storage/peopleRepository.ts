/**
 * People the bot can reach: for each Teams user who has talked to the bot in a personal chat, the
 * conversation reference needed to message them later (proactive messages), keyed by their Entra
 * object id. Queries: by id (point read); by /emailLower (indexed) to match the patch directory.
 */
import type { Container } from '@azure/cosmos';
import type { ConversationReference } from 'botbuilder';

export interface Person {
  aadObjectId: string;
  tenantId: string;
  name?: string;
  email?: string;
  reference: Partial<ConversationReference>;
  updatedAt: string;
}

export interface PeopleRepository {
  remember(person: Person): Promise<void>;
  get(aadObjectId: string): Promise<Person | undefined>;
  findByEmail(email: string): Promise<Person | undefined>;
}

interface PersonDocument {
  id: string;
  type: 'user';
  tenantId: string;
  name?: string;
  emailLower?: string;
  reference: Partial<ConversationReference>;
  updatedAt: string;
}

function toPerson(document: PersonDocument): Person {
  return {
    aadObjectId: document.id,
    tenantId: document.tenantId,
    ...(document.name ? { name: document.name } : {}),
    ...(document.emailLower ? { email: document.emailLower } : {}),
    reference: document.reference,
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
      reference: person.reference,
      updatedAt: person.updatedAt,
    };
    if (person.name) document.name = person.name;
    if (person.email) document.emailLower = person.email.toLowerCase();
    await this.container.items.upsert(document);
  }

  async get(aadObjectId: string): Promise<Person | undefined> {
    const { resource } = await this.container.item(aadObjectId, aadObjectId).read<PersonDocument>();
    return resource ? toPerson(resource) : undefined;
  }

  async findByEmail(email: string): Promise<Person | undefined> {
    const { resources } = await this.container.items
      .query<PersonDocument>({
        query: "SELECT * FROM c WHERE c.type = 'user' AND c.emailLower = @email",
        parameters: [{ name: '@email', value: email.toLowerCase() }],
      })
      .fetchAll();
    return resources[0] ? toPerson(resources[0]) : undefined;
  }
}
