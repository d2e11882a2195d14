/**
 * npm run bench:replay
 *
 * Histories/s and events/s replaying a few thousand declaration histories with the current workflow
 * code (apps/shared/histories.ts `replayHistories`, the same path as `clearway replay` and the admin
 * API). The histories are generated once: simulated traffic through the API on a fresh embedded
 * stack (green, control, query and payment paths), exported as JSON with the payload key beside them
 * under .data/bench/replay-histories/; later runs reuse them. The set is replayed in passes until
 * BENCH_REPLAY_TOTAL histories were replayed. Figures only.
 *
 * Env: BENCH_REPLAY_CASES=200 (distinct histories generated)  BENCH_REPLAY_TOTAL=3000  BENCH_REPLAY_REGEN=1
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { REPO_ROOT } from '../config/paths';
import { dataConverterFor } from '../apps/shared/payload-codec';
import { fetchHistory, historyAsJson, readHistoryFile, replayHistories, type HistoryRecord } from '../apps/shared/histories';
import { confirmPayment, recordControlResult, type ControlDecision } from '../contracts';
import { ApiClient, TrafficGenerator, capabilities, loadSimReference, readModelObserver, runSimulation } from '../apps/simulator';
import { clearwayBundle, startBenchStack } from './support/stack';
import { machine } from './support/format';

const CASES = Number(process.env.BENCH_REPLAY_CASES ?? 200);
const TOTAL = Number(process.env.BENCH_REPLAY_TOTAL ?? 3000);
const DIR = path.join(REPO_ROOT, '.data', 'bench', 'replay-histories');
const log = (l: string) => console.log(l);

async function generate(): Promise<void> {
  log(`generating ${CASES} histories through the API on a fresh embedded stack...`);
  const stack = await startBenchStack({
    name: 'replay-gen',
    pragmas: ['journal_mode=WAL', 'synchronous=NORMAL'],
    workerTuning: { maxConcurrentWorkflowTaskPolls: 4, maxConcurrentActivityTaskPolls: 4, maxCachedWorkflows: 2000 },
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
      generator: new TrafficGenerator(loadSimReference(), { seed: 4242, runTag: 'REPLAY', aeoShare: 0.3, countries: ['KZ'], offices: ['KZALA001', 'KZAST001'] }),
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
        : (mrn, amount, currency) => client.workflow.getHandle(`declaration/${mrn}`).signal(confirmPayment, { method: 'PAYMENT', reference: `PAY-${mrn.slice(-8)}`, amount, currency, actor: 'bench' }),
      controlFallback: caps.controlResults
        ? undefined
        : async (mrn, result) => {
            await client.workflow.getHandle(`declaration/${mrn}`).executeUpdate(recordControlResult, { args: [result as ControlDecision] });
          },
    });
    log(`  ${res.accepted.declarations} cases, end states ${JSON.stringify(res.finalStates)}`);
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(path.join(DIR, 'payload-key'), stack.env.CLEARWAY_PAYLOAD_KEY!, { mode: 0o600 });
    let n = 0;
    for (const c of res.cases) {
      const h = await fetchHistory(client, `declaration/${c.mrn}`);
      fs.writeFileSync(path.join(DIR, `${n++}.json`), JSON.stringify({ workflowId: h.workflowId, history: historyAsJson(h.history) }));
    }
    log(`  exported ${n} histories to ${DIR}`);
  } finally {
    await connection.close();
    await stack.stop();
  }
}

async function main() {
  log(machine());
  Runtime.install({ logger: new DefaultLogger('WARN') });
  if (process.env.BENCH_REPLAY_REGEN || !fs.existsSync(path.join(DIR, 'payload-key'))) await generate();
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
  const records: HistoryRecord[] = files.map((f) => readHistoryFile(path.join(DIR, f)));
  const events = records.reduce((s, r) => s + (r.history.events?.length ?? 0), 0);
  log(`bench:replay: ${records.length} distinct histories, ${events} events (mean ${(events / records.length).toFixed(1)} per history); replaying ${TOTAL} in passes`);
  const config = loadConfig({ ...process.env, CLEARWAY_PAYLOAD_KEY: fs.readFileSync(path.join(DIR, 'payload-key'), 'utf8').trim() });
  const options = { workflowBundle: { codePath: await clearwayBundle() }, dataConverter: dataConverterFor(config) };
  // warm-up pass over a few histories (bundle load, JIT)
  await replayHistories(records.slice(0, 20), options);
  let replayed = 0;
  let replayedEvents = 0;
  let diverged = 0;
  const firstError: string[] = [];
  const started = performance.now();
  while (replayed < TOTAL) {
    const batch = records.slice(0, Math.min(records.length, TOTAL - replayed));
    const report = await replayHistories(batch, options);
    replayed += report.replayed;
    replayedEvents += batch.reduce((s, r) => s + (r.history.events?.length ?? 0), 0);
    diverged += report.diverged.length;
    if (report.diverged[0] && firstError.length === 0) firstError.push(`${report.diverged[0].workflowId}: ${report.diverged[0].error}`);
  }
  const s = (performance.now() - started) / 1000;
  log(`replayed ${replayed} histories (${replayedEvents} events) in ${s.toFixed(1)} s: ${(replayed / s).toFixed(1)} histories/s, ${(replayedEvents / s).toFixed(0)} events/s; identical ${replayed - diverged}, diverged ${diverged}`);
  if (firstError.length) log(`first divergence: ${firstError[0].slice(0, 400)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
