/**
 * /api/messages as anybody on the network meets it, before any token is checked: it parses
 * uncompressed JSON only, within its limit, and in local mode it answers only what is local in
 * every way. Raw HTTP requests (node:http), because fetch will not send a forged Host header.
 * The compressed bomb's time to refusal and the RSS around it are printed, for the closing note.
 */
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { activities, startTestBot, type TestBot, users } from '../helpers/botHarness';
import nock from '../helpers/nock';

let bot: TestBot;
let port: number;

beforeAll(async () => {
  bot = await startTestBot();
  port = bot.bot.server.port;
});
afterAll(async () => {
  await bot.stop();
});

interface RawAnswer {
  status: number;
  body: string;
  ms: number;
}

/** One POST with exactly these headers and body chunks (written one after another). */
function post(headers: Record<string, string>, chunks: (Buffer | string)[]): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/messages',
        headers: { host: `127.0.0.1:${port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
      },
    );
    // The server may answer and close before it has read everything: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const helpJson = () => JSON.stringify(activities.message(users.introducer, 'help'));

describe('what the endpoint parses', () => {
  // nock sits between this process's HTTP client and every socket: it would buffer, inflate and
  // decode these requests itself before they reach the server. Off for this group.
  beforeAll(() => nock.restore());
  afterAll(() => nock.activate());

  it('refuses a compressed body at once, without inflating it (a 200 MB gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, ' '), { level: 9 });
    expect(bomb.length).toBeLessThan(300 * 1024);
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    const answer = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, [bomb]);
    const rssAfter = process.memoryUsage.rss();
    process.stdout.write(
      `gzip bomb (${bomb.length} bytes, 200 MiB inflated): ${answer.status} in ${answer.ms.toFixed(1)} ms; RSS ${(rssBefore / 2 ** 20).toFixed(0)} -> ${(rssAfter / 2 ** 20).toFixed(0)} MiB\n`,
    );
    expect(answer.status).toBe(415);
    expect(answer.body).toContain('Compressed bodies are not accepted');
    // Inflating it took about a second and 600 MB with restify's parser.
    expect(answer.ms).toBeLessThan(500);
    expect(rssAfter - rssBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses every content encoding, whatever it is called', async () => {
    for (const encoding of ['deflate', 'br', 'GZIP', 'identity, gzip']) {
      const answer = await post({ 'content-type': 'application/json', 'content-encoding': encoding }, ['{}']);
      expect(answer.status).toBe(415);
    }
  });

  it('never parses multipart bodies, and leaves no file behind', async () => {
    // What a multipart parser (formidable, as restify's bodyParser used) leaves in the temporary
    // folder: files named upload_*. Other test files make their own folders there meanwhile.
    const uploads = () => readdirSync(tmpdir()).filter((name) => /^upload_/.test(name)).length;
    const before = uploads();
    const boundary = 'x-boundary';
    const file = `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'A'.repeat(2 * 1024 * 1024)}\r\n--${boundary}--\r\n`;
    const answer = await post({ 'content-type': `multipart/form-data; boundary=${boundary}` }, [file]);
    expect(answer.status).toBe(415);
    expect(uploads()).toBeLessThanOrEqual(before);
  });

  it('never parses a form (urlencoded), which any web page can post without asking', async () => {
    const answer = await post({ 'content-type': 'application/x-www-form-urlencoded' }, [
      'type=message&text=team+queue&from[aadObjectId]=x',
    ]);
    expect(answer.status).toBe(415);
    expect(answer.body).toContain('Only application/json');
  });

  it('refuses a declared length over 1 MiB before reading it, and a chunked body when it grows past', async () => {
    const declared = await post(
      { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
      ['{'],
    );
    expect(declared.status).toBe(413);
    const chunk = Buffer.alloc(256 * 1024, ' ');
    const streamed = await post({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, [
      '{"a":"',
      chunk,
      chunk,
      chunk,
      chunk,
      chunk,
      '"}',
    ]);
    expect(streamed.status).toBe(413);
  });

  it('answers 400 to anything but one JSON object, and a charset other than UTF-8 with 415', async () => {
    expect((await post({ 'content-type': 'application/json' }, ['{"type":'])).status).toBe(400);
    expect((await post({ 'content-type': 'application/json' }, ['[1,2]'])).status).toBe(400);
    expect((await post({ 'content-type': 'application/json' }, ['"text"'])).status).toBe(400);
    expect((await post({ 'content-type': 'application/json; charset=latin1' }, [helpJson()])).status).toBe(
      415,
    );
  });
});

describe('local mode answers only what is local in every way', () => {
  it('still answers an ordinary activity, with or without a UTF-8 charset', async () => {
    expect((await post({ 'content-type': 'application/json' }, [helpJson()])).status).toBe(200);
    expect((await post({ 'content-type': 'application/json; charset=utf-8' }, [helpJson()])).status).toBe(
      200,
    );
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const answer = await post({ host: 'attacker.example:3978', 'content-type': 'application/json' }, [
      helpJson(),
    ]);
    expect(answer.status).toBe(403);
  });

  it('refuses a request from a web page elsewhere', async () => {
    for (const origin of ['https://attacker.example', 'null']) {
      const answer = await post({ origin, 'content-type': 'application/json' }, [helpJson()]);
      expect(answer.status).toBe(403);
    }
    const local = await post({ origin: `http://localhost:${port}`, 'content-type': 'application/json' }, [
      helpJson(),
    ]);
    expect(local.status).toBe(200);
  });

  it('never follows a service URL off this machine: nothing is asked of it or posted to it', async () => {
    const attacker = nock('https://attacker.example')
      .persist()
      .get(/.*/)
      .reply(200, {})
      .post(/.*/)
      .reply(200, {});
    const asked: string[] = [];
    attacker.on('request', (req: Request) => asked.push(req.url));
    const activity = {
      ...activities.message(users.priya, 'team queue'),
      serviceUrl: 'https://attacker.example/',
    };
    const answer = await post({ 'content-type': 'application/json' }, [JSON.stringify(activity)]);
    await bot.settled();
    expect(answer.status).toBe(403);
    expect(asked).toEqual([]);
    nock.removeInterceptor({ hostname: 'attacker.example', method: 'POST', path: /.*/ } as never);
  });
});
