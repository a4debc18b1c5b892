/**
 * Cosmos DB's data-plane roles, as infra/azure.bicep grants them, and a stand-in client that
 * enforces them. The embedded local server cannot enforce roles (it takes any key), so a test that
 * must know whether the app's identity may do something runs against this double instead: each
 * call the code makes is checked against the grants the Bicep declares, by the rules Microsoft
 * documents for Cosmos DB's data-plane role-based access control:
 *
 * - a role assignment applies at its scope and below it: the account (`/`), a database
 *   (`/dbs/<db>`) or a container (`/dbs/<db>/colls/<c>`);
 * - `readMetadata` lets a principal read the metadata of its scope and below: at container scope,
 *   the container's own metadata (and its partitions), but not the database's, which needs a role
 *   at database or account scope;
 * - items and queries need their actions (`containers/items/read`, `.../upsert`,
 *   `containers/executeQuery`...) at the container's scope or above, with `*` wildcards;
 * - creating databases and containers is a control-plane operation no data role allows.
 *
 * What it cannot know: anything Azure does that the documentation does not say. It models only the
 * calls the code makes through `@azure/cosmos` (reads of databases, containers and items, queries,
 * creates and upserts), and answers a refused call as Cosmos DB does, with a 403.
 */
import type { CosmosClient } from '@azure/cosmos';
import { bicep, bicepContainers, bicepResources } from './bicep';

export interface Grant {
  /** `/`, `/dbs/<db>` or `/dbs/<db>/colls/<container>` */
  scope: string;
  dataActions: string[];
}

const PREFIX = 'Microsoft.DocumentDB/databaseAccounts';

/** Cosmos DB Built-in Data Contributor (…0002) and Data Reader (…0001), as Microsoft documents them. */
const BUILT_IN: Record<string, string[]> = {
  '00000000-0000-0000-0000-000000000001': [
    `${PREFIX}/readMetadata`,
    `${PREFIX}/sqlDatabases/containers/executeQuery`,
    `${PREFIX}/sqlDatabases/containers/readChangeFeed`,
    `${PREFIX}/sqlDatabases/containers/items/read`,
  ],
  '00000000-0000-0000-0000-000000000002': [
    `${PREFIX}/readMetadata`,
    `${PREFIX}/sqlDatabases/containers/*`,
    `${PREFIX}/sqlDatabases/containers/items/*`,
  ],
};

/**
 * The grants of each principal the Bicep names: `app` (the web app's managed identity),
 * `importers` (the postcode importers' group, `COSMOS_DATA_OPERATORS`) and `verifiers` (who run
 * `audit:verify`, `AUDIT_VERIFIERS`).
 */
export function grantsFromBicep(): {
  app: Grant[];
  importers: Grant[];
  verifiers: Grant[];
  database: string;
} {
  const resources = bicepResources();
  const database = /^var databaseName = '([^']+)'$/m.exec(bicep)?.[1];
  if (!database) throw new Error('infra/azure.bicep: no databaseName');
  const containers = bicepContainers().map((c) => c.id);
  const customRoles = new Map<string, string[]>();
  for (const r of resources.filter((r) => r.type === `${PREFIX}/sqlRoleDefinitions`)) {
    const actions = [...r.body.matchAll(/'(Microsoft\.DocumentDB\/[^']+)'/g)].map((m) => m[1] as string);
    customRoles.set(r.symbol, actions);
  }
  const app: Grant[] = [];
  const importers: Grant[] = [];
  const verifiers: Grant[] = [];
  for (const r of resources.filter((r) => r.type === `${PREFIX}/sqlRoleAssignments`)) {
    const builtIn = /sqlRoleDefinitions\/(0{8}-0{4}-0{4}-0{4}-0{11}[12])'/.exec(r.body)?.[1];
    const custom = /roleDefinitionId: (\w+)\.id/.exec(r.body)?.[1];
    const dataActions = builtIn ? BUILT_IN[builtIn] : custom ? customRoles.get(custom) : undefined;
    if (!dataActions) throw new Error(`${r.symbol}: a role this model does not know`);
    const scopeTemplate = /scope: '\$\{cosmos\.id\}([^']*)'/.exec(r.body)?.[1];
    if (scopeTemplate === undefined) throw new Error(`${r.symbol}: no scope under the account`);
    // A loop over the containers: `container in filter(containers, c => c.id != 'audit')`.
    let over: string[] = [''];
    if (r.loop?.startsWith('container in')) {
      const except = /c\.id != '([^']+)'/.exec(r.loop)?.[1];
      over = containers.filter((c) => c !== except);
    }
    const principal = /principalId: (identity\.properties\.principalId|operator|verifier)\b/.exec(
      r.body,
    )?.[1];
    const to =
      principal === 'operator'
        ? importers
        : principal === 'verifier'
          ? verifiers
          : principal
            ? app
            : undefined;
    if (!to) throw new Error(`${r.symbol}: a principal this model does not know`);
    for (const container of over) {
      // Bicep's interpolations, filled in: `${databaseName}` and the loop's `${container.id}`.
      const scope = scopeTemplate
        .replace(/\$\{databaseName\}/, database)
        .replace(/\$\{container\.id\}/, container);
      to.push({ scope: scope === '' ? '/' : scope, dataActions });
    }
  }
  return { app, importers, verifiers, database };
}

