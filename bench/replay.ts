/**
 * npm run bench:replay
 *
 * Histories/s and events/s replaying a few thousand declaration histories with the current workflow
 * code (apps/shared/histories.ts `replayHistories`, the same path as `clearway replay` and the admin
 * API). The histories are generated once: simulated traffic through the API on a fresh embedded
 * stack (green, control, query and payment paths), exported as JSON with the payload key beside them
 * under .data/bench/replay-histories/; later runs reuse them. The set is cycled until
 * BENCH_REPLAY_TOTAL histories were replayed, split across BENCH_REPLAY_PROCS processes (one replay
 * worker each, fed one stream: the SDK replays one history at a time per worker). Figures only.
 *
 * Env: BENCH_REPLAY_CASES=200 (distinct histories generated)  BENCH_REPLAY_TOTAL=3000  BENCH_REPLAY_REGEN=1
 *      BENCH_REPLAY_PROCS=<cores>
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, type ReplayWorkerOptions } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { REPO_ROOT } from '../config/paths';
import { dataConverterFor } from '../apps/shared/payload-codec';
import {
  fetchHistory,
  historyAsJson,
  readHistoryFile,
  replayHistories,
  type HistoryRecord,
} from '../apps/shared/histories';
import { confirmPayment, recordControlResult, type ControlDecision } from '../contracts';
import {
  ApiClient,
  TrafficGenerator,
  capabilities,
  loadSimReference,
  readModelObserver,
  runSimulation,
} from '../apps/simulator';
import { clearwayBundle, startBenchStack } from './support/stack';
import { machine } from './support/format';

const CASES = Number(process.env.BENCH_REPLAY_CASES ?? 200);
const TOTAL = Number(process.env.BENCH_REPLAY_TOTAL ?? 3000);
const PROCS = Number(process.env.BENCH_REPLAY_PROCS ?? os.cpus().length);
const DIR = path.join(REPO_ROOT, '.data', 'bench', 'replay-histories');
const log = (l: string) => console.log(l);

async function generate(): Promise<void> {
  log(`generating ${CASES} histories through the API on a fresh embedded stack...`);
  const stack = await startBenchStack({
    name: 'replay-gen',
    pragmas: ['journal_mode=WAL', 'synchronous=NORMAL'],
    workerTuning: {
      maxConcurrentWorkflowTaskPolls: 4,
      maxConcurrentActivityTaskPolls: 4,
      maxCachedWorkflows: 2000,
    },
    log: (l) => log(`  ${l}`),
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const config = loadConfig(stack.env);
  const client = new Client({ connection, dataConverter: dataConverterFor(config) });
  try {
    const api = new ApiClient(stack.apiUrl, stack.authSecret);
    const caps = capabilities(await api.routes());
    const rate = 2;
    const res = await runSimulation({
      client: api,
      generator: new TrafficGenerator(loadSimReference(), {
        seed: 4242,
        runTag: 'REPLAY',
        aeoShare: 0.3,
        countries: ['KZ'],
        offices: ['KZALA001', 'KZAST001'],
      }),
      observer: readModelObserver(stack.pool),
      caps: { ...caps, transits: false },
      ratePerS: rate,
      durationMs: (CASES / rate) * 1000,
      mix: { declarations: 1, transits: 0 },
      badShare: 0,
      intents: { green: 6, yellow: 2, red: 1, query: 1 },
      officerDelayMs: [100, 500],
      declarantDelayMs: [0, 300],
      drainMs: 180_000,
      maxInFlight: 64,
      pollMs: 500,
      payFallback: caps.payments
        ? undefined
        : (mrn, amount, currency) =>
            client.workflow.getHandle(`declaration/${mrn}`).signal(confirmPayment, {
              method: 'PAYMENT',
              reference: `PAY-${mrn.slice(-8)}`,
              amount,
              currency,
              actor: 'bench',
            }),
      controlFallback: caps.controlResults
        ? undefined
        : async (mrn, result) => {
            await client.workflow
              .getHandle(`declaration/${mrn}`)
              .executeUpdate(recordControlResult, { args: [result as ControlDecision] });
          },
    });
    log(`  ${res.accepted.declarations} cases, end states ${JSON.stringify(res.finalStates)}`);
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(path.join(DIR, 'payload-key'), stack.env.CLEARWAY_PAYLOAD_KEY!, { mode: 0o600 });
    let n = 0;
    for (const c of res.cases) {
      const h = await fetchHistory(client, `declaration/${c.mrn}`);
      fs.writeFileSync(
        path.join(DIR, `${n++}.json`),
        JSON.stringify({ workflowId: h.workflowId, history: historyAsJson(h.history) }),
      );
    }
    log(`  exported ${n} histories to ${DIR}`);
  } finally {
    await connection.close();
    await stack.stop();
  }
}

interface ShardResult {
  replayed: number;
  events: number;
  diverged: number;
  firstError?: string;
}

/**
 * One process's share: `total` replays cycling over `records`, through one replay worker, as
 * `clearway replay` and the admin API stream theirs (a worker per pass of the set measured its
 * start-up, bundle and V8 context, once per pass).
 */
