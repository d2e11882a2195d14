/**
 * npm run bench:memory
 *
 * Worker RSS with N open transit movements (default 10,000) waiting on timers: each movement is
 * lodged under a comprehensive guarantee, reserves on it, is released for transit and then waits
 * for arrival with its transit time limit timer running (days). Movements are started through the
 * Temporal client (the transit workflow with its configured settings; going through the API would
 * add nothing to the worker figure). RSS is VmRSS from /proc/<worker pid>/status.
 *
 * Phase 1 (open): the worker runs with BENCH_MEMORY_TUNING (default maxCachedWorkflows 1000: with
 * the SDK default, derived from the V8 heap limit, the worker ran out of heap before 10,000 were
 * open; docs/benchmarks.md). Movements are started in a closed loop: at most BENCH_MEMORY_WINDOW in
 * flight (started, not yet waiting), so the worker never holds a backlog of thousands of half-run
 * workflows. A progress line every BENCH_MEMORY_PROGRESS_S seconds: started, waiting, by state,
 * rates, worker RSS and the CPU of each process. A worker that dies is reported (exit, last lines of
 * its log) and started again with the same tuning: the movements are durable and carry on.
 *
 * Phase 2 (cache sizes): for each entry of BENCH_MEMORY_CACHE (comma list; `default` = SDK default,
 * a number = maxCachedWorkflows) the worker is stopped and started again with that cache size, its
 * idle RSS is read, then open movements are queried one by one (a query on a workflow the worker
 * does not hold replays its history and leaves it in the cache, as an arriving timer or message
 * would): max(2 x cache, 2000) of them, or all with BENCH_MEMORY_QUERIES=all. RSS is read during and
 * after. This measures the same waiting movements under each cache size without opening them again.
 *
 * Env: BENCH_MEMORY_N=10000  BENCH_MEMORY_PER_GUARANTEE=20  BENCH_MEMORY_WINDOW=200
 *      BENCH_MEMORY_CONCURRENCY=32  BENCH_MEMORY_PROGRESS_S=30  BENCH_MEMORY_TIMEOUT_S=3600
 *      BENCH_MEMORY_TUNING={"maxCachedWorkflows":1000}  BENCH_MEMORY_CACHE=default,2000,250,0
 *      BENCH_MEMORY_QUERIES=  BENCH_WORKER_NODE_ARGS= (node flags for the worker, e.g. --cpu-prof)
 *      BENCH_TEMPORAL=dev|server (one per run; server: the Temporal server on PostgreSQL, its RSS printed too)
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { guaranteeSettings, loadTransitConfig, transitSettings } from '../config/transit';
import { dataConverterFor } from '../apps/shared/payload-codec';
import { TrafficGenerator, loadSimReference } from '../apps/simulator';
import { buildMrn, mrnSerial } from '../domain/mrn';
import { GuaranteeRegistrationSchema } from '../domain/schemas/guarantee';
import { TransitDeclarationSchema } from '../domain/schemas/transit';
import { rssMiB, startBenchStack, type BenchStack } from './support/stack';
import { temporalKinds } from './support/temporal';
import { cachePass, type CachePassResult } from './support/memory-cache';
import { WorkerWatch, heapLimitMiB, log, mib, sdkDefaultCache, secs, sleep } from './support/worker-watch';
import { cpuSampler } from './support/cpu';
import { machine } from './support/format';

const N = Number(process.env.BENCH_MEMORY_N ?? 10_000);
// Reservations on one guarantee are serialised by its entity workflow: many guarantees, few movements each.
const PER_GUARANTEE = Number(process.env.BENCH_MEMORY_PER_GUARANTEE ?? 20);
const WINDOW = Number(process.env.BENCH_MEMORY_WINDOW ?? 200);
const CONCURRENCY = Number(process.env.BENCH_MEMORY_CONCURRENCY ?? 32);
const PROGRESS_MS = Number(process.env.BENCH_MEMORY_PROGRESS_S ?? 30) * 1000;
const TIMEOUT_MS = Number(process.env.BENCH_MEMORY_TIMEOUT_S ?? 3600) * 1000;
const TUNING = JSON.parse(process.env.BENCH_MEMORY_TUNING || '{"maxCachedWorkflows":1000}') as Record<
  string,
  unknown
>;
const CACHES = (process.env.BENCH_MEMORY_CACHE ?? 'default,2000,250,0')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const WAITING = 'RELEASED_FOR_TRANSIT';
/** States a movement passes through on its way to WAITING; any other state means it stopped moving. */
const ON_THE_WAY = ['LODGED', 'ACCEPTED'];

