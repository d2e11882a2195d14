/**
 * npm run bench:memory
 *
 * Worker RSS with N open transit movements (default 10,000) waiting on timers: each movement is
 * lodged under a comprehensive guarantee, reserves on it, is released for transit and then waits
 * for arrival with its transit time limit timer running (days). Movements are started through the
 * Temporal client (the transit workflow with its configured settings; going through the API would
 * add nothing to the worker figure). RSS is VmRSS from /proc/<worker pid>/status.
 *
 * Phase 1 (open): the worker runs with BENCH_MEMORY_TUNING (default {} = SDK defaults, whose
 * maxCachedWorkflows is derived from the V8 heap limit). Movements are started in a closed loop: at
 * most BENCH_MEMORY_WINDOW movements are in flight (started, not yet waiting) at any time, so the
 * worker never holds a backlog of thousands of half-run workflows (with a cache smaller than the
 * backlog, those are evicted and replayed over and over). A progress line every BENCH_MEMORY_PROGRESS_S
 * seconds: started, waiting, by state, rates, worker RSS and where the CPU goes.
 *
 * Phase 2 (cache sizes): for each entry of BENCH_MEMORY_CACHE (comma list; `default` = SDK default,
 * a number = maxCachedWorkflows) the worker is stopped and started again with that cache size, its
 * idle RSS is read, then every open movement is queried once (a query on a workflow the worker does
 * not hold replays its history and leaves it in the cache, as an arriving timer or message would),
 * and RSS is read again. This measures the same 10,000 waiting movements under each cache size
 * without opening them again.
 *
 * Env: BENCH_MEMORY_N=10000  BENCH_MEMORY_PER_GUARANTEE=20  BENCH_MEMORY_WINDOW=200
 *      BENCH_MEMORY_CONCURRENCY=32  BENCH_MEMORY_PROGRESS_S=30  BENCH_MEMORY_TIMEOUT_S=3600
 *      BENCH_MEMORY_TUNING={}  BENCH_MEMORY_CACHE=1000,250,0 (empty: skip phase 2)
 */
import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { guaranteeSettings, loadTransitConfig, transitSettings } from '../config/transit';
import { dataConverterFor } from '../apps/shared/payload-codec';
import { TrafficGenerator, loadSimReference } from '../apps/simulator';
import { buildMrn, mrnSerial } from '../domain/mrn';
import { GuaranteeRegistrationSchema } from '../domain/schemas/guarantee';
import { TransitDeclarationSchema } from '../domain/schemas/transit';
import { rssMiB, startBenchStack, type BenchStack } from './support/stack';
import { cpuSampler } from './support/cpu';
import { machine } from './support/format';

const N = Number(process.env.BENCH_MEMORY_N ?? 10_000);
// Reservations on one guarantee are serialised by its entity workflow: many guarantees, few movements each.
const PER_GUARANTEE = Number(process.env.BENCH_MEMORY_PER_GUARANTEE ?? 20);
const WINDOW = Number(process.env.BENCH_MEMORY_WINDOW ?? 200);
const CONCURRENCY = Number(process.env.BENCH_MEMORY_CONCURRENCY ?? 32);
const PROGRESS_MS = Number(process.env.BENCH_MEMORY_PROGRESS_S ?? 30) * 1000;
const TIMEOUT_MS = Number(process.env.BENCH_MEMORY_TIMEOUT_S ?? 3600) * 1000;
const TUNING = JSON.parse(process.env.BENCH_MEMORY_TUNING || '{}') as Record<string, unknown>;
const CACHES = (process.env.BENCH_MEMORY_CACHE ?? '1000,250,0')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
/** The query every transit movement answers (workflows/messages/transit.ts `transitView`). */
const VIEW_QUERY = 'caseView';
const log = (l: string) => console.log(l);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const mib = (x: number) => `${x.toFixed(1)} MiB`;

async function main() {
  log(machine());
  log(`SDK default maxCachedWorkflows on this machine: ${sdkDefaultCache()} (V8 heap limit ${(v8.getHeapStatistics().heap_size_limit / 2 ** 20).toFixed(0)} MiB)`);
  log(`bench:memory: ${N} transit movements, ${PER_GUARANTEE} per guarantee, at most ${WINDOW} in flight; worker tuning ${JSON.stringify(TUNING)} (empty = SDK defaults); then cache sizes ${CACHES.join(', ') || '(none)'}`);
  const stack = await startBenchStack({ name: 'memory', pragmas: ['journal_mode=WAL', 'synchronous=NORMAL'], workerTuning: TUNING, log: (l) => log(`  ${l}`) });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, dataConverter: dataConverterFor(loadConfig(stack.env)) });
  const cpu = cpuSampler(() => stack.worker()?.pid);
  const workerRss = () => rssMiB(stack.worker()!.pid!);
  try {
    const mrns = await openMovements(stack, client, cpu, workerRss);
    for (const c of CACHES) await cachePass(stack, client, cpu, mrns, c);
  } finally {
    await connection.close();
    await stack.stop();
  }
}