async function replayShard(
  records: HistoryRecord[],
  total: number,
  options: ReplayWorkerOptions,
): Promise<ShardResult> {
  const out: ShardResult = { replayed: 0, events: 0, diverged: 0 };
  function* cycle() {
    for (let i = 0; i < total; i++) {
      const r = records[i % records.length];
      out.events += r.history.events?.length ?? 0;
      yield r;
    }
  }
  const report = await replayHistories(cycle(), options);
  out.replayed = report.replayed;
  out.diverged = report.diverged.length;
  if (report.diverged[0]) out.firstError = `${report.diverged[0].workflowId}: ${report.diverged[0].error}`;
  return out;
}

function loadRecords(): HistoryRecord[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readHistoryFile(path.join(DIR, f)));
}

/** Forks the shards (this script with BENCH_REPLAY_SHARD set); each reports one JSON line when ready and one when done. */
function runShards(n: number, total: number): Promise<{ results: ShardResult[]; seconds: number }> {
  let ready = 0;
  let started = 0;
  const children = Array.from({ length: n }, (_, i) =>
    fork(__filename, [], {
      env: {
        ...process.env,
        BENCH_REPLAY_SHARD: String(i),
        BENCH_REPLAY_SHARD_TOTAL: String(Math.ceil(total / n)),
      },
    }),
  );
  return new Promise((resolve, reject) => {
    const results: ShardResult[] = [];
    for (const child of children) {
      child.on('message', (m: { ready?: true; result?: ShardResult }) => {
        if (m.ready && ++ready === n) {
          started = performance.now();
          for (const c of children) c.send('go');
        }
        if (m.result) {
          results.push(m.result);
          if (results.length === n) resolve({ results, seconds: (performance.now() - started) / 1000 });
        }
      });
      child.on('exit', (code) => code !== 0 && reject(new Error(`replay shard exited with ${code}`)));
    }
  });
}

/** A shard: warms up, waits for the parent's go so all shards start together, replays, reports. */
async function shard(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const records = loadRecords();
  const config = loadConfig({
    ...process.env,
    CLEARWAY_PAYLOAD_KEY: fs.readFileSync(path.join(DIR, 'payload-key'), 'utf8').trim(),
  });
  const options = {
    workflowBundle: { codePath: await clearwayBundle() },
    dataConverter: dataConverterFor(config),
  };
  await replayHistories(records.slice(0, 20), options); // bundle load, JIT
  const go = new Promise((r) => process.once('message', r));
  process.send!({ ready: true });
  await go;
  process.send!({
    result: await replayShard(records, Number(process.env.BENCH_REPLAY_SHARD_TOTAL), options),
  });
}

async function main() {
  if (process.env.BENCH_REPLAY_SHARD !== undefined) return shard();
  log(machine());
  Runtime.install({ logger: new DefaultLogger('WARN') });
  if (process.env.BENCH_REPLAY_REGEN || !fs.existsSync(path.join(DIR, 'payload-key'))) await generate();
  const records = loadRecords();
  const events = records.reduce((s, r) => s + (r.history.events?.length ?? 0), 0);
  log(
    `bench:replay: ${records.length} distinct histories, ${events} events (mean ${(events / records.length).toFixed(1)} per history); replaying ${TOTAL} (cycling the set) over ${PROCS} process(es)`,
  );
  await clearwayBundle(); // built once here, not by each shard
  const { results, seconds: s } = await runShards(PROCS, TOTAL);
  const replayed = results.reduce((a, r) => a + r.replayed, 0);
  const replayedEvents = results.reduce((a, r) => a + r.events, 0);
  const diverged = results.reduce((a, r) => a + r.diverged, 0);
  log(
    `replayed ${replayed} histories (${replayedEvents} events) in ${s.toFixed(1)} s over ${PROCS} process(es): ${(replayed / s).toFixed(1)} histories/s, ${(replayedEvents / s).toFixed(0)} events/s; identical ${replayed - diverged}, diverged ${diverged}`,
  );
  log(`${(replayed / s).toFixed(1)} histories/s`);
  const firstError = results.find((r) => r.firstError)?.firstError;
  if (firstError) log(`first divergence: ${firstError.slice(0, 400)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