async function main() {
  log(machine());
  log(
    `SDK default maxCachedWorkflows on this machine: ${sdkDefaultCache()} (V8 heap limit ${heapLimitMiB().toFixed(0)} MiB)`,
  );
  log(
    `bench:memory: ${N} transit movements, ${PER_GUARANTEE} per guarantee, at most ${WINDOW} in flight; worker tuning ${JSON.stringify(TUNING)} (empty = SDK defaults); then cache sizes ${CACHES.join(', ') || '(none)'}`,
  );
  const stack = await startBenchStack({
    name: 'memory',
    temporal: temporalKinds(process.env.BENCH_TEMPORAL)[0],
    pragmas: ['journal_mode=WAL', 'synchronous=NORMAL'],
    workerTuning: TUNING,
    keepData: process.env.BENCH_KEEP_DATA === '1',
    log: (l) => log(`  ${l}`),
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, dataConverter: dataConverterFor(loadConfig(stack.env)) });
  const worker = new WorkerWatch(stack, TUNING);
  const cpu = cpuSampler(() => worker.pid);
  try {
    const mrns = await openMovements(stack, client, cpu, worker);
    const passes: CachePassResult[] = [];
    for (const c of CACHES) {
      const pass = await cachePass(client, cpu, worker, mrns, c);
      if (pass) passes.push(pass);
    }
    // The headline: the largest cache that held movements without the worker dying.
    const best = passes
      .filter((p) => p.kibPerCached !== undefined && p.held > 0)
      .sort((a, b) => b.held - a.held)[0];
    if (best)
      log(
        `per cached workflow: ${best.kibPerCached!.toFixed(0)} KiB (transit movements; cache ${best.cache}, ${best.held} held)`,
      );
  } finally {
    worker.stopping();
    await connection.close();
    await stack.stop();
  }
}

