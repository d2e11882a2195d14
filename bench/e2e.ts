/**
 * npm run bench:e2e
 *
 * Green-lane declarations lodged through the API and run to RELEASED on the embedded stack, at
 * increasing rates until it saturates; the treasury pays at once through the API (else by the
 * confirmPayment signal, said in the output). Per step: offered and achieved
 * declarations/s, lodge -> channel decision and lodge -> release latency p50/p95/p99 (from the
 * case timeline in the read model). In the same run, on the same server, a baseline workflow with
 * one trivial activity started through the client: workflows/s, and the ratio of the two.
 * Variants (BENCH_VARIANTS): SQLite pragmas and worker tuning. The Temporal server is a parameter
 * (BENCH_TEMPORAL: the dev server on SQLite, the Temporal server on PostgreSQL, or both in one run),
 * and so is the number of worker processes sharing the task queues (BENCH_WORKERS); the summary
 * puts the servers side by side. Pragmas mean nothing to the PostgreSQL server: there a variant
 * keeps its worker tuning only, and variants that become the same are run once. Figures only.
 *
 * Env: BENCH_TEMPORAL=dev (dev,server)  BENCH_WORKERS=1 (1,2)  BENCH_VARIANTS=default,wal,wal-tuned
 *      BENCH_RATES=2,4,8,16,32  BENCH_STEP_S=20  BENCH_BASELINE_N=1000  BENCH_DRAIN_S=30
 *      TEMPORAL_HISTORY_SHARDS=8 (server)
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { dataConverterFor } from '../apps/shared/payload-codec';
import { confirmPayment } from '../contracts';
import {
  ApiClient,
  TrafficGenerator,
  capabilities,
  loadSimReference,
  readModelObserver,
  runSimulation,
  type SimulationResult,
} from '../apps/simulator';
import { startBenchStack, type BenchStack } from './support/stack';
import { temporalKinds, type TemporalKind } from './support/temporal';
import { machine, pct } from './support/format';
import { cpuLine, cpuSampler } from './support/cpu';

/** Worker tuning of the `tuned` variants: more slots, cache and pollers than the SDK defaults. */
const TUNED = {
  maxConcurrentWorkflowTaskExecutions: 100,
  maxConcurrentActivityTaskExecutions: 200,
  maxCachedWorkflows: 2000,
  maxConcurrentWorkflowTaskPolls: 4,
  maxConcurrentActivityTaskPolls: 4,
};

const VARIANTS: Record<string, { pragmas?: string[]; tuning?: Record<string, unknown> }> = {
  default: {},
  wal: { pragmas: ['journal_mode=WAL', 'synchronous=NORMAL'] },
  'wal-tuned': {
    pragmas: ['journal_mode=WAL', 'synchronous=NORMAL'],
    tuning: TUNED,
  },
  tuned: {
    tuning: TUNED,
  },
};

const num = (v: string | undefined, d: number) => (v ? Number(v) : d);
const variants = (process.env.BENCH_VARIANTS ?? 'default,wal,wal-tuned').split(',').map((s) => s.trim());
const rates = (process.env.BENCH_RATES ?? '2,4,8,16,32').split(',').map(Number);
const STEP_S = num(process.env.BENCH_STEP_S, 20);
const DRAIN_S = num(process.env.BENCH_DRAIN_S, 30);
const BASELINE_N = num(process.env.BENCH_BASELINE_N, 1000);
const kinds = temporalKinds(process.env.BENCH_TEMPORAL);
const workerCounts = (process.env.BENCH_WORKERS ?? '1').split(',').map(Number);
const log = (l: string) => console.log(l);

interface Run {
  kind: TemporalKind;
  variant: string;
  workers: number;
  pragmas?: string[];
  tuning?: Record<string, unknown>;
}

/** Every (server, variant, workers) to run; on the PostgreSQL server, variants differing only in pragmas collapse. */
function plan(): Run[] {
  const runs: Run[] = [];
  const seen = new Set<string>();
  for (const kind of kinds) {
    for (const name of variants) {
      const v = VARIANTS[name];
      if (!v) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
      for (const workers of workerCounts) {
        if (!Number.isInteger(workers) || workers < 1)
          throw new Error(`BENCH_WORKERS: not a worker count: ${workers}`);
        const pragmas = kind === 'dev' ? v.pragmas : undefined;
        const key = JSON.stringify([kind, pragmas, v.tuning, workers]);
        if (seen.has(key)) continue;
        seen.add(key);
        runs.push({ kind, variant: name, workers, pragmas, tuning: v.tuning });
      }
    }
  }
  return runs;
}

