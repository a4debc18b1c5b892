/**
 * Routing: postcode → patch → coordinator. A pure function of (postcode, directory index, today,
 * caseloads, and the postcode's ward where one was imported) → a decision with its explanation,
 * stored with every introduction so it can be explained after patches or wards change.
 *
 * 1. The most specific rule wins: full postcode, then sector, then ward, then district.
 * 2. Within the patch: coordinators who are not away today; someone away hands over to their cover.
 *    Then the lowest caseload relative to capacity (ties: fewer people, then name). LAC has no
 *    waiting list: when everyone is full the introduction is still offered, to the least loaded,
 *    and the decision says "over capacity" so managers see it.
 * 3. No rule matches, no fixed abode, or nobody in the patch can take it: the triage team, with
 *    the reason.
 */
import { type Coordinator, coordinatorsByEmail, type Directory, type Patch } from './directory';
import { type AreaKind, isNoFixedAbode, type ParsedArea, parseArea, parsePostcode } from './postcodes';

export type RuleKind = AreaKind | 'ward';

/** The directory compiled for lookups: one map per rule kind, to the patch's position. */
export interface RoutingIndex {
  directory: Directory;
  byPostcode: Map<string, number>;
  bySector: Map<string, number>;
  byDistrict: Map<string, number>;
  byWard: Map<string, number>;
  coordinators: Map<string, Coordinator>;
}

export function compileIndex(directory: Directory): RoutingIndex {
  const index: RoutingIndex = {
    directory,
    byPostcode: new Map(),
    bySector: new Map(),
    byDistrict: new Map(),
    byWard: new Map(),
    coordinators: coordinatorsByEmail(directory),
  };
  directory.patches.forEach((patch, position) => {
    for (const rule of patch.rules) {
      const map =
        rule.kind === 'postcode'
          ? index.byPostcode
          : rule.kind === 'sector'
            ? index.bySector
            : index.byDistrict;
      map.set(rule.value, position);
    }
    for (const ward of patch.wards) index.byWard.set(ward, position);
  });
  return index;
}

/** What the imported ONS Postcode Directory says about a postcode, when it was imported. */
export interface WardLookup {
  ward: string;
  /** The postcode is no longer in use (ONSPD doterm set). */
  terminated: boolean;
  /** The ONSPD release it came from, e.g. "ONSPD_AUG_2026". */
  release: string;
}

export interface RoutingInput {
  /** What the introducer typed; "no fixed address" is said with `noFixedAddress`. */
  postcode?: string;
  noFixedAddress?: boolean;
  /** ISO date (YYYY-MM-DD) in the council's time zone. */
  today: string;
  /** People currently walked alongside or offered, by coordinator email. Missing means 0. */
  caseloads: ReadonlyMap<string, number>;
  ward?: WardLookup;
}

export interface ChosenCoordinator {
  name: string;
  email: string;
  aadObjectId?: string;
  caseload: number;
  capacity: number;
  /** Set when this person covers for someone away. */
  coveringFor?: { name: string; email: string; awayUntil: string };
}

export type TriageReason =
  | 'no-fixed-abode'
  | 'no-rule'
  | 'no-coordinator'
  | 'everyone-away'
  | 'not-a-postcode';