async function states(stack: BenchStack): Promise<Record<string, number>> {
  const { rows } = await stack.pool.query<{ state: string; n: string }>(
    `SELECT state, count(*)::text AS n FROM cases WHERE kind = 'transit' GROUP BY state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** The other cases the worker holds beside the movements (guarantees; the office of destination's `arrival/<MRN>`). */
async function otherKinds(stack: BenchStack): Promise<string> {
  const { rows } = await stack.pool.query<{ kind: string; state: string; n: string }>(
    `SELECT kind, state, count(*)::text AS n FROM cases WHERE kind <> 'transit' GROUP BY kind, state ORDER BY kind, state`,
  );
  return rows.map((r) => `${r.kind}:${r.state} ${r.n}`).join(', ') || 'none';
}

async function openMovements(
  stack: BenchStack,
  client: Client,
  cpu: ReturnType<typeof cpuSampler>,
  worker: WorkerWatch,
): Promise<string[]> {
  await sleep(2000);
  const idleRss = worker.rss();
  log(`  worker RSS idle: ${mib(idleRss)}`);
  const tcfg = loadTransitConfig();
  const gen = new TrafficGenerator(loadSimReference(), {
    seed: 77,
    runTag: 'MEM',
    aeoShare: 0,
    countries: ['KZ'],
  });

  // Guarantees: one per PER_GUARANTEE movements, registered CONCURRENCY at a time.
  const nG = Math.ceil(N / PER_GUARANTEE);
  const guarantees = Array.from({ length: nG }, (_, i) => {
    const holder = gen.trader('CN');
    const reg = GuaranteeRegistrationSchema.parse({
      ...gen.guarantee(holder, 1_000_000_000),
      accessCode: 'A' + String(1000 + i).slice(-3),
    });
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
          args: [
            {
              registration: reg,
              payloadHash: 'bench',
              registeredAt: new Date().toISOString(),
              registeredBy: 'bench',
              settings: guaranteeSettings(tcfg),
            },
          ],
        });
      }
    }),
  );
  log(`  ${nG} guarantees registered in ${secs(Date.now() - gStarted)}`);

  // Movements, closed loop: in flight = started - failed - (past LODGED/ACCEPTED) <= WINDOW.
  const started = Date.now();
  const mrns: string[] = [];
  let next = 0;
  let failed = 0;
  let done = 0;
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
      const mrn = buildMrn(
        26,
        t.officeOfDeparture.slice(0, 2),
        mrnSerial(BigInt(started) * 100_000n + BigInt(i)),
      );
      try {
        await client.workflow.start('transitWorkflow', {
          taskQueue: stack.taskQueue,
          workflowId: `transit/${mrn}`,
          args: [
            {
              mrn,
              declaration: t,
              payloadHash: 'bench',
              lodgedAt: new Date().toISOString(),
              lodgedBy: 'bench',
              settings: transitSettings(tcfg, t.officeOfDeparture, t.officeOfDestination),
            },
          ],
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
  let peakRss = 0;
  for (;;) {
    await sleep(500);
    if (!worker.alive()) await worker.revive();
    byState = await states(stack);
    done = Object.entries(byState).reduce((a, [s, n]) => (ON_THE_WAY.includes(s) ? a : a + n), 0);
    peakRss = Math.max(peakRss, worker.rss() || 0);
    const now = Date.now();
    const finished = next >= N && done >= next - failed;
    timedOut = now - started > TIMEOUT_MS;
    if (now - lastLog >= PROGRESS_MS || finished || timedOut) {
      const rate = ((done - lastDone) * 1000) / (now - lastLog);
      log(
        `  [${secs(now - started)}] started ${next}/${N}, waiting ${byState[WAITING] ?? 0}, in flight ${next - failed - done}, failed ${failed}; ` +
          `${rate.toFixed(1)} movements/s reached waiting since last line (${((done * 1000) / (now - started)).toFixed(1)}/s overall); ` +
          `worker RSS ${mib(worker.rss())}; by state ${JSON.stringify(byState)}; other cases: ${await otherKinds(stack)}`,
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
  log(
    `  ${timedOut ? 'TIMED OUT: ' : ''}${waiting} of ${N} movements waiting (RELEASED_FOR_TRANSIT, transit time limit timer running) after ${secs(openMs)} ` +
      `(${((waiting * 1000) / openMs).toFixed(1)} movements/s); ${failed} failed to start; worker crashes ${worker.crashes}; peak worker RSS ${mib(peakRss)}`,
  );
  log(
    `  worker RSS with all open, at once: ${mib(worker.rss())}; Temporal ${stack.temporal} RSS ${mib(rssMiB(stack.temporalPid() ?? 0))}`,
  );
  await sleep(30_000);
  const rss = worker.rss();
  const cache = typeof TUNING.maxCachedWorkflows === 'number' ? TUNING.maxCachedWorkflows : sdkDefaultCache();
  log(
    `  worker RSS with all open, after 30 s idle: ${mib(rss)}; RSS over idle ${mib(rss - idleRss)} for a cache of at most ${cache} workflows (${(((rss - idleRss) * 1024) / Math.max(1, cache)).toFixed(0)} KiB per cache slot)`,
  );
  log(`      ${cpu.format(cpu.sample())}`);
  return mrns;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
