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
import {
  type AreaKind,
  isNoFixedAbode,
  NO_FIXED_ABODE_POSTCODE,
  type ParsedArea,
  parseArea,
  parsePostcode,
} from './postcodes';

export type RuleKind = AreaKind | 'ward';

/**
 * The directory compiled for lookups: one map per rule kind, from the rule's key (`areaKey`) to the
 * patch's position.
 */
export interface RoutingIndex {
  directory: Directory;
  byPostcode: Map<number, number>;
  bySector: Map<number, number>;
  byDistrict: Map<number, number>;
  byWard: Map<string, number>;
  coordinators: Map<string, Coordinator>;
}

/**
 * A number for a postcode, sector or district ("RM3 7AB", "RM3 7", "RM3"): its letters and digits
 * in base 37, spaces ignored. Distinct strings of up to 10 such characters give distinct numbers
 * below 2^53. Maps keyed by these numbers are several times faster than maps keyed by freshly
 * built strings, which must be hashed on every lookup (measured by `npm run bench`).
 */
export function areaKey(text: string): number {
  let key = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) key = key * 37 + (code - 64);
    else if (code >= 48 && code <= 57) key = key * 37 + (code - 48 + 27);
  }
  return key;
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
      map.set(areaKey(rule.value), position);
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
  // Keys nest: a postcode's key is its sector's key × 37² plus its last two letters, and a sector's
  // key is its district's key × 37 plus its digit; so one scan of the text gives all three.
  let sectorKey = 0;
  let districtKey: number;
  if (area.kind === 'postcode') {
    const postcodeKey = areaKey(area.value);
    const byPostcode = index.byPostcode.get(postcodeKey);
    if (byPostcode !== undefined)
      return { position: byPostcode, rule: { kind: 'postcode', value: area.value } };
    sectorKey = Math.floor(postcodeKey / 1369);
    districtKey = Math.floor(sectorKey / 37);
  } else if (area.kind === 'sector') {
    sectorKey = areaKey(area.value);
    districtKey = Math.floor(sectorKey / 37);
  } else {
    districtKey = areaKey(area.value);
  }
  if (area.kind !== 'district') {
    const bySector = index.bySector.get(sectorKey);
    if (bySector !== undefined) {
      return {
        position: bySector,
        rule: { kind: 'sector', value: area.kind === 'postcode' ? area.sector : area.value },
      };
    }
  }
  if (ward && !ward.terminated) {
    const byWard = index.byWard.get(ward.ward);
    if (byWard !== undefined) return { position: byWard, rule: { kind: 'ward', value: ward.ward } };
  }
  const byDistrict = index.byDistrict.get(districtKey);
  if (byDistrict !== undefined) {
    return {
      position: byDistrict,
      rule: { kind: 'district', value: area.kind === 'district' ? area.value : area.district },
    };
  }
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
  // A patch has one to a few coordinators: an array beats a Map here (this runs on every lookup).
  const candidates: ChosenCoordinator[] = [];
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
    if (candidates.some((c) => c.email === person.email)) continue;
    const candidate: ChosenCoordinator = {
      name: person.name,
      email: person.email,
      caseload: caseloads.get(person.email) ?? 0,
      capacity: person.capacity,
    };
    if (person.aadObjectId) candidate.aadObjectId = person.aadObjectId;
    if (coveringFor) candidate.coveringFor = coveringFor;
    candidates.push(candidate);
  }
  let best: ChosenCoordinator | undefined;
  for (const candidate of candidates) {
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

/**
 * Builds a decision with every field named, always in the same order. Object spread is avoided on
 * purpose: on Node 20 it made routing ten times slower (measured by `npm run bench`; not re-measured
 * on Node 24).
 */
function decision(
  input: RoutingInput,
  index: RoutingIndex,
  fields: {
    outcome: 'patch' | 'triage';
    explanation: string;
    postcode?: string;
    rule?: { kind: RuleKind; value: string };
    patch?: Patch;
    coordinator?: ChosenCoordinator;
    triageReason?: TriageReason;
    needsConfirmation?: boolean;
  },
): RoutingDecision {
  const result: RoutingDecision = {
    outcome: fields.outcome,
    overCapacity:
      fields.coordinator !== undefined && fields.coordinator.caseload >= fields.coordinator.capacity,
    needsConfirmation: fields.needsConfirmation === true,
    explanation:
      fields.outcome === 'triage'
        ? `${fields.explanation}; ${index.directory.triage.name} will decide who can help`
        : fields.explanation,
    today: input.today,
    directoryVersion: index.directory.version,
  };
  if (fields.postcode !== undefined) result.postcode = fields.postcode;
  if (fields.rule !== undefined) result.rule = fields.rule;
  if (fields.patch !== undefined) result.patch = { id: fields.patch.id, name: fields.patch.name };
  if (fields.coordinator !== undefined) result.coordinator = fields.coordinator;
  if (fields.triageReason !== undefined) result.triageReason = fields.triageReason;
  if (input.ward !== undefined) result.postcodeDirectoryRelease = input.ward.release;
  return result;
}

/** Routes one introduction. Total: every input gets a decision. Runs on every lookup. */
export function route(input: RoutingInput, index: RoutingIndex): RoutingDecision {
  const typed = input.postcode ?? '';
  const full = input.noFixedAddress ? undefined : parsePostcode(typed);
  if (input.noFixedAddress || full?.value === NO_FIXED_ABODE_POSTCODE) {
    return decision(input, index, {
      outcome: 'triage',
      triageReason: 'no-fixed-abode',
      explanation: 'No fixed address',
      postcode: full ? NO_FIXED_ABODE_POSTCODE : undefined,
    });
  }
  const area = full ?? parseArea(typed);
  if (!area) {
    return decision(input, index, {
      outcome: 'triage',
      triageReason: 'not-a-postcode',
      explanation: `"${typed.trim()}" is not a postcode`,
    });
  }
  const postcode = area.kind === 'postcode' ? area.value : undefined;
  const found = findPatch(index, area, input.ward);
  if (!found) {
    return decision(input, index, {
      outcome: 'triage',
      triageReason: 'no-rule',
      explanation: `${area.value} is not in any patch`,
      postcode,
    });
  }
  const patch = index.directory.patches[found.position] as Patch;
  const needsConfirmation = input.ward?.terminated === true;
  const how = `${RULE_WORDS[found.rule.kind]} ${found.rule.value}`;
  const lead = needsConfirmation
    ? `${area.value} → ${patch.name} by ${how} (${area.value} is a terminated postcode, routed by its ${RULE_WORDS[found.rule.kind]}: please confirm)`
    : `${area.value} → ${patch.name} by ${how}`;
  const rule = found.rule;

  if (patch.coordinators.length === 0) {
    const explanation = `${lead}; ${patch.name} has no coordinator`;
    return decision(input, index, {
      outcome: 'triage',
      triageReason: 'no-coordinator',
      explanation,
      postcode,
      rule,
      patch,
      needsConfirmation,
    });
  }
  const coordinator = chooseCoordinator(patch, index, input.today, input.caseloads);
  if (!coordinator) {
    const explanation = `${lead}; everyone in ${patch.name} is away with no cover`;
    return decision(input, index, {
      outcome: 'triage',
      triageReason: 'everyone-away',
      explanation,
      postcode,
      rule,
      patch,
      needsConfirmation,
    });
  }
  const explanation = `${lead}; ${describeCoordinator(coordinator)}`;
  return decision(input, index, {
    outcome: 'patch',
    coordinator,
    explanation,
    postcode,
    rule,
    patch,
    needsConfirmation,
  });
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

/**
 * A person's decision to pass an introduction to another patch: the patch's coordinator is chosen
 * as routing would (away, cover, caseload), and the explanation says who passed it and why.
 */
export function passToPatch(
  patchId: string,
  index: RoutingIndex,
  input: { today: string; caseloads: ReadonlyMap<string, number>; by: string; reason: string },
): RoutingDecision | undefined {
  const patch = index.directory.patches.find((p) => p.id === patchId);
  if (!patch) return undefined;
  const coordinator = chooseCoordinator(patch, index, input.today, input.caseloads);
  const lead = `Passed to ${patch.name} by ${input.by}: ${input.reason}`;
  const decision: RoutingDecision = {
    outcome: coordinator ? 'patch' : 'triage',
    patch: { id: patch.id, name: patch.name },
    overCapacity: coordinator !== undefined && coordinator.caseload >= coordinator.capacity,
    needsConfirmation: false,
    explanation: coordinator
      ? `${lead}; ${describeCoordinator(coordinator)}`
      : `${lead}; nobody in ${patch.name} can take it, so ${index.directory.triage.name} will decide who can help`,
    today: input.today,
    directoryVersion: index.directory.version,
  };
  if (coordinator) decision.coordinator = coordinator;
  else decision.triageReason = patch.coordinators.length === 0 ? 'no-coordinator' : 'everyone-away';
  return decision;
}

/** A manager assigns an introduction to a named coordinator (any patch), saying why. */
export function assignTo(
  email: string,
  index: RoutingIndex,
  input: { today: string; caseloads: ReadonlyMap<string, number>; by: string; reason?: string },
): RoutingDecision | undefined {
  const patch = index.directory.patches.find((p) => p.coordinators.some((c) => c.email === email));
  const person = index.coordinators.get(email);
  if (!patch || !person) return undefined;
  const coordinator: ChosenCoordinator = {
    name: person.name,
    email: person.email,
    caseload: input.caseloads.get(person.email) ?? 0,
    capacity: person.capacity,
  };
  if (person.aadObjectId) coordinator.aadObjectId = person.aadObjectId;
  const why = input.reason ? `: ${input.reason}` : '';
  return {
    outcome: 'patch',
    patch: { id: patch.id, name: patch.name },
    coordinator,
    overCapacity: coordinator.caseload >= coordinator.capacity,
    needsConfirmation: false,
    explanation: `Assigned to ${person.name} (${patch.name}) by ${input.by}${why}; ${describeCoordinator(coordinator)}`,
    today: input.today,
    directoryVersion: index.directory.version,
  };
}

/**
 * Why this coordinator, for cards posted in chat (a permanent, searchable record): the routing
 * explanation without the resident's full postcode. A sector or district names an area, not a
 * household, so it stays; a full-postcode rule is named as such, without the postcode.
 */
export function reasonWithoutPostcode(decision: RoutingDecision): string {
  if (!decision.rule || !decision.patch) {
    // Passed or assigned by a person: those explanations name no postcode.
    return decision.postcode
      ? decision.explanation.split(decision.postcode).join('this address')
      : decision.explanation;
  }
  const how =
    decision.rule.kind === 'postcode'
      ? 'a full-postcode rule'
      : `${RULE_WORDS[decision.rule.kind]} ${decision.rule.value}`;
  const confirm = decision.needsConfirmation ? ' (a terminated postcode: please confirm the patch)' : '';
  const who = decision.coordinator ? `; ${describeCoordinator(decision.coordinator)}` : '';
  return `${decision.patch.name} by ${how}${confirm}${who}`;
}
