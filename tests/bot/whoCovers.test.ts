/**
 * "Who covers <postcode>?" through the real adapter, against the demo council's directory.
 */
import { activities, cardIn, cardText, startTestBot, type TestBot, users } from '../helpers/botHarness';

let bot: TestBot;
beforeAll(async () => {
  // A fixed day on which Tammy Hughes is away and Sam Okafor covers.
  bot = await startTestBot({}, { clock: () => new Date('2026-12-22T10:00:00Z') });
});
afterAll(async () => {
  await bot.stop();
});

async function ask(text: string, user = users.introducer): Promise<string> {
  const exchange = await bot.send(activities.message(user, text));
  expect(exchange.sent).toHaveLength(1);
  return cardText(cardIn(exchange.sent[0]));
}

it('names the patch, its coordinators, who covers for someone away, and how it matched', async () => {
  const text = await ask('who covers rm37ab');
  expect(text).toContain('RM3 7AB is in Harold Hill North');
  expect(text).toContain('Local Area Coordinator: Tammy Hughes');
  expect(text).toContain('Tammy Hughes is away until 1 Jan 2027; Sam Okafor covers.');
  expect(text).toContain('Matched by sector RM3 7.');
});

it('answers for a sector, a district and a full-postcode exception', async () => {
  expect(await ask('who covers RM5 2')).toContain('Local Area Coordinators: Amira Khan and Tom Reilly');
  expect(await ask('who covers RM4')).toContain('RM4 is in Collier Row and Havering Park');
  expect(await ask('who covers RM3 9HB')).toContain('Matched by full postcode RM3 9HB.');
});

it('says honestly when no patch covers an area, and that introductions are still welcome', async () => {
  const text = await ask('who covers RM12 4');
  expect(text).toContain('No Local Area Coordinator covers RM12 4 yet');
  expect(text).toContain('Introductions are still welcome, and LAC team triage will decide who can help.');
});

it('explains no fixed abode', async () => {
  expect(await ask('who covers ZZ99 3VZ')).toContain('no fixed address');
});

it('shows what was typed and a valid example for something that is not a postcode', async () => {
  const exchange = await bot.send(activities.message(users.introducer, 'who covers the big Tesco'));
  const card = cardIn(exchange.sent[0]) as { body: { id?: string; value?: string }[] };
  expect(cardText(card)).toContain('"the big Tesco" is not a UK postcode, sector or district');
  expect(cardText(card)).toContain('RM3 7AB');
  expect(card.body.find((e) => e.id === 'postcode')?.value).toBe('the big Tesco');
});

it('offers the look-up card when asked with no postcode', async () => {
  const text = await ask('who covers');
  expect(text).toContain('Postcode, sector or district');
});

it('is for council staff: partner organisations (NHSmail) are told what they can do instead', async () => {
  const exchange = await bot.send(activities.message(users.gpReceptionist, 'who covers RM3 7AB'));
  expect(exchange.sent[0]?.text).toContain('This is for council staff');
  expect(exchange.sent[0]?.text).toContain('introduce');
  const button = await bot.send(
    activities.cardAction(users.gpReceptionist, 'whoCovers', { postcode: 'RM3 7AB' }),
  );
  expect(JSON.stringify(button.body)).toContain('This is for council staff');
});

it('is refused to partners from older clients too (Action.Submit), with no patch or coordinator named', async () => {
  for (const data of [{ verb: 'whoCovers', postcode: 'RM3 7AB' }, { verb: 'whoCoversPrompt' }]) {
    const exchange = await bot.send(activities.submit(users.gpReceptionist, data));
    const said = JSON.stringify(exchange.sent);
    expect(said).toContain('This is for council staff');
    expect(said).not.toMatch(/Harold Hill|Tammy|Who covers a postcode/);
  }
});

describe('from cards', () => {
  it('the welcome card button posts the look-up card', async () => {
    const exchange = await bot.send(activities.cardAction(users.introducer, 'whoCoversPrompt', {}));
    expect(exchange.status).toBe(200);
    expect(cardText(cardIn(exchange.sent[0]))).toContain('Who covers a postcode?');
  });

  it('"Look up" replaces the card with itself and the answer (Universal Actions)', async () => {
    const exchange = await bot.send(
      activities.cardAction(users.introducer, 'whoCovers', { postcode: 'RM13 9AB' }),
    );
    expect(exchange.status).toBe(200);
    expect(exchange.sent).toHaveLength(0);
    const body = exchange.body as { statusCode: number; type: string; value: unknown };
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(body.value)).toContain('RM13 9AB is in Rainham and South Hornchurch');
  });

  it('keeps what was typed beside a clear message when it is not a postcode', async () => {
    const exchange = await bot.send(
      activities.cardAction(users.introducer, 'whoCovers', { postcode: 'RM3 7X' }),
    );
    const card = (exchange.body as { value: { body: { id?: string; value?: string }[] } }).value;
    expect(cardText(card)).toContain('"RM3 7X" is not a UK postcode');
    expect(card.body.find((e) => e.id === 'postcode')?.value).toBe('RM3 7X');
  });

  it('treats a malformed payload as an empty question, not an error', async () => {
    const exchange = await bot.send(
      activities.cardAction(users.introducer, 'whoCovers', { postcode: { $ne: 1 } }),
    );
    expect(exchange.status).toBe(200);
    expect(cardText((exchange.body as { value: unknown }).value)).toContain('Postcode, sector or district');
  });
});
