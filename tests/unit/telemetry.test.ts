import { eventAttributes, noTelemetry } from '../../src/telemetry';
import { scrubbingSpanProcessor, scrubTelemetryText } from '../../src/telemetryScrub';

it('marks custom events for Application Insights and drops empty properties', () => {
  expect(
    eventAttributes('IntroductionStateChanged', { to: 'offered', patchId: undefined, partner: false }),
  ).toEqual({
    'microsoft.custom_event.name': 'IntroductionStateChanged',
    to: 'offered',
    partner: false,
  });
});

it('does nothing without a connection string', async () => {
  expect(noTelemetry.event('x', {})).toBeUndefined();
  await expect(noTelemetry.shutdown()).resolves.toBeUndefined();
});

describe('what is scrubbed before telemetry leaves', () => {
  it.each([
    [
      'a reply in a personal chat',
      'https://smba.trafficmanager.net/uk/v3/conversations/a%3A1xK9-personal/activities/1732890000000',
      'https://smba.trafficmanager.net/uk/v3/conversations/:conversation/activities/:activity',
    ],
    [
      'asking Teams who someone is',
      'https://smba.trafficmanager.net/uk/v3/conversations/19:abc@thread.tacv2/members/29:1AbC-member',
      'https://smba.trafficmanager.net/uk/v3/conversations/:conversation/members/:member',
    ],
    [
      'a pin read by email',
      'https://lac-cosmos.documents.azure.com/dbs/lac-front-door/colls/people/docs/pin:tammy.hughes%40demo.gov.uk',
      'https://lac-cosmos.documents.azure.com/dbs/lac-front-door/colls/people/docs/:id',
    ],
    [
      "a managed identity token request's query",
      'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2019-08-01&client_id=0b9f3a5e',
      'http://169.254.169.254/metadata/identity/oauth2/token',
    ],
    [
      'a target with a query and no host',
      '/v3/conversations/a:1x/pagedmembers?pageSize=50',
      '/v3/conversations/:conversation/pagedmembers',
    ],
    [
      'an email in an error message',
      'Entity with id pin:jo.carter@demo.gov.uk does not exist',
      'Entity with id pin:{email} does not exist',
    ],
    [
      "a subject access export's download link (a bearer token)",
      '/subject-access/Zq3kT0v9Xb2Lw8PdYc1Rf5Hs7Jm4Na6Ue0Gi2Ko9Vt1/subject-access.html',
      '/subject-access/:token/subject-access.html',
    ],
    [
      'a path with nothing personal',
      'https://login.microsoftonline.com/6b1c3f0e/oauth2/v2.0/token',
      'https://login.microsoftonline.com/6b1c3f0e/oauth2/v2.0/token',
    ],
  ])('%s', (_what, text, expected) => {
    expect(scrubTelemetryText(text)).toBe(expected);
  });

  it("rewrites a span's attributes and its exceptions' in place, and drops url.query", () => {
    const span = {
      attributes: {
        'url.full': 'https://x/v3/conversations/a:1x/activities/2',
        'url.query': 'client_id=abc',
        'http.response.status_code': 200,
      } as Record<string, unknown>,
      events: [{ attributes: { 'exception.message': 'no pin:a.b@c.gov.uk' } as Record<string, unknown> }],
    };
    scrubbingSpanProcessor.onEnd(span);
    expect(span.attributes).toEqual({
      'url.full': 'https://x/v3/conversations/:conversation/activities/:activity',
      'http.response.status_code': 200,
    });
    expect(span.events[0]?.attributes).toEqual({ 'exception.message': 'no pin:{email}' });
  });
});
