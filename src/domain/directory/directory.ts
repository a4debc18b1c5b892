/**
 * The patch directory: a council's patches, the postcodes and wards each covers, its coordinators
 * (with capacity, time away and cover), and the triage team who decide on everything else.
 *
 * Councils write it by hand as YAML (see env/demo-borough.patches.yaml), so `parseDirectory`
 * reports every problem at once, each with its line and column and what to do about it.
 * No I/O here: the caller reads the file.
 */
import { createHash } from 'node:crypto';
import { isMap, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type FileShape, fileSchema, patchSchema } from './directoryFile';
import { type AreaKind, parseArea } from './postcodes';

export interface Person {
  name: string;
  /** Lower-cased; the key by which people are matched to their Teams identity. */
  email: string;
  aadObjectId?: string;
}

export interface TimeAway {
  /** Inclusive ISO dates (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Email of the coordinator who covers; absent: their introductions go to the others, or triage. */
  cover?: string;
}

export interface Coordinator extends Person {
  capacity: number;
  away?: TimeAway;
}

export interface PatchRule {
  kind: AreaKind;
  /** Normalised: "RM3 7AB", "RM3 7" or "RM3". */
  value: string;
}

export interface Patch {
  id: string;
  name: string;
  rules: PatchRule[];
  /** ONS ward codes (E05…/W05…), resolved through the imported postcode directory. */
  wards: string[];
  coordinators: Coordinator[];
}

export interface UnitCost {
  /** A kind of avoided event (src/domain/introductions/monitoringData.ts AVOIDED_KINDS, or a council's own). */
  kind: string;
  label: string;
  /** Pounds per event. */
  cost: number;
  /** Where the figure comes from, in words a commissioner can check. */
  source: string;
}

export interface UnitCosts {
  /** The demo's table, or any not to be presented as the council's figures. */
  illustrative: boolean;
  /** The date the figures are for (YYYY-MM-DD). */
  asOf: string;
  rows: UnitCost[];
}

/**
 * How much the residents' pages take, counted by every instance together (src/storage/residents/throttle.ts):
 * per client address (a keyed hash of it) and for the whole service. An address may be a library's
 * or a community centre's, shared by many people, so the per-address figures allow a busy office.
 */
export interface ResidentLimits {
  /** Pages of answers one address sends in an hour (a journey is about eight). */
  answersPerAddressPerHour: number;
  /** Introductions one address sends in a day. */
  introductionsPerAddressPerDay: number;
  /** Pages of answers the whole service takes in an hour. */
  answersPerHour: number;
  /** Introductions the whole service takes in an hour. */
  introductionsPerHour: number;
}

/** The limits where the council's file sets none: about fifty times a busy hour of a large council. */
export const RESIDENT_LIMITS: ResidentLimits = {
  answersPerAddressPerHour: 120,
  introductionsPerAddressPerDay: 20,
  answersPerHour: 3000,
  introductionsPerHour: 100,
};

export interface Directory {
  area: string;
  safeguarding: string;
  triage: { name: string; managers: Person[] };
  /**
   * People who see monthly reports and nothing else (heads of service, commissioners, the
   * performance team), from the council's tenant only, like every role. Optional.
   */
  reportViewers: Person[];
  /**
   * The council's unit costs: what one avoided event of each kind is reckoned to cost, each with
   * its source, for the "costs avoided" estimate. Optional; versioned with the file.
   */
  unitCosts?: UnitCosts;
  /**
   * Records management: the records leads (the council's information governance team, council
   * tenant only, by object id), who review records past their retention date and approve their
   * disposal or hold them; and the retention periods, in years after last contact.
   */
  records: {
    leads: Person[];
    retention: { neverBecameSupportYears: number; supportYears: number };
    /** The council's privacy notice for the service (an address), for subject access exports. */
    privacyNotice?: string;
    /** How to reach the council's data protection officer, for subject access exports. */
    dataProtectionOfficer?: string;
    /**
     * Staff acting in their job (introducers, coordinators, managers) marked as other people for
     * redaction in subject access exports. Off by default: their names are usually released
     * (Data Protection Act 2018 Schedule 2 paragraphs 16 and 17; the ICO's guidance).
     */
    staffAreThirdParties?: boolean;
    /**
     * How many records leads approve a disposal or an erasure (`approvals`): 1 (the default), or 2,
     * where a second lead must approve what the first did before anything is deleted.
     */
    approvals: 1 | 2;
  };
  /**
   * Who changes this directory from Teams (`directory`): council tenant only, by object id, like
   * every role. Optional: without administrators, the directory changes only by redeploying the file.
   */
  administrators: Person[];
  /**
   * The residents' pages (src/web/residents/): the languages they are offered in (English always;
   * Welsh adds the switch), and the safeguarding words in Welsh where Welsh is offered.
   */
  residents: {
    languages: ('en' | 'cy')[];
    safeguardingWelsh?: string;
    /**
     * What people are told about when to expect contact where too few first conversations have
     * been recorded to measure it (src/domain/introductions/expectedContact.ts).
     */
    expectContact?: string;
    expectContactWelsh?: string;
    /**
     * The number people can phone instead, given on every page that cannot help them (over a
     * limit, the service unavailable); without it those pages say to contact the council.
     */
    phone?: string;
    limits: ResidentLimits;
  };
  patches: Patch[];
  /** sha256 of the file's content, first 12 hex digits: recorded with every routing decision. */
  version: string;
}

