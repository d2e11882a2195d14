import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { dataConverterFor } from '../../apps/shared/payload-codec';
import { confirmPayment, recordControlResult, type ControlDecision } from '../../contracts';
import {
  ApiClient,
  TrafficGenerator,
  capabilities,
  loadSimReference,
  readModelObserver,
  runSimulation,
  summarise,
  type SimulationResult,
} from '../../apps/simulator';
import { DECLARATION_END } from '../../apps/simulator/run';
import { startBenchStack, type BenchStack } from '../../bench/support/stack';

/**
 * Fault-test harness: the embedded stack as real processes (bench/support/stack.ts), traffic from
 * the simulator through the API, officers and payers answering (through the API when it has the
 * route, otherwise through the Temporal client), and the read-model audit that counts losses and
 * duplicates. Every test prints its counts. The stack's Temporal follows CLEARWAY_TEMPORAL (the dev
 * server by default; `server`: the Temporal server on PostgreSQL, where the SQLite pragma is moot).
 */
export interface FaultStack {
  stack: BenchStack;
  api: ApiClient;
  client: Client;
  close(): Promise<void>;
}

export async function startFaultStack(name: string): Promise<FaultStack> {
  const stack = await startBenchStack({
    name,
    pragmas: ['journal_mode=WAL'],
    keepData: !!process.env.FAULT_KEEP_DATA,
    log: (l) => console.log(`[${name}] ${l}`),
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, dataConverter: dataConverterFor(loadConfig(stack.env)) });
  return {
    stack,
    api: new ApiClient(stack.apiUrl, stack.authSecret),
    client,
    async close() {
      await connection.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

export interface TrafficOptions {
  rate: number;
  seconds: number;
  drainSeconds: number;
  seed: number;
}

/** Green-heavy declarations (a few selected for control), answered and paid, until every case ended. */
export async function runTraffic(f: FaultStack, o: TrafficOptions): Promise<SimulationResult> {
  const caps = capabilities(await f.api.routes());
  const gen = new TrafficGenerator(loadSimReference(), {
    seed: o.seed,
    runTag: `F${o.seed}`,
    aeoShare: 0.3,
    countries: ['KZ'],
    offices: ['KZALA001', 'KZAST001'],
  });
  return runSimulation({
    client: f.api,
    generator: gen,
    observer: readModelObserver(f.stack.pool),
    caps: { ...caps, transits: false },
    ratePerS: o.rate,
    durationMs: o.seconds * 1000,
    mix: { declarations: 1, transits: 0 },
    badShare: 0,
    intents: { green: 9, yellow: 1 },
    officerDelayMs: [200, 1000],
    declarantDelayMs: [0, 500],
    drainMs: o.drainSeconds * 1000,
    maxInFlight: 64,
    pollMs: 500,
    payFallback: caps.payments
      ? undefined
      : async (mrn, amount, currency) => {
          await f.client.workflow.getHandle(`declaration/${mrn}`).signal(confirmPayment, {
            method: 'PAYMENT',
            reference: `PAY-${mrn.slice(-8)}`,
            amount,
            currency,
            actor: 'fault-test',
          });
        },
    controlFallback: caps.controlResults
      ? undefined
      : async (mrn, result) => {
          await f.client.workflow
            .getHandle(`declaration/${mrn}`)
            .executeUpdate(recordControlResult, { args: [result as ControlDecision] });
        },
    log: (l) => console.log(`[traffic] ${l}`),
  });
}

/** Accepted cases not yet in an end state, from the read model. */
export async function casesInFlight(f: FaultStack): Promise<number> {
  const { rows } = await f.stack.pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM cases WHERE kind = 'declaration' AND NOT (state = ANY($1))`,
    [DECLARATION_END],
  );
  return Number(rows[0].n);
}

/** Declarations the read model holds so far, whatever their state. */
export async function casesLodged(f: FaultStack): Promise<number> {
  const { rows } = await f.stack.pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM cases WHERE kind = 'declaration'`,
  );
  return Number(rows[0].n);
}

export interface Audit {
  accepted: number;
  ended: number;
  lost: number;
  /** Cases whose timeline holds the same state entered twice (a replayed step recorded again). */
  duplicatedStateEvents: number;
  /** Outbox messages of the same type for the same case (idempotency key not holding). */
  duplicatedOutbox: number;
  /** Read-model rows for cases the simulator never had accepted. */
  unknownCases: number;
}

export async function audit(f: FaultStack, res: SimulationResult): Promise<Audit> {
  const ids = res.cases.map((c) => `declaration/${c.mrn}`);
  const pool = f.stack.pool;
  const ended = await pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM cases WHERE case_id = ANY($1) AND state = ANY($2)`,
    [ids, DECLARATION_END],
  );
  const dupEvents = await pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM (SELECT case_id, state FROM case_events WHERE type = 'state' GROUP BY case_id, state HAVING count(*) > 1) d`,
  );
  const dupOutbox = await pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM (SELECT case_id, type FROM outbox GROUP BY case_id, type HAVING count(*) > 1) d`,
  );
  const unknown = await pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM cases WHERE kind = 'declaration' AND NOT (case_id = ANY($1))`,
    [ids],
  );
  const accepted = res.accepted.declarations;
  const e = Number(ended.rows[0].n);
  return {
    accepted,
    ended: e,
    lost: accepted - e,
    duplicatedStateEvents: Number(dupEvents.rows[0].n),
    duplicatedOutbox: Number(dupOutbox.rows[0].n),
    unknownCases: Number(unknown.rows[0].n),
  };
}

export async function report(
  name: string,
  counts: Record<string, unknown>,
  res: SimulationResult,
  f?: FaultStack,
): Promise<void> {
  console.log(`\n[${name}] counts ${JSON.stringify(counts)}\n${summarise(res)}\n`);
  if (f) await explainOpen(name, f, res);
}

/**
 * For a failing run, what a reader of the CI log needs to find the cause: each case that did not end
 * (up to 5), as the read model and Temporal each see it, with the last events of its history.
 */
async function explainOpen(name: string, f: FaultStack, res: SimulationResult): Promise<void> {
  const ids = res.cases.map((c) => `declaration/${c.mrn}`);
  const open = await f.stack.pool.query<{ case_id: string; state: string; version: number; epoch: string }>(
    `SELECT case_id, state, version, epoch FROM cases WHERE case_id = ANY($1) AND NOT (state = ANY($2)) LIMIT 5`,
    [ids, DECLARATION_END],
  );
  for (const row of open.rows) {
    const handle = f.client.workflow.getHandle(row.case_id);
    const lines = [
      `[${name}] open ${row.case_id}: read model ${row.state} v${row.version} epoch ${row.epoch}`,
    ];
    try {
      const d = await handle.describe();
      const wft = d.raw.pendingWorkflowTask;
      lines.push(
        `  temporal ${d.status.name}, ${d.historyLength} events${wft ? `, workflow task pending (attempt ${wft.attempt})` : ''}`,
      );
      const events = (await handle.fetchHistory()).events ?? [];
      for (const e of events.slice(-15)) {
        const failure = e.workflowTaskFailedEventAttributes?.failure?.message;
        lines.push(`  ${e.eventId} ${String(e.eventType)}${failure ? `: ${failure.slice(0, 200)}` : ''}`);
      }
    } catch (err) {
      lines.push(`  temporal: ${(err as Error).message}`);
    }
    console.log(lines.join('\n'));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