async function states(stack: BenchStack): Promise<Record<string, number>> {
  const { rows } = await stack.pool.query<{ state: string; n: string }>(`SELECT state, count(*)::text AS n FROM cases WHERE kind = 'transit' GROUP BY state`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
const WAITING = 'RELEASED_FOR_TRANSIT';
/** States a movement passes through on its way to WAITING; any other state means it stopped moving. */
const ON_THE_WAY = ['LODGED', 'ACCEPTED'];
/** SDK default maxCachedWorkflows for this heap limit (@temporalio/worker worker-options, reuseV8Context). */
const sdkDefaultCache = () => Math.max(Math.floor((Math.max(v8.getHeapStatistics().heap_size_limit / 2 ** 20 - 200, 0) * 600) / 1024), 10);

async function openMovements(stack: BenchStack, client: Client, cpu: ReturnType<typeof cpuSampler>, workerRss: () => number): Promise<string[]> {
  await sleep(2000);
  const idleRss = workerRss();
  log(`  worker RSS idle: ${mib(idleRss)}`);
  const tcfg = loadTransitConfig();
  const gen = new TrafficGenerator(loadSimReference(), { seed: 77, runTag: 'MEM', aeoShare: 0, countries: ['KZ'] });

  // Guarantees: one per PER_GUARANTEE movements, registered CONCURRENCY at a time.
  const nG = Math.ceil(N / PER_GUARANTEE);
  const guarantees = Array.from({ length: nG }, (_, i) => {
    const holder = gen.trader('CN');
    const reg = GuaranteeRegistrationSchema.parse({ ...gen.guarantee(holder, 1_000_000_000), accessCode: 'A' + String(1000 + i).slice(-3) });
    return { reg, grn: reg.grn, accessCode: reg.accessCode!, holder };
  });
  const gStarted = Date.now();
  let gi = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (gi < nG) {
        const { reg } = guarantees[gi++];
        await client.workflow.start('guaranteeWorkflow', {
          taskQueue: stack.taskQueue,
          workflowId: `guarantee/${reg.grn}`,
          args: [{ registration: reg, payloadHash: 'bench', registeredAt: new Date().toISOString(), registeredBy: 'bench', settings: guaranteeSettings(tcfg) }],
        });
      }
    }),
  );
  log(`  ${nG} guarantees registered in ${secs(Date.now() - gStarted)}`);

  // Movements, closed loop: in flight = started - failed - (waiting + ended) <= WINDOW.
  const started = Date.now();
  const mrns: string[] = [];
  let next = 0;
  let failed = 0;
  let done = 0; // past LODGED/ACCEPTED in the read model (waiting, or stopped elsewhere)
  let byState: Record<string, number>;
  let stop = false;
  const starter = async () => {
    while (!stop && next < N) {
      if (next - failed - done >= WINDOW) {
        await sleep(100);
        continue;
      }
      const i = next++;
      const g = guarantees[Math.floor(i / PER_GUARANTEE)];
      const t = TransitDeclarationSchema.parse(gen.transit(g.holder, g));
      const mrn = buildMrn(26, t.officeOfDeparture.slice(0, 2), mrnSerial(BigInt(started) * 100_000n + BigInt(i)));
      try {
        await client.workflow.start('transitWorkflow', {
          taskQueue: stack.taskQueue,
          workflowId: `transit/${mrn}`,
          args: [{ mrn, declaration: t, payloadHash: 'bench', lodgedAt: new Date().toISOString(), lodgedBy: 'bench', settings: transitSettings(tcfg, t.officeOfDeparture, t.officeOfDestination) }],
        });
        mrns.push(mrn);
      } catch (err) {
        failed += 1;
        if (failed <= 3) log(`  start failed: ${(err as Error).message}`);
      }
    }
  };
  const starting = Promise.all(Array.from({ length: CONCURRENCY }, starter));
  cpu.sample();
  let lastLog = Date.now();
  let lastDone = 0;
  let timedOut: boolean;
  for (;;) {
    await sleep(500);
    byState = await states(stack);
    done = Object.entries(byState).reduce((a, [s, n]) => (ON_THE_WAY.includes(s) ? a : a + n), 0);
    const now = Date.now();
    const finished = next >= N && done >= next - failed;
    timedOut = now - started > TIMEOUT_MS;
    if (now - lastLog >= PROGRESS_MS || finished || timedOut) {
      const rate = ((done - lastDone) * 1000) / (now - lastLog);
      log(
        `  [${secs(now - started)}] started ${next}/${N}, waiting ${byState[WAITING] ?? 0}, in flight ${next - failed - done}, failed ${failed}; ` +
          `${rate.toFixed(1)} movements/s reached waiting since last line (${((done * 1000) / (now - started)).toFixed(1)}/s overall); ` +
          `worker RSS ${mib(workerRss())}; by state ${JSON.stringify(byState)}`,
      );
      log(`      ${cpu.format(cpu.sample())}`);
      lastLog = now;
      lastDone = done;
    }
    if (finished || timedOut) break;
  }
  stop = true;
  await starting;
  const openMs = Date.now() - started;
  const waiting = byState[WAITING] ?? 0;
  log(`  ${timedOut ? 'TIMED OUT: ' : ''}${waiting} of ${N} movements waiting (RELEASED_FOR_TRANSIT, transit time limit timer running) after ${secs(openMs)} (${((waiting * 1000) / openMs).toFixed(1)} movements/s); ${failed} failed to start`);
  log(`  worker RSS with all open, at once: ${mib(workerRss())}`);
  await sleep(30_000);
  const rss = workerRss();
  log(`  worker RSS with all open, after 30 s idle: ${mib(rss)}; (RSS - idle) / waiting = ${(((rss - idleRss) * 1024) / Math.max(1, waiting)).toFixed(0)} KiB per open movement`);
  log(`      ${cpu.format(cpu.sample())}`);
  return mrns;
}

