/**
 * Who a Teams user is in the patch directory, by Entra object id (the rules: src/domain/directory/roles.ts).
 *
 * A directory entry listed by email alone is matched by email only for people of the council's own
 * tenant, and the first time that happens the person's object id is pinned to the entry's email in
 * Cosmos DB (the first pin wins, on every instance: it is created, never overwritten). From then on
 * the entry is that object id, whatever any tenant later reports as an email. Pins are immutable, so
 * each instance caches the ones it has seen.
 */
import type { Directory, Person } from '../../domain/directory/directory';
import { claimableEmails, claimantOf, directoryPeople, viewerFrom } from '../../domain/directory/roles';
import type { Actor, Viewer } from '../../domain/introductions/introduction';
import type { Logger } from '../../logger';
import type { PinRepository } from '../../storage/peopleRepository';

/** How often an instance reads the pins other instances may have made (they never change once made). */
export const PINS_REFRESH_MS = 60_000;

export class DirectoryIdentity {
  private readonly pins = new Map<string, string>();
  private pinsReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: {
      pins: PinRepository;
      directory: () => Directory;
      /** The council's tenant (BOT_TENANT_ID); undefined: object ids only, no email ever. */
      homeTenantId: string | undefined;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  get homeTenantId(): string | undefined {
    return this.deps.homeTenantId?.toLowerCase();
  }

  private readonly cached = (email: string) => this.pins.get(email);

  /** Who this actor is in the directory now; `teamsEmail` is what Teams reports for them. */
  async viewerFor(actor: Actor, teamsEmail: string | undefined): Promise<Viewer> {
    const directory = this.deps.directory();
    // A person pinned on another instance is known here too, whatever Teams reports this turn.
    if (directoryPeople(directory).some((p) => !p.aadObjectId && !this.pins.has(p.email)))
      await this.readPins();
    const claimant = claimantOf(actor, teamsEmail, this.deps.homeTenantId);
    for (const email of claimableEmails(directory, claimant, this.cached)) {
      await this.learn(email, actor.aadObjectId);
    }
    return viewerFrom(directory, claimant, this.cached);
  }

  private async readPins(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.pinsReadAt < PINS_REFRESH_MS) return;
    this.pinsReadAt = now;
    try {
      for (const [email, objectId] of await this.deps.pins.allPins()) this.pins.set(email, objectId);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'pins not read: using those this instance knows');
    }
  }

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /**
   * The object id a directory entry stands for: its own, else the one pinned to its email (from the
   * pins every instance reads at most once a minute, not a read per entry).
   */
  async objectIdOf(person: Pick<Person, 'aadObjectId' | 'email'>): Promise<string | undefined> {
    if (person.aadObjectId) return person.aadObjectId;
    if (!this.pins.has(person.email)) await this.readPins();
    return this.pins.get(person.email);
  }

  /**
   * Pins `aadObjectId` to a directory email, unless something is pinned already (then that stays).
   * Only for a person of the council's own tenant whose email Teams reported as this one.
   */
  async learn(email: string, aadObjectId: string): Promise<string> {
    const pinned = await this.deps.pins.pinObjectId(email, aadObjectId, this.now().toISOString());
    this.pins.set(email, pinned.aadObjectId);
    if (pinned.created) {
      this.deps.logger.info(
        { directoryEntryPinned: true },
        'directory entry without an object id pinned to its person',
      );
    }
    return pinned.aadObjectId;
  }
}
