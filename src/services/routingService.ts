/**
 * Routing with its data: the directory in force, today's caseloads, and (for ward-based patches)
 * the postcode's ward from the imported ONS Postcode Directory. The decision itself is the pure
 * `route` in the domain.
 */
import { parsePostcode } from '../domain/postcodes';
import {
  assignTo,
  passToPatch,
  type RoutingDecision,
  route,
  ukToday,
  type WardLookup,
  type WhoCoversAnswer,
  whoCovers,
} from '../domain/routing';
import type { CaseloadRepository } from '../storage/caseloadRepository';
import type { PostcodeRepository } from '../storage/postcodeRepository';
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
    return route(
      { ...input, today: ukToday(this.clock()), caseloads, ...(ward ? { ward } : {}) },
      this.directories.routingIndex,
    );
  }

  /** A person passes an introduction to another patch: its coordinator is chosen as routing would. */
  async passTo(patchId: string, by: string, reason: string): Promise<RoutingDecision | undefined> {
    const caseloads = await this.caseloads.current();
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
