import { eventAttributes, noTelemetry } from '../../src/telemetry';

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
