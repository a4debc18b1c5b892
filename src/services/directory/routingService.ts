/**
 * Routing with its data: the directory in force, today's caseloads, and (for ward-based patches)
 * the postcode's ward from the imported ONS Postcode Directory. The decision itself is the pure
 * `route` in the domain.
 */
import { parsePostcode } from '../../domain/directory/postcodes';
import {
  assignTo,
  passToPatch,
  type RoutingDecision,
  route,
  ukToday,
  type WardLookup,
  type WhoCoversAnswer,
  whoCovers,
} from '../../domain/directory/routing';
import type { CaseloadRepository } from '../../storage/directory/caseloadRepository';
import type { PostcodeRepository } from '../../storage/directory/postcodeRepository';
import type { DirectoryService } from './directoryService';

export class RoutingService {
  constructor(
    private readonly directories: DirectoryService,
    private readonly caseloads: CaseloadRepository,
    private readonly postcodes: PostcodeRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Looks up the ward only when some patch is defined by wards, and only for a full postcode. */
  private async wardOf(typed: string | undefined): Promise<WardLookup | undefined> {
    if (!typed || this.directories.routingIndex.byWard.size === 0) return undefined;
    const postcode = parsePostcode(typed);
    return postcode ? this.postcodes.lookup(postcode.value) : undefined;
  }

  async route(input: { postcode?: string; noFixedAddress?: boolean }): Promise<RoutingDecision> {
    const [caseloads, ward] = await Promise.all([this.caseloads.current(), this.wardOf(input.postcode)]);
    return this.decide(input, caseloads, ward);
  }

  /** A person passes an introduction to another patch: its coordinator is chosen as routing would. */
  async passTo(patchId: string, by: string, reason: string): Promise<RoutingDecision | undefined> {
    return this.passWith(patchId, by, reason, await this.caseloads.current());
  }

  /**
   * For many decisions in a row (a directory change routing a leaver's offers again): caseloads
   * are counted once, and each decision adds its coordinator's new offer to the count, so offers
   * spread across a patch as they would one at a time, without counting every introduction again
   * for each (555 ms each over 10,000 introductions on the embedded server: bench/directory.ts).
   * A decision whose offer then changed under it leaves its count one high until the next batch:
   * a count that steers, never one that limits.
   */
  async inBatch(): Promise<Pick<RoutingService, 'route' | 'passTo'>> {
    const caseloads = new Map(await this.caseloads.current());
    const counted = <T extends RoutingDecision | undefined>(decision: T): T => {
      const email = decision?.coordinator?.email;
      if (email) caseloads.set(email, (caseloads.get(email) ?? 0) + 1);
      return decision;
    };
    return {
      route: async (input) => counted(this.decide(input, caseloads, await this.wardOf(input.postcode))),
      passTo: async (patchId, by, reason) => counted(this.passWith(patchId, by, reason, caseloads)),
    };
  }

  private decide(
    input: { postcode?: string; noFixedAddress?: boolean },
    caseloads: ReadonlyMap<string, number>,
    ward: WardLookup | undefined,
  ): RoutingDecision {
    return route(
      { ...input, today: ukToday(this.clock()), caseloads, ...(ward ? { ward } : {}) },
      this.directories.routingIndex,
    );
  }

  private passWith(
    patchId: string,
    by: string,
    reason: string,
    caseloads: ReadonlyMap<string, number>,
  ): RoutingDecision | undefined {
    return passToPatch(patchId, this.directories.routingIndex, {
      today: ukToday(this.clock()),
      caseloads,
      by,
      reason,
    });
  }

  /** A manager assigns it to a named coordinator. */
  async assign(email: string, by: string, reason?: string): Promise<RoutingDecision | undefined> {
    const caseloads = await this.caseloads.current();
    return assignTo(email, this.directories.routingIndex, {
      today: ukToday(this.clock()),
      caseloads,
      by,
      reason,
    });
  }

  async whoCovers(typed: string): Promise<WhoCoversAnswer> {
    const ward = await this.wardOf(typed);
    return whoCovers(typed, this.directories.routingIndex, ukToday(this.clock()), ward);
  }
}
