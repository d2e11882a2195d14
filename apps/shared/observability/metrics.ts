import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Pool } from 'pg';
import { INTERNAL_TYPES } from '../../../activities/outbox/routes';

/**
 * Clearway's own metrics (docs/operations.md, "Metrics"), one registry per process (and per test
 * stack), served as `GET /metrics`. Counters count where the fact is known, never in workflow code:
 * case events where the read model is written (the projection activities, seen by the activity
 * interceptor), activity failures in that interceptor, outbox deliveries in the delivery loop, HTTP
 * requests in the API. What the database already knows (open stuck cases, the outbox's backlog)
 * is read from it at scrape time, so every process that reports it reports the same value.
 */
export interface Metrics {
  registry: Registry;
  casesStarted: Counter<'kind'>;
  casesEnded: Counter<'kind' | 'state'>;
  channels: Counter<'kind' | 'channel'>;
  slaBreaches: Counter<'kind' | 'office'>;
  exchangeMessages: Counter<'partner' | 'direction' | 'outcome'>;
  activityFailures: Counter<'activity' | 'error'>;
  outboxDeliveries: Counter<'outcome' | 'destination'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

export function createMetrics(service: 'api' | 'worker', opts: { pool?: Pool } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'clearway_process_' });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const metrics: Metrics = {
    registry,
    casesStarted: counter('clearway_cases_started_total', 'Cases begun (first projection)', ['kind']),
    casesEnded: counter('clearway_cases_ended_total', 'Cases reaching an end state', ['kind', 'state']),
    channels: counter('clearway_channels_total', 'Channels assigned by risk assessment', ['kind', 'channel']),
    slaBreaches: counter('clearway_sla_breaches_total', 'SLA breaches (a case marked stuck)', [
      'kind',
      'office',
    ]),
    exchangeMessages: counter('clearway_exchange_messages_total', 'Messages exchanged with partners', [
      'partner',
      'direction',
      'outcome',
    ]),
    activityFailures: counter('clearway_activity_failures_total', 'Activity attempts that failed', [
      'activity',
      'error',
    ]),
    outboxDeliveries: counter('clearway_outbox_deliveries_total', 'Outbox delivery attempts', [
      'outcome',
      'destination',
    ]),
    httpDuration: new Histogram({
      name: 'clearway_http_request_duration_seconds',
      help: 'API request latency by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  if (opts.pool) databaseGauges(registry, opts.pool);
  return metrics;
}

/** Read at scrape time: the state of the read model and the outbox, not events of this process. */
function databaseGauges(registry: Registry, pool: Pool) {
  new Gauge({
    name: 'clearway_cases_stuck',
    help: 'Open cases marked stuck, by office',
    labelNames: ['kind', 'office'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await pool.query<{ kind: string; office: string | null; n: string }>(
        `SELECT kind, office, count(*) AS n FROM cases WHERE stuck GROUP BY kind, office`,
      );
      for (const r of rows) this.set({ kind: r.kind, office: r.office ?? 'none' }, Number(r.n));
    },
  });
  // The outbox by destination kind (the part of `destination` before the colon), one query a scrape each.
  const byDestination = (name: string, help: string, value: string, where: string, params: unknown[] = []) =>
    new Gauge({
      name,
      help,
      labelNames: ['destination'],
      registers: [registry],
      async collect() {
        this.reset();
        const { rows } = await pool.query<{ destination: string; v: string }>(
          `SELECT split_part(destination, ':', 1) AS destination, ${value} AS v FROM outbox WHERE ${where} GROUP BY 1`,
          params,
        );
        for (const r of rows) this.set({ destination: r.destination }, Number(r.v));
      },
    });
  byDestination(
    'clearway_outbox_pending',
    'Outbox messages not yet delivered, by destination kind',
    'count(*)',
    'delivered_at IS NULL',
  );
  byDestination(
    'clearway_outbox_lag_seconds',
    'Age of the oldest message still to deliver, by destination kind (dead letters and audit requests aside)',
    'extract(epoch FROM now() - min(created_at))',
    `delivered_at IS NULL AND dead_at IS NULL AND next_attempt < 'infinity' AND type <> ALL($1::text[])`,
    [[...INTERNAL_TYPES]],
  );
  byDestination(
    'clearway_outbox_dead_letters',
    'Messages dead-lettered (given up, waiting for an operator), by destination kind',
    'count(*)',
    'dead_at IS NOT NULL',
  );
  new Gauge({
    name: 'clearway_outbox_parked',
    help: 'Outbox rows parked for good (dead letters and refused audit requests)',
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL AND next_attempt = 'infinity'`,
      );
      this.set(Number(rows[0]?.n ?? 0));
    },
  });
}
