/**
 * A stand-in Bot Connector on 127.0.0.1 for benchmarks: accepts activities, answers member look-ups.
 * (Tests use nock instead; a benchmark needs a real socket to measure real turns.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubConnector {
  url: string;
  received: () => number;
  close(): Promise<void>;
}

export async function startStubConnector(): Promise<StubConnector> {
  let received = 0;
  let nextId = 1;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'GET' && /\/members\//.test(request.url ?? '')) {
        const id = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
        response.end(JSON.stringify({ id, name: 'Bench User', email: 'bench.user@demo.gov.uk' }));
        return;
      }
      received++;
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
