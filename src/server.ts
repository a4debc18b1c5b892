/**
 * The HTTP server: restify 12.
 *
 * - POST /api/messages: Bot Framework activities, uncompressed JSON only (src/jsonBody.ts), through
 *   the adapter (which refuses requests without a valid token whenever the bot has credentials)
 *   into the Teams application. In local mode, only requests that are local in every way
 *   (src/localOnly.ts).
 * - GET /healthz: the process is alive.
 * - GET /readyz: the process can reach Cosmos DB (App Service health check).
 * - GET /download, GET /download.js, POST /download: the download page, where a card's download
 *   button goes; a monthly report's exports and a subject access export are given there, once per
 *   link, with the token in the POST body, never in an address (src/web/downloadPage.ts).
 *
 * The routes open without signing in are rate limited per client (src/web/rateLimits.ts).
 */
import type { AddressInfo } from 'node:net';
import type { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, INVOKE_RESPONSE_KEY, type InvokeResponse } from 'botbuilder';
import restify from 'restify';
import { turnFields } from './bot/app';
import { isTenantAllowed, tenantOf } from './bot/tenants';
import { jsonBodyOnly } from './jsonBody';
import { refuseNonLocal } from './localOnly';
import type { Logger } from './logger';
import { SUBJECT_ACCESS_FILES, type SubjectAccessFile } from './services/records/subjectAccessService';
import type { Download, ReportFile } from './services/reports/reportService';
import { downloadFile, downloadPage, downloadScript } from './web/downloadPage';
import { type ClientAddressFrom, LIMITS, rateLimited } from './web/rateLimits';
import { mountResidentPages, type ResidentPagesOptions } from './web/residents/residentPages';

const REPORT_FILES: ReadonlySet<string> = new Set(['report.xlsx', 'report.csv']);

export interface ServerDependencies {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  logger: Logger;
  allowedTenantIds: ReadonlySet<string>;
  /** No credentials: unauthenticated, so every request must be local (src/localOnly.ts). */
  localMode: boolean;
  ready: () => Promise<boolean>;
  /** Azure Front Door's id, where it stands in front (LAC_FRONT_DOOR_ID): the client is then in X-Azure-ClientIP. */
  frontDoorId?: string;
  /** Monthly reports' downloads (GET /reports/:token/:file). */
  reports?: { download(token: string, file: ReportFile): Promise<Download | 'expired' | undefined> };
  /** The residents' pages (/introduce, /cy/introduce): the open door. */
  residents?: Omit<ResidentPagesOptions, 'behindProxy'>;
  /** Subject access exports' downloads (GET /subject-access/:token/:file). */
  subjectAccess?: {
    download(token: string, file: SubjectAccessFile): Promise<Download | 'expired' | undefined>;
  };
}

export interface RunningServer {
  server: restify.Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export function createServer(deps: ServerDependencies): restify.Server {
  const { adapter, app, logger } = deps;
  const server = restify.createServer({ name: 'lac-front-door', handleUncaughtExceptions: false });
  server.post('/api/messages', jsonBodyOnly(), async (req, res) => {
    if (deps.localMode) {
      const refusal = refuseNonLocal(req.headers, req.body as { serviceUrl?: unknown });
      if (refusal) {
        logger.warn({ reason: refusal }, 'local mode: request refused');
        res.send(403, { error: refusal });
        return;
      }
    }
    await adapter.process(req, res, async (context) => {
      if (!isTenantAllowed(context.activity, deps.allowedTenantIds)) {
        logger.warn(
          { tenantId: tenantOf(context.activity) ?? 'none', ...turnFields(context) },
          'tenant refused',
        );
        if (context.activity.type === ActivityTypes.Invoke) {
          await context.sendActivity({
            type: ActivityTypes.InvokeResponse,
            value: { status: 403, body: { error: 'This organisation is not allowed to use this bot.' } },
          });
        }
        return;
      }
      const handled = await app.run(context);
      if (
        !handled &&
        context.activity.type === ActivityTypes.Invoke &&
        !context.turnState.get(INVOKE_RESPONSE_KEY)
      ) {
        logger.info({ invoke: context.activity.name, ...turnFields(context) }, 'invoke not handled');
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: unhandledInvoke(context.activity.name),
        });
      }
    });
  });

  // Behind App Service's front ends the client is in X-Forwarded-For; locally, the socket.
  const behindProxy: ClientAddressFrom = deps.localMode
    ? false
    : deps.frontDoorId
      ? { frontDoorId: deps.frontDoorId }
      : true;
  const healthLimit = rateLimited(LIMITS.health, behindProxy);
  if (deps.residents) mountResidentPages(server, { ...deps.residents, behindProxy });
  server.get('/healthz', healthLimit, async (_req, res) => {
    res.send(200, { status: 'alive' });
  });

  server.get('/readyz', healthLimit, async (_req, res) => {
    const ready = await deps.ready().catch(() => false);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'cosmos unreachable' });
  });

  // Exports behind a one-use random token: a browser opens the download page from the card's
  // button, with no Teams sign-in (docs/decisions.md). Monthly reports hold counts only; a subject
  // access export holds a person's whole record, for the records lead who asked (audited).
  const pageLimit = rateLimited(LIMITS.downloadPage, behindProxy);
  server.get('/download', pageLimit, downloadPage);
  server.get('/download.js', pageLimit, downloadScript);
  server.post(
    '/download',
    rateLimited(LIMITS.download, behindProxy),
    downloadFile(
      {
        ...(deps.reports
          ? {
              reports: (token: string, file: string) =>
                REPORT_FILES.has(file)
                  ? (deps.reports?.download(token, file as ReportFile) ?? Promise.resolve(undefined))
                  : Promise.resolve(undefined),
            }
          : {}),
        ...(deps.subjectAccess
          ? {
              'subject-access': (token: string, file: string) =>
                SUBJECT_ACCESS_FILES.has(file)
                  ? (deps.subjectAccess?.download(token, file as SubjectAccessFile) ??
                    Promise.resolve(undefined))
                  : Promise.resolve(undefined),
            }
          : {}),
      },
      logger,
    ),
  );

  server.on('restifyError', (req, _res, err, callback) => {
    if (
      (err as { statusCode?: number }).statusCode === undefined ||
      (err as { statusCode: number }).statusCode >= 500
    ) {
      logger.error({ err, route: req.getRoute()?.path }, 'request failed');
    }
    return callback();
  });

  return server;
}

/**
 * The answer to an invoke no handler took (instead of the SDK's 501): a button this version no
 * longer has gets a message on its card; anything else is a request the bot does not support.
 */
export function unhandledInvoke(name: string | undefined): InvokeResponse {
  if (name === 'adaptiveCard/action') {
    return {
      status: 200,
      body: {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: 'This button is no longer available. Type **help** to see what I can do.',
      },
    };
  }
  return { status: 400, body: { error: 'This request is not supported.' } };
}

export function listen(server: restify.Server, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
