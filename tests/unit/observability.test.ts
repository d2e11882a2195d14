import { Writable } from 'node:stream';
import { createLogger, REDACTED, redactDeep } from '../../apps/shared/observability/logger';
import { createMetrics } from '../../apps/shared/observability/metrics';
import { requestIdFrom } from '../../apps/shared/observability/request-id';
import { example } from '../support/examples';

function capture() {
  const out: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { out, destination };
}

test('a logged declaration keeps its shape and loses its parties, TINs, invoice number and documents', () => {
  const { out, destination } = capture();
  const log = createLogger({ LOG_LEVEL: 'info', NODE_ENV: 'production' }, { service: 'test', destination });
  const declaration = example('declaration-import.json');
  log.info({ declaration, headers: { authorization: 'Bearer abc.def.ghi' } }, 'lodged');
  const line = JSON.parse(out[0]);
  expect(line).toMatchObject({ level: 'info', service: 'test', msg: 'lodged' });
  expect(line.declaration.declarant).toBe(REDACTED);
  expect(line.declaration.importer).toBe(REDACTED);
  expect(line.declaration.invoice).toBe(REDACTED);
  expect(line.declaration.items[0].hsCode).toBe(declaration.items[0].hsCode);
  expect(line.headers.authorization).toBe(REDACTED);
  for (const secret of [
    declaration.declarant.name,
    declaration.declarant.tin,
    declaration.invoice.number,
    'abc.def',
  ])
    expect(out[0]).not.toContain(secret);
});

test('keys, secrets and tokens are redacted at any depth; other values pass', () => {
  expect(
    redactDeep({
      a: { b: [{ payloadKey: 'k', CLEARWAY_AUTH_SECRET: 's', accessCode: 'c', holderTin: 't', n: 1 }] },
    }),
  ).toEqual({
    a: {
      b: [
        {
          payloadKey: REDACTED,
          CLEARWAY_AUTH_SECRET: REDACTED,
          accessCode: REDACTED,
          holderTin: REDACTED,
          n: 1,
        },
      ],
    },
  });
});

test('LOG_LEVEL drops the lines below it', () => {
  const { out, destination } = capture();
  const log = createLogger({ LOG_LEVEL: 'warn', NODE_ENV: 'production' }, { service: 'test', destination });
  log.info('quiet');
  log.warn('loud');
  expect(out.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
});

test("a caller's request id is kept when it is a plain token, replaced otherwise", () => {
  expect(requestIdFrom('abc-123_x.y')).toBe('abc-123_x.y');
  for (const bad of ['has space', 'x'.repeat(65), 'new\nline', undefined])
    expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
});

test('the metrics registry names every Clearway metric in Prometheus text', async () => {
  const text = await createMetrics('worker').registry.metrics();
  for (const name of [
    'clearway_cases_started_total',
    'clearway_cases_ended_total',
    'clearway_channels_total',
    'clearway_sla_breaches_total',
    'clearway_exchange_messages_total',
    'clearway_activity_failures_total',
    'clearway_outbox_deliveries_total',
    'clearway_http_request_duration_seconds',
  ])
    expect(text).toContain(`# TYPE ${name.replace(/_total$/, '')}`);
});