async function main() {
  log(machine());
  const runs = plan();
  log(
    `bench:e2e servers ${kinds.join(', ')}; variants ${variants.join(', ')}; workers ${workerCounts.join(', ')}; rates ${rates.join(', ')}/s, ${STEP_S} s per step; baseline ${BASELINE_N} workflows`,
  );
  const ref = loadSimReference();
  const summary: { run: Run; text: string; best: number; baseline: number }[] = [];
  for (const run of runs) {
    const { kind, workers, variant: name } = run;
    const label = `${kind} ${name} ${workers}w`;
    log(
      `\n== ${kind === 'dev' ? 'dev server (SQLite)' : 'Temporal server (PostgreSQL)'}, variant ${name}, ${workers} worker process${workers > 1 ? 'es' : ''}: pragmas ${run.pragmas?.join(' ') ?? '(server defaults)'}; worker tuning ${JSON.stringify(run.tuning ?? {})}`,
    );
    const stack = await startBenchStack({
      name: `e2e-${kind}-${name}-${workers}w`,
      temporal: kind,
      workers,
      pragmas: run.pragmas,
      workerTuning: run.tuning,
      baseline: true,
      log: (l) => log(`  ${l}`),
    });
    const connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection, dataConverter: dataConverterFor(loadConfig(stack.env)) });
    try {
      const wfs = await baseline(client, stack);
      const api = new ApiClient(stack.apiUrl, stack.authSecret);
      const caps = capabilities(await api.routes());
      log(
        `  payments through ${caps.payments ? 'the API (POST /v1/declarations/{mrn}/payments)' : 'the confirmPayment signal (no payments route in the API yet)'}`,
      );
      let best = 0;
      let saturatedAt: number | undefined;
      // Where the CPU went in each step (lodging and drain): the processes of this stack by kind.
      const cpu = cpuSampler(() => undefined);
      for (const rate of rates) {
        cpu.sample();
        const stepStart = Date.now();
        const gen = new TrafficGenerator(ref, {
          seed: rate * 7919,
          runTag: `${kind}${name}${workers}${rate}`.toUpperCase().replace(/[^A-Z0-9]/g, ''),
          aeoShare: 0.3,
          countries: ['KZ'],
          offices: ['KZALA001', 'KZAST001'],
        });
        const res = await runSimulation({
          client: api,
          generator: gen,
          observer: readModelObserver(stack.pool),
          caps: { ...caps, transits: false },
          ratePerS: rate,
          durationMs: STEP_S * 1000,
          mix: { declarations: 1, transits: 0 },
          badShare: 0,
          intents: { green: 1 },
          officerDelayMs: [0, 0],
          declarantDelayMs: [0, 0],
          drainMs: DRAIN_S * 1000,
          maxInFlight: 256,
          pollMs: 250,
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
        });
        const line = stepLine(rate, res);
        log(`  ${line.text}`);
        log(`    ${cpuLine(cpu, (Date.now() - stepStart) / 1000, res.latency.toRelease.length)}`);
        best = Math.max(best, line.achieved);
        if (line.saturated) {
          saturatedAt = rate;
          break;
        }
      }
      const ratio = wfs > 0 ? best / wfs : NaN;
      const s = `${label}: best ${best.toFixed(2)} declarations/s released${saturatedAt ? ` (saturated at ${saturatedAt}/s offered)` : ' (not saturated at the highest rate tried)'}; baseline ${wfs.toFixed(1)} workflows/s; ratio ${ratio.toFixed(3)}`;
      summary.push({ run, text: s, best, baseline: wfs });
      log(`  ${s}`);
    } finally {
      await connection.close();
      await stack.stop();
    }
  }
  log('\n== summary');
  for (const s of summary) log(s.text);
  if (kinds.length > 1) {
    // Side by side: one row per variant and worker count, one column per server.
    log(
      `\n${'variant / workers'.padEnd(24)}${kinds.map((k) => `${k}: released/s  baseline wf/s`.padEnd(36)).join('')}`,
    );
    const rows = [...new Set(summary.map((s) => `${s.run.variant} / ${s.run.workers}`))];
    for (const row of rows) {
      const cells = kinds.map((k) => {
        const r = summary.find((s) => s.run.kind === k && `${s.run.variant} / ${s.run.workers}` === row);
        return (
          r
            ? `${r.best.toFixed(2).padStart(8)}      ${r.baseline.toFixed(1).padStart(8)}`
            : '   (SQLite pragmas only: n/a)'
        ).padEnd(36);
      });
      log(`${row.padEnd(24)}${cells.join('')}`);
    }
  }
  const top = summary
    .map((x) => ({
      label: `${x.run.kind} ${x.run.variant} ${x.run.workers}w`,
      ratio: x.baseline > 0 ? x.best / x.baseline : NaN,
    }))
    .filter((r) => Number.isFinite(r.ratio))
    .sort((a, b) => b.ratio - a.ratio)[0];
  if (top)
    log(
      `ratio ${top.ratio.toFixed(3)} (best green declarations/s over baseline workflows/s in the same run; ${top.label})`,
    );
}