function covers(scope: string, path: string): boolean {
  return scope === '/' || path === scope || path.startsWith(`${scope}/`);
}

function actionAllows(granted: string, wanted: string): boolean {
  if (granted === wanted) return true;
  return granted.endsWith('/*') && wanted.startsWith(granted.slice(0, -1));
}

/** Whether the grants allow `action` on the resource at `path`. */
export function allowed(grants: readonly Grant[], action: string, path: string): boolean {
  return grants.some((g) => covers(g.scope, path) && g.dataActions.some((a) => actionAllows(a, action)));
}

export interface Call {
  action: string;
  path: string;
  allowed: boolean;
}

function refused(action: string, path: string): Error {
  return Object.assign(
    new Error(
      `Request blocked by Auth: principal does not have required RBAC permissions to perform action [${action}] on resource [${path}]`,
    ),
    { code: 403 },
  );
}

/**
 * A stand-in `CosmosClient` that answers as Cosmos DB would for a principal with these grants: a
 * permitted call succeeds (items are kept in memory), a refused one throws a 403. `calls` records
 * every call and whether it was allowed.
 */
export function clientWithGrants(grants: readonly Grant[]): { client: CosmosClient; calls: Call[] } {
  const calls: Call[] = [];
  const items = new Map<string, Map<string, Record<string, unknown>>>();
  const check = async (action: string, path: string) => {
    const ok = allowed(grants, `${PREFIX}/${action}`, path);
    calls.push({ action, path, allowed: ok });
    if (!ok) throw refused(`${PREFIX}/${action}`, path);
  };
  const container = (db: string, id: string) => {
    const path = `/dbs/${db}/colls/${id}`;
    const kept = items.get(path) ?? new Map<string, Record<string, unknown>>();
    items.set(path, kept);
    return {
      id,
      read: async () => {
        await check('readMetadata', path);
        return { resource: { id } };
      },
      item: (itemId: string) => ({
        read: async () => {
          await check('sqlDatabases/containers/items/read', path);
          return { resource: kept.get(itemId), statusCode: kept.has(itemId) ? 200 : 404 };
        },
      }),
      items: {
        upsert: async (document: Record<string, unknown>) => {
          await check('sqlDatabases/containers/items/upsert', path);
          kept.set(String(document.id), document);
          return { resource: document };
        },
        create: async (document: Record<string, unknown>) => {
          await check('sqlDatabases/containers/items/create', path);
          kept.set(String(document.id), document);
          return { resource: document };
        },
        query: () => ({
          fetchAll: async () => {
            await check('sqlDatabases/containers/executeQuery', path);
            return { resources: [...kept.values()] };
          },
        }),
      },
    };
  };
  const client = {
    database: (db: string) => ({
      id: db,
      read: async () => {
        await check('readMetadata', `/dbs/${db}`);
        return { resource: { id: db } };
      },
      container: (id: string) => container(db, id),
    }),
    databases: {
      createIfNotExists: async () => {
        calls.push({ action: 'create a database (control plane)', path: '/', allowed: false });
        throw refused('control plane: create database', '/');
      },
    },
    dispose: () => undefined,
  };
  return { client: client as unknown as CosmosClient, calls };
}