export interface DirectoryProblem {
  /** 1-based; 0 when the problem is about the file as a whole. */
  line: number;
  column: number;
  /** Where in the structure, e.g. "patches[2].postcodes[1]". */
  path: string;
  message: string;
}

export type DirectoryParseResult =
  | { ok: true; directory: Directory; warnings: DirectoryProblem[] }
  | { ok: false; errors: DirectoryProblem[]; warnings: DirectoryProblem[] };

type Path = (string | number)[];

function pathText(path: Path): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : String(part)),
    '',
  );
}

export function directoryVersion(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/** Parses and checks a patch directory file; every problem is reported, not just the first. */
export function parseDirectory(content: string): DirectoryParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: DirectoryProblem[] = [];
  const warnings: DirectoryProblem[] = [];

  /** Finds the line of the deepest node that exists along `path`. */
  const at = (path: Path, message: string): DirectoryProblem => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node && typeof node === 'object' && node.range) {
        const position = lineCounter.linePos(node.range[0]);
        return { line: position.line, column: position.col, path: pathText(path), message };
      }
      // Keys that exist only as keys (unknown keys) are found through their parent map.
      if (depth > 0 && depth === path.length) {
        const parent = document.getIn(path.slice(0, depth - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find(
            (item) => (item.key as { value?: unknown })?.value === path[depth - 1],
          );
          const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
          if (keyRange) {
            const position = lineCounter.linePos(keyRange[0]);
            return { line: position.line, column: position.col, path: pathText(path), message };
          }
        }
      }
    }
    return { line: 0, column: 0, path: pathText(path), message };
  };

  for (const error of document.errors) {
    const position = lineCounter.linePos(error.pos[0]);
    errors.push({
      line: position.line,
      column: position.col,
      path: '',
      message: `YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (errors.length > 0) return { ok: false, errors, warnings };

  // Aliases (&name and *name) that expand beyond reason (a "billion laughs" file) are refused as a
  // problem with the file, never thrown: a check, a confirm in Teams or the deployed file's watcher
  // answers with it like any other problem.
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      errors: [
        {
          line: 0,
          column: 0,
          path: '',
          message:
            'YAML: the file repeats itself through aliases (&name and *name) far more than a patch directory needs: write it out in full',
        },
      ],
      warnings,
    };
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          errors.push(at([...issue.path, key], `unknown key "${key}": check its spelling and indentation`));
        }
      } else {
        errors.push(at(issue.path, issue.message));
      }
    }
  }
  // Cross-checks run on every patch that parsed on its own, so one pass reports as much as possible
  // even when other parts of the file are wrong.
  const file = parsed.success ? parsed.data : undefined;
  const rawPatches = (raw as { patches?: unknown } | null)?.patches;
  const patches: IndexedPatch[] = [];
  if (Array.isArray(rawPatches)) {
    rawPatches.forEach((candidate: unknown, index) => {
      // Unknown keys are reported above; here they must not hide the patch from the cross-checks.
      const one = patchSchema.strip().safeParse(candidate);
      if (one.success) patches.push({ index, patch: one.data });
    });
  }
  const triageName = (raw as { triage?: { name?: unknown } } | null)?.triage?.name;
  crossCheck(patches, typeof triageName === 'string' ? triageName : 'triage', at, errors, warnings);
  if (file) warnWithoutObjectId(file, at, warnings);

  if (errors.length > 0 || !file)
    return { ok: false, errors: sortProblems(errors), warnings: sortProblems(warnings) };
  return {
    ok: true,
    directory: toDirectory(file, directoryVersion(content)),
    warnings: sortProblems(warnings),
  };
}

/**
 * Roles are matched by Entra object id. Someone listed by email alone is matched by email only
 * while they act from the council's own tenant, and only until their object id is learnt (then it
 * is pinned): give every person their aadObjectId so nobody depends on that.
 */
function warnWithoutObjectId(
  file: z.infer<typeof fileSchema>,
  at: (path: Path, message: string) => DirectoryProblem,
  warnings: DirectoryProblem[],
): void {
  const advice =
    "has no aadObjectId: they are matched by email from the council's own tenant only, until their object id is learnt. Add their Entra object id (Entra admin centre, Users, Object ID)";
  file.triage.managers.forEach((manager, m) => {
    if (!manager.aadObjectId) warnings.push(at(['triage', 'managers', m], `${manager.name} ${advice}`));
  });
  file.reportViewers.forEach((viewer, v) => {
    if (!viewer.aadObjectId) warnings.push(at(['reportViewers', v], `${viewer.name} ${advice}`));
  });
  file.records.leads.forEach((lead, l) => {
    if (!lead.aadObjectId) warnings.push(at(['records', 'leads', l], `${lead.name} ${advice}`));
  });
  const warned = new Set<string>();
  file.patches.forEach((patch, p) => {
    patch.coordinators.forEach((coordinator, c) => {
      if (coordinator.aadObjectId || warned.has(coordinator.email)) return;
      warned.add(coordinator.email);
      warnings.push(at(['patches', p, 'coordinators', c], `${coordinator.name} ${advice}`));
    });
  });
}

function sortProblems(problems: DirectoryProblem[]): DirectoryProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function ruleProblem(rule: string): string | undefined {
  return parseArea(rule)
    ? undefined
    : `"${rule}" is not a postcode, sector or district: write a full postcode ("RM3 7AB"), a sector ("RM3 7") or a district ("RM3")`;
}

type IndexedPatch = { index: number; patch: z.infer<typeof patchSchema> };

function crossCheck(
  patches: IndexedPatch[],
  triageName: string,
  at: (path: Path, message: string) => DirectoryProblem,
  errors: DirectoryProblem[],
  warnings: DirectoryProblem[],
): void {
  const patchIds = new Map<string, number>();
  const ruleOwners = new Map<string, { patch: number; rule: number }>();
  const wardOwners = new Map<string, number>();
  const people = new Map<string, { name: string; aadObjectId?: string; capacity: number; path: Path }>();
  const coordinatorEmails = new Set<string>();

  const nameOf = (index: number) => patches.find((entry) => entry.index === index)?.patch.name;
  for (const { index: p, patch } of patches) {
    const earlier = patchIds.get(patch.id);
    if (earlier !== undefined) {
      errors.push(
        at(
          ['patches', p, 'id'],
          `duplicate patch id "${patch.id}" (also patches[${earlier}]): ids must be unique`,
        ),
      );
    } else patchIds.set(patch.id, p);

    patch.postcodes.forEach((rule, r) => {
      const problem = ruleProblem(rule);
      if (problem) {
        errors.push(at(['patches', p, 'postcodes', r], problem));
        return;
      }
      const area = parseArea(rule);
      const key = area?.value ?? rule;
      const owner = ruleOwners.get(key);
      if (!owner) ruleOwners.set(key, { patch: p, rule: r });
      else if (owner.patch === p) {
        warnings.push(at(['patches', p, 'postcodes', r], `"${key}" is listed twice in this patch`));
      } else {
        errors.push(
          at(
            ['patches', p, 'postcodes', r],
            `"${key}" is claimed by both ${nameOf(owner.patch)} and ${patch.name}: a rule must belong to one patch (keep it in one, or split it into full postcodes)`,
          ),
        );
      }
    });

    patch.wards.forEach((ward, w) => {
      const owner = wardOwners.get(ward);
      if (owner === undefined) wardOwners.set(ward, p);
      else if (owner !== p) {
        errors.push(
          at(
            ['patches', p, 'wards', w],
            `ward ${ward} is claimed by both ${nameOf(owner)} and ${patch.name}`,
          ),
        );
      }
    });

    if (patch.postcodes.length === 0 && patch.wards.length === 0) {
      warnings.push(
        at(['patches', p], `${patch.name} has no postcodes or wards, so nothing is routed to it`),
      );
    }
    if (patch.coordinators.length === 0) {
      warnings.push(
        at(['patches', p], `${patch.name} has no coordinator: its introductions go to ${triageName}`),
      );
    }

    patch.coordinators.forEach((coordinator, c) => {
      const path: Path = ['patches', p, 'coordinators', c];
      coordinatorEmails.add(coordinator.email);
      // One Entra account is one person: a coordinator's records follow their object id when their
      // email changes (src/domain/directory/directoryChanges.ts), so an id copied onto someone else is refused.
      const id = coordinator.aadObjectId;
      const sameId = id
        ? [...people.entries()].find(([email, o]) => o.aadObjectId === id && email !== coordinator.email)?.[1]
        : undefined;
      if (sameId) {
        errors.push(
          at(
            [...path, 'aadObjectId'],
            `${coordinator.name} has the same aadObjectId as ${sameId.name} (${pathText(sameId.path)}): one Entra account is one person; give each their own`,
          ),
        );
      }
      const seen = people.get(coordinator.email);
      if (!seen) {
        people.set(coordinator.email, { ...coordinator, path });
        return;
      }
      const conflicts: string[] = [];
      if (seen.name !== coordinator.name) conflicts.push(`name "${seen.name}" vs "${coordinator.name}"`);
      if (seen.aadObjectId !== coordinator.aadObjectId) conflicts.push('aadObjectId');
      if (seen.capacity !== coordinator.capacity)
        conflicts.push(`capacity ${seen.capacity} vs ${coordinator.capacity}`);
      if (conflicts.length > 0) {
        errors.push(
          at(
            path,
            `${coordinator.email} is in two patches with different details (${conflicts.join(', ')}): make them the same`,
          ),
        );
      }
    });
  }

  for (const { index: p, patch } of patches) {
    patch.coordinators.forEach((coordinator, c) => {
      const cover = coordinator.away?.cover;
      if (!cover) return;
      const path: Path = ['patches', p, 'coordinators', c, 'away', 'cover'];
      if (cover === coordinator.email)
        errors.push(at(path, `${coordinator.name} cannot cover for themselves`));
      else if (!coordinatorEmails.has(cover)) {
        errors.push(
          at(
            path,
            `cover ${cover} is not a coordinator in this directory: add them to a patch, or fix the email`,
          ),
        );
      }
    });
  }
}

function toDirectory(file: FileShape, version: string): Directory {
  return {
    area: file.area,
    safeguarding: file.safeguarding,
    triage: { name: file.triage.name, managers: file.triage.managers.map(stripUndefined) },
    reportViewers: file.reportViewers.map(stripUndefined),
    ...(file.unitCosts ? { unitCosts: file.unitCosts } : {}),
    records: {
      leads: file.records.leads.map(stripUndefined),
      retention: file.records.retention,
      ...(file.records.privacyNotice ? { privacyNotice: file.records.privacyNotice } : {}),
      ...(file.records.dataProtectionOfficer
        ? { dataProtectionOfficer: file.records.dataProtectionOfficer }
        : {}),
      ...(file.records.staffAreThirdParties ? { staffAreThirdParties: true } : {}),
      approvals: file.records.approvals,
    },
    administrators: file.administrators.map(stripUndefined),
    residents: {
      languages: [...new Set(file.residents.languages)],
      ...(file.residents.safeguardingWelsh ? { safeguardingWelsh: file.residents.safeguardingWelsh } : {}),
      ...(file.residents.expectContact ? { expectContact: file.residents.expectContact } : {}),
      ...(file.residents.expectContactWelsh ? { expectContactWelsh: file.residents.expectContactWelsh } : {}),
      ...(file.residents.phone ? { phone: file.residents.phone } : {}),
      limits: { ...RESIDENT_LIMITS, ...file.residents.limits },
    },
    patches: file.patches.map((patch) => ({
      id: patch.id,
      name: patch.name,
      rules: patch.postcodes.flatMap((rule) => {
        const area = parseArea(rule);
        return area ? [{ kind: area.kind, value: area.value }] : [];
      }),
      wards: patch.wards,
      coordinators: patch.coordinators.map((c) =>
        stripUndefined({ ...c, away: c.away ? stripUndefined(c.away) : undefined }),
      ),
    })),
    version,
  };
}

/** Cosmos DB and JSON comparisons are simpler without undefined-valued keys. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** All coordinators of the directory by email (a person may serve two patches). */
/**
 * A directory as stored by an earlier version (confirmed in Teams, kept while the deployed file is
 * unchanged) lacks what the file has gained since: each such field takes the default the file
 * would have given it, so nothing reads a field that is not there.
 */
export function withDefaults(directory: Directory): Directory {
  const stored = directory as Directory & {
    residents?: Directory['residents'];
    records: Directory['records'] & { approvals?: 1 | 2 };
  };
  return {
    ...directory,
    residents: {
      ...(stored.residents ?? { languages: ['en'] }),
      limits: { ...RESIDENT_LIMITS, ...stored.residents?.limits },
    },
    records: { ...directory.records, approvals: stored.records.approvals ?? 1 },
  };
}

export function coordinatorsByEmail(directory: Directory): Map<string, Coordinator> {
  const map = new Map<string, Coordinator>();
  for (const patch of directory.patches)
    for (const c of patch.coordinators) if (!map.has(c.email)) map.set(c.email, c);
  return map;
}

export function formatProblem(file: string, problem: DirectoryProblem): string {
  const where = problem.line > 0 ? `${file}:${problem.line}:${problem.column}` : file;
  return `${where} ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}
