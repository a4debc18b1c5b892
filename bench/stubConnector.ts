/**
 * A stand-in Bot Connector on 127.0.0.1 for benchmarks: accepts activities (new messages and
 * updates), answers member look-ups, and tells the caller when each activity arrived.
 * (Tests use nock instead; a benchmark needs a real socket to measure real turns.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubConnector {
  url: string;
  received: () => number;
  close(): Promise<void>;
}

export interface StubOptions {
  /** Member look-ups: Teams user id → email (default: bench.user@demo.gov.uk for everyone). */
  members?: Record<string, { email: string; aadObjectId?: string }>;
  /** Called as each activity arrives, with its conversation and body. */
  onActivity?: (conversationId: string, body: string, at: number) => void;
}

export async function startStubConnector(options: StubOptions = {}): Promise<StubConnector> {
  let received = 0;
  let nextId = 1;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      response.setHeader('content-type', 'application/json');
      const url = request.url ?? '';
      if (request.method === 'GET' && /\/members\//.test(url)) {
        const id = decodeURIComponent(url.split('/').pop() ?? '');
        const member = options.members?.[id] ?? { email: 'bench.user@demo.gov.uk' };
        response.end(JSON.stringify({ id, name: 'Bench User', ...member }));
        return;
      }
      received++;
      const conversation = decodeURIComponent(/\/v3\/conversations\/([^/]+)\//.exec(url)?.[1] ?? '');
      options.onActivity?.(conversation, Buffer.concat(chunks).toString('utf8'), at);
      response.end(JSON.stringify({ id: `stub-${nextId++}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
