/**
 * Who a card is for: the Teams user ids whose clients fetch their own view of an offer card
 * (Universal Actions `refresh`, at most 60), and the triage managers who can be reached.
 */
import type { Directory } from '../domain/directory/directory';
import type { Introduction } from '../domain/introductions/introduction';
import type { DirectoryIdentity } from '../services/directory/directoryIdentity';
import type { PeopleRepository, Person } from '../storage/peopleRepository';

export class CardAudience {
  constructor(
    private readonly people: PeopleRepository,
    private readonly directory: () => Directory,
    private readonly identity: DirectoryIdentity,
  ) {}

  /**
   * A directory entry's stored Teams chat, by the entry's object id (its own, or the one pinned to
   * its email). An entry with neither is looked for by email among people of the council's own
   * tenant only, and the object id found is pinned to it from then on.
   */
  async find(entry: { aadObjectId?: string; email?: string }): Promise<Person | undefined> {
    const objectId = entry.email
      ? await this.identity.objectIdOf({ email: entry.email, aadObjectId: entry.aadObjectId })
      : entry.aadObjectId;
    if (objectId) return this.people.get(objectId);
    const home = this.identity.homeTenantId;
    if (!entry.email || !home) return undefined;
    const person = await this.people.findByEmail(entry.email, home);
    if (!person) return undefined;
    const pinned = await this.identity.learn(entry.email, person.aadObjectId);
    return pinned === person.aadObjectId ? person : this.people.get(pinned);
  }

  /** The triage managers who have the app, in the directory's order. */
  async managers(): Promise<Person[]> {
    const found: Person[] = [];
    for (const manager of this.directory().triage.managers) {
      const person = await this.find(manager);
      if (person) found.push(person);
    }
    return found;
  }

  /**
   * In the triage channel, everyone who may act on it sees their own view: the triage managers,
   * the coordinators of its patch and the coordinator it is offered to (who may be covering from
   * another patch), if they have the app.
   */
  async team(introduction: Pick<Introduction, 'routing' | 'coordinatorEmail'>): Promise<string[]> {
    const directory = this.directory();
    const patch = directory.patches.find((p) => p.id === introduction.routing.patch?.id);
    const holder = introduction.coordinatorEmail;
    const holderEntry = holder
      ? directory.patches.flatMap((p) => p.coordinators).find((c) => c.email === holder)
      : undefined;
    const ids = new Set<string>();
    for (const entry of [
      ...directory.triage.managers,
      ...(patch?.coordinators ?? []),
      ...(holderEntry ? [holderEntry] : []),
    ]) {
      const person = await this.find(entry);
      if (person) ids.add(person.teamsUserId);
      if (ids.size >= 60) break;
    }
    return [...ids];
  }
}
