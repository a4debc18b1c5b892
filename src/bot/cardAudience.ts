/**
 * Who a card is for: the Teams user ids whose clients fetch their own view of an offer card
 * (Universal Actions `refresh`, at most 60), and the triage managers who can be reached.
 */
import type { Directory } from '../domain/directory';
import type { Introduction } from '../domain/introduction';
import type { PeopleRepository, Person } from '../storage/peopleRepository';

export class CardAudience {
  constructor(
    private readonly people: PeopleRepository,
    private readonly directory: () => Directory,
  ) {}

  /** A directory entry's stored Teams chat: by Entra object id, else by email. */
  async find(entry: { aadObjectId?: string; email?: string }): Promise<Person | undefined> {
    return (
      (entry.aadObjectId ? await this.people.get(entry.aadObjectId) : undefined) ??
      (entry.email ? await this.people.findByEmail(entry.email) : undefined)
    );
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
   * In the triage channel, everyone who may act on it sees their own view: the triage managers and
   * the coordinators of its patch who have the app.
   */
  async team(introduction: Pick<Introduction, 'routing'>): Promise<string[]> {
    const directory = this.directory();
    const patch = directory.patches.find((p) => p.id === introduction.routing.patch?.id);
    const ids = new Set<string>();
    for (const entry of [...directory.triage.managers, ...(patch?.coordinators ?? [])]) {
      const person = await this.find(entry);
      if (person) ids.add(person.teamsUserId);
      if (ids.size >= 60) break;
    }
    return [...ids];
  }
}