export interface RoutingDecision {
  outcome: 'patch' | 'triage';
  /** Normalised postcode, when one was given and valid. */
  postcode?: string;
  rule?: { kind: RuleKind; value: string };
  patch?: { id: string; name: string };
  coordinator?: ChosenCoordinator;
  overCapacity: boolean;
  triageReason?: TriageReason;
  /** A person should confirm the patch (for example a terminated postcode routed by its sector). */
  needsConfirmation: boolean;
  /** Plain English a manager can read. */
  explanation: string;
  today: string;
  directoryVersion: string;
  postcodeDirectoryRelease?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2027-01-03" → "3 Jan 2027" (no Intl: this runs on every lookup). */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

function isAway(coordinator: Coordinator, today: string): boolean {
  return coordinator.away !== undefined && coordinator.away.from <= today && today <= coordinator.away.to;
}

/** Finds the patch by the most specific rule: full postcode, sector, ward, district. */
export function findPatch(
  index: RoutingIndex,
  area: ParsedArea,
  ward?: WardLookup,
): { position: number; rule: { kind: RuleKind; value: string } } | undefined {
  if (area.kind === 'postcode') {
    const byPostcode = index.byPostcode.get(area.value);
    if (byPostcode !== undefined)
      return { position: byPostcode, rule: { kind: 'postcode', value: area.value } };
  }
  if (area.kind === 'postcode' || area.kind === 'sector') {
    const sector = area.kind === 'postcode' ? area.sector : area.value;
    const bySector = index.bySector.get(sector);
    if (bySector !== undefined) return { position: bySector, rule: { kind: 'sector', value: sector } };
  }
  if (ward && !ward.terminated) {
    const byWard = index.byWard.get(ward.ward);
    if (byWard !== undefined) return { position: byWard, rule: { kind: 'ward', value: ward.ward } };
  }
  const district = area.kind === 'district' ? area.value : area.district;
  const byDistrict = index.byDistrict.get(district);
  if (byDistrict !== undefined) return { position: byDistrict, rule: { kind: 'district', value: district } };
  return undefined;
}

/**
 * Who in the patch takes it today: people away hand over to their cover; then lowest caseload
 * relative to capacity, then fewest people, then name (so the choice is deterministic).
 */
export function chooseCoordinator(
  patch: Patch,
  index: RoutingIndex,
  today: string,
  caseloads: ReadonlyMap<string, number>,
): ChosenCoordinator | undefined {
  const candidates = new Map<string, ChosenCoordinator>();
  for (const coordinator of patch.coordinators) {
    let person = coordinator;
    let coveringFor: ChosenCoordinator['coveringFor'];
    if (isAway(coordinator, today)) {
      const cover = coordinator.away?.cover ? index.coordinators.get(coordinator.away.cover) : undefined;
      if (!cover || isAway(cover, today)) continue;
      person = cover;
      coveringFor = {
        name: coordinator.name,
        email: coordinator.email,
        awayUntil: coordinator.away?.to ?? today,
      };
    }
    if (candidates.has(person.email)) continue;
    candidates.set(person.email, {
      name: person.name,
      email: person.email,
      ...(person.aadObjectId ? { aadObjectId: person.aadObjectId } : {}),
      caseload: caseloads.get(person.email) ?? 0,
      capacity: person.capacity,
      ...(coveringFor ? { coveringFor } : {}),
    });
  }
  let best: ChosenCoordinator | undefined;
  for (const candidate of candidates.values()) {
    if (!best) {
      best = candidate;
      continue;
    }
    const load = candidate.caseload / candidate.capacity;
    const bestLoad = best.caseload / best.capacity;
    if (
      load < bestLoad ||
      (load === bestLoad && candidate.caseload < best.caseload) ||
      (load === bestLoad && candidate.caseload === best.caseload && candidate.name < best.name)
    ) {
      best = candidate;
    }
  }
  return best;
}

const RULE_WORDS: Record<RuleKind, string> = {
  postcode: 'full postcode',
  sector: 'sector',
  ward: 'ward',
  district: 'district',
};

function describeCoordinator(c: ChosenCoordinator): string {
  const load = `${c.caseload} of ${c.capacity}`;
  const over = c.caseload >= c.capacity ? ' (over capacity: still offered, LAC has no waiting list)' : '';
  return c.coveringFor
    ? `${c.coveringFor.name} is away until ${formatDate(c.coveringFor.awayUntil)}, so ${c.name} (cover), ${load}${over}`
    : `${c.name}, ${load}${over}`;
}

/** Routes one introduction (or answers "who covers"). Total: every input gets a decision. */
export function route(input: RoutingInput, index: RoutingIndex): RoutingDecision {
  const { directory } = index;
  const base = {
    today: input.today,
    directoryVersion: directory.version,
    overCapacity: false,
    needsConfirmation: false,
    ...(input.ward ? { postcodeDirectoryRelease: input.ward.release } : {}),
  };
  const triage = (
    reason: TriageReason,
    explanation: string,
    extra: Partial<RoutingDecision> = {},
  ): RoutingDecision => ({
    ...base,
    outcome: 'triage',
    triageReason: reason,
    explanation: `${explanation}; ${directory.triage.name} will decide who can help`,
    ...extra,
  });

  if (input.noFixedAddress || (input.postcode !== undefined && isNoFixedAbode(input.postcode))) {
    return triage('no-fixed-abode', 'No fixed address', input.postcode ? { postcode: 'ZZ99 3VZ' } : {});
  }
  const typed = input.postcode ?? '';
  const area = parsePostcode(typed) ?? parseArea(typed);
  if (!area) return triage('not-a-postcode', `"${typed.trim()}" is not a postcode`);
  const postcode = area.kind === 'postcode' ? { postcode: area.value } : {};

  const found = findPatch(index, area, input.ward);
  if (!found) return triage('no-rule', `${area.value} is not in any patch`, postcode);
  const patch = directory.patches[found.position] as Patch;
  const terminated = input.ward?.terminated === true;
  const lead =
    `${area.value} → ${patch.name} by ${RULE_WORDS[found.rule.kind]} ${found.rule.value}` +
    (terminated
      ? ` (${area.value} is a terminated postcode, routed by its ${RULE_WORDS[found.rule.kind]}: please confirm)`
      : '');
  const where = {
    ...postcode,
    rule: found.rule,
    patch: { id: patch.id, name: patch.name },
    needsConfirmation: terminated,
  };

  if (patch.coordinators.length === 0)
    return triage('no-coordinator', `${lead}; ${patch.name} has no coordinator`, where);
  const coordinator = chooseCoordinator(patch, index, input.today, input.caseloads);
  if (!coordinator)
    return triage('everyone-away', `${lead}; everyone in ${patch.name} is away with no cover`, where);
  return {
    ...base,
    ...where,
    outcome: 'patch',
    coordinator,
    overCapacity: coordinator.caseload >= coordinator.capacity,
    explanation: `${lead}; ${describeCoordinator(coordinator)}`,
  };
}

/** Today's date in the UK, as routing expects it. */
export function ukToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The answer to "who covers <postcode, sector or district>?": no caseloads, no residents. */
export type WhoCoversAnswer =
  | { kind: 'invalid'; typed: string }
  | { kind: 'no-fixed-abode' }
  | { kind: 'uncovered'; area: string }
  | {
      kind: 'covered';
      area: string;
      patch: { id: string; name: string };
      rule: { kind: RuleKind; value: string };
      /** How the rule was matched, in words: "by sector RM3 7". */
      how: string;
      coordinators: { name: string; awayUntil?: string; coveredBy?: string }[];
    };

export function whoCovers(
  typed: string,
  index: RoutingIndex,
  today: string,
  ward?: WardLookup,
): WhoCoversAnswer {
  if (isNoFixedAbode(typed)) return { kind: 'no-fixed-abode' };
  const area = parsePostcode(typed) ?? parseArea(typed);
  if (!area) return { kind: 'invalid', typed };
  const found = findPatch(index, area, ward);
  if (!found) return { kind: 'uncovered', area: area.value };
  const patch = index.directory.patches[found.position] as Patch;
  return {
    kind: 'covered',
    area: area.value,
    patch: { id: patch.id, name: patch.name },
    rule: found.rule,
    how: `by ${RULE_WORDS[found.rule.kind]} ${found.rule.value}`,
    coordinators: patch.coordinators.map((c) => {
      if (!isAway(c, today)) return { name: c.name };
      const cover = c.away?.cover ? index.coordinators.get(c.away.cover) : undefined;
      return {
        name: c.name,
        awayUntil: formatDate(c.away?.to ?? today),
        ...(cover && !isAway(cover, today) ? { coveredBy: cover.name } : {}),
      };
    }),
  };
}