async function cachePass(stack: BenchStack, client: Client, cpu: ReturnType<typeof cpuSampler>, mrns: string[], cache: string) {
  const tuning = cache === 'default' ? {} : { maxCachedWorkflows: Number(cache) };
  log(`\n== worker restarted with ${JSON.stringify(tuning)} (empty = SDK defaults)`);
  const t0 = Date.now();
  await stack.killWorker('SIGTERM');
  log(`  old worker stopped in ${secs(Date.now() - t0)}`);
  const w = await stack.startWorker(tuning);
  await sleep(5000);
  const idle = rssMiB(w.pid!);
  log(`  worker RSS idle (nothing cached yet, ${mrns.length} movements waiting on timers): ${mib(idle)}`);
  // Every movement queried once: the worker replays its history and keeps it (up to the cache size).
  const started = Date.now();
  let next = 0;
  let failed = 0;
  let lastLog = Date.now();
  cpu.sample();
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < mrns.length) {
        const mrn = mrns[next++];
        const q0 = Date.now();
        try {
          const view = await client.workflow.getHandle(`transit/${mrn}`).query<{ state: string }>(VIEW_QUERY);
          if (view.state !== WAITING) failed += 1;
          samples.push(Date.now() - q0);
        } catch (err) {
          failed += 1;
          if (failed <= 3) log(`  query failed: ${(err as Error).message}`);
        }
        if (Date.now() - lastLog >= PROGRESS_MS) {
          lastLog = Date.now();
          log(`  [${secs(lastLog - started)}] queried ${next}/${mrns.length}; worker RSS ${mib(rssMiB(w.pid!))}; ${cpu.format(cpu.sample())}`);
        }
      }
    }),
  );
  const took = Date.now() - started;
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor((q / 100) * samples.length))] ?? NaN;
  log(`  queried ${mrns.length} movements in ${secs(took)} (${((mrns.length * 1000) / took).toFixed(1)}/s; query p50 ${p(50)} / p95 ${p(95)} ms), ${failed} failed or not waiting`);
  log(`  worker RSS after the queries: ${mib(rssMiB(w.pid!))}`);
  await sleep(30_000);
  const rss = rssMiB(w.pid!);
  const held = Math.min(cache === 'default' ? sdkDefaultCache() : Number(cache), mrns.length);
  log(`  worker RSS after 30 s idle: ${mib(rss)}; up to ${held} movements cached: (RSS - idle) / cached = ${held ? `${(((rss - idle) * 1024) / held).toFixed(0)} KiB` : 'n/a'}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