/** The baseline: N workflows with one trivial activity, started through the client, 64 at a time. */
async function baseline(client: Client, stack: BenchStack): Promise<number> {
  // warm-up: the first workflow tasks pay for the bundle's first load
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      client.workflow.execute('baselineWorkflow', {
        taskQueue: stack.baselineQueue,
        workflowId: `warm-${i}`,
        args: ['x'],
      }),
    ),
  );
  const started = performance.now();
  let next = 0;
  const lat: number[] = [];
  const run = async () => {
    while (next < BASELINE_N) {
      const i = next++;
      const t = performance.now();
      await client.workflow.execute('baselineWorkflow', {
        taskQueue: stack.baselineQueue,
        workflowId: `baseline-${i}`,
        args: [String(i)],
      });
      lat.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: 64 }, run));
  const s = (performance.now() - started) / 1000;
  const wfs = BASELINE_N / s;
  log(
    `  baseline: ${BASELINE_N} workflows (one trivial activity) in ${s.toFixed(1)} s = ${wfs.toFixed(1)} workflows/s; start->result ${pct(lat)}`,
  );
  return wfs;
}

function stepLine(rate: number, res: SimulationResult) {
  const released = res.latency.toRelease.length;
  // Achieved: the completion rate, releases over the span from the first release to the last (the
  // lodge -> release latency is not counted in; a stack that keeps up completes as fast as it is fed).
  const rel = res.cases
    .filter((c) => c.snapshot?.stateAt.RELEASED)
    .map((c) => Date.parse(c.snapshot!.stateAt.RELEASED))
    .sort((a, b) => a - b);
  const span = rel.length > 1 ? (rel[rel.length - 1] - rel[0]) / 1000 : STEP_S;
  const achieved = rel.length > 1 ? (rel.length - 1) / Math.max(span, 1) : 0;
  const accepted = res.accepted.declarations;
  const p95 = [...res.latency.toRelease].sort((a, b) => a - b)[Math.floor(released * 0.95)] ?? Infinity;
  // Saturated: a backlog (releases take 10 % longer than their lodging), a queue (median release over
  // 2 s), green cases left unreleased (randomly selected ones are not green), the generator behind.
  const green = res.cases.filter((c) => c.snapshot?.channel === 'GREEN').length;
  const p50 = [...res.latency.toRelease].sort((a, b) => a - b)[Math.floor(released * 0.5)] ?? Infinity;
  const saturated =
    res.behindSchedule > 0 ||
    released < green * 0.95 ||
    achieved < (Math.min(rate * STEP_S, released) / STEP_S) * 0.9 ||
    p50 > 2_000 ||
    p95 > 10_000;
  const others = Object.entries(res.finalStates)
    .filter(([k]) => k !== 'declaration:RELEASED')
    .map(([k, v]) => `${k.replace('declaration:', '')} ${v}`)
    .join(', ');
  return {
    achieved,
    saturated,
    text:
      `offered ${rate}/s: lodged ${accepted}, released ${released}${others ? ` (others: ${others})` : ''}, ` +
      `achieved ${achieved.toFixed(2)} released/s; lodge HTTP ${pct(res.latency.lodgeHttp)}; lodge->channel ${pct(res.latency.toChannel)}; lodge->release ${pct(res.latency.toRelease)}` +
      `${res.status5xx ? `; 5xx ${res.status5xx}` : ''}${res.behindSchedule ? `; behind ${res.behindSchedule}` : ''}${saturated ? '  <- saturated' : ''}`,
  };
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
