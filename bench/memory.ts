/**
 * npm run bench:memory
 *
 * Worker RSS with N open transit movements (default 10,000) waiting on timers: each movement is
 * lodged under a guarantee, released for transit and then waits for arrival with its transit time
 * limit timer running (days), which is the state where a worker holds most of them. Movements are
 * started through the Temporal client (the transit workflow with its configured settings; through the
 * API when it has POST /v1/transits would add nothing to the worker figure). RSS is read from
 * /proc/<worker pid>/status at checkpoints; the worker runs with the default cache size and, in a
 * second pass when BENCH_MEMORY_CACHE is set, with maxCachedWorkflows = that value.
 *
 * Env: BENCH_MEMORY_N=10000  BENCH_MEMORY_CHECKPOINTS=5  BENCH_MEMORY_CONCURRENCY=32  BENCH_MEMORY_CACHE=
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { guaranteeSettings, loadTransitConfig, transitSettings } from '../config/transit';
import { dataConverterFor } from '../apps/shared/payload-codec';
import { TrafficGenerator, loadSimReference } from '../apps/simulator';
import { buildMrn, mrnSerial } from '../domain/mrn';
import { GuaranteeRegistrationSchema } from '../domain/schemas/guarantee';
import { TransitDeclarationSchema } from '../domain/schemas/transit';
import { rssMiB, startBenchStack } from './support/stack';
import { machine } from './support/format';

const N = Number(process.env.BENCH_MEMORY_N ?? 10_000);
const CHECKPOINTS = Number(process.env.BENCH_MEMORY_CHECKPOINTS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_MEMORY_CONCURRENCY ?? 32);
// Reservations on one guarantee are serialised by its entity workflow: many guarantees, few movements each.
const PER_GUARANTEE = Number(process.env.BENCH_MEMORY_PER_GUARANTEE ?? 20);
const log = (l: string) => console.log(l);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pass(cache?: number) {
  const tuning = cache ? { maxCachedWorkflows: cache } : {};
  log(`\n== worker tuning ${JSON.stringify(tuning)} (empty = SDK defaults)`);
  const stack = await startBenchStack({ name: `memory${cache ?? ''}`, pragmas: ['journal_mode=WAL', 'synchronous=NORMAL'], workerTuning: tuning, log: (l) => log(`  ${l}`) });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, dataConverter: dataConverterFor(loadConfig(stack.env)) });
  const tcfg = loadTransitConfig();
  const gen = new TrafficGenerator(loadSimReference(), { seed: 77, runTag: 'MEM', aeoShare: 0, countries: ['KZ'] });
  const pid = stack.worker()!.pid!;
  const states = async () => {
    const { rows } = await stack.pool.query<{ state: string; n: string }>(`SELECT state, count(*)::text AS n FROM cases WHERE kind = 'transit' GROUP BY state`);
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])) as Record<string, number>;
  };
  const openCount = async () => (await states()).RELEASED_FOR_TRANSIT ?? 0;
  try {
    await sleep(2000);
    const idleRss = rssMiB(pid);
    log(`  worker RSS idle: ${idleRss.toFixed(1)} MiB`);
    const guarantees: { grn: string; accessCode: string; holder: ReturnType<TrafficGenerator['trader']> }[] = [];
    for (let i = 0; i < Math.ceil(N / PER_GUARANTEE); i++) {
      const holder = gen.trader('CN');
      const reg = GuaranteeRegistrationSchema.parse({ ...gen.guarantee(holder, 1_000_000_000), accessCode: 'A' + String(1000 + i).slice(-3) });
      await client.workflow.start('guaranteeWorkflow', {
        taskQueue: stack.taskQueue,
        workflowId: `guarantee/${reg.grn}`,
        args: [{ registration: reg, payloadHash: 'bench', registeredAt: new Date().toISOString(), registeredBy: 'bench', settings: guaranteeSettings(tcfg) }],
      });
      guarantees.push({ grn: reg.grn, accessCode: reg.accessCode!, holder });
    }
    const started = Date.now();
    let next = 0;
    let failed = 0;
    const step = Math.ceil(N / CHECKPOINTS);
    const worker = async () => {
      while (next < N) {
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
        } catch (err) {
          failed += 1;
          if (failed < 3) log(`  start failed: ${(err as Error).message}`);
        }
      }
    };
    const starting = Promise.all(Array.from({ length: CONCURRENCY }, worker));
    let mark = step;
    const deadline = Date.now() + Number(process.env.BENCH_MEMORY_TIMEOUT_S ?? 3600) * 1000;
    for (;;) {
      await sleep(2000);
      const open = await openCount();
      if (open >= Math.min(mark, N - failed) || Date.now() > deadline) {
        log(`  ${open} movements waiting (RELEASED_FOR_TRANSIT, transit time limit timer running), ${next} started, ${((Date.now() - started) / 1000).toFixed(0)} s: worker RSS ${rssMiB(pid).toFixed(1)} MiB; by state ${JSON.stringify(await states())}`);
        mark += step;
      }
      if (open >= N - failed || Date.now() > deadline) break;
    }
    await starting;
    const idle = Date.now();
    await sleep(10_000);
    const rss = rssMiB(pid);
    const byState = await states();
    const running = Object.entries(byState).filter(([s]) => s !== 'WRITTEN_OFF' && s !== 'NOT_RELEASED').reduce((a, [, n]) => a + n, 0);
    log(`  final: movements by state ${JSON.stringify(byState)}, ${failed} failed to start; worker RSS ${rss.toFixed(1)} MiB after ${((Date.now() - idle) / 1000).toFixed(0)} s; (RSS - idle) / open movements = ${(((rss - idleRss) * 1024) / Math.max(1, running)).toFixed(0)} KiB per open movement`);
  } finally {
    await connection.close();
    await stack.stop();
  }
}

async function main() {
  log(machine());
  log(`bench:memory: ${N} transit movements`);
  await pass();
  if (process.env.BENCH_MEMORY_CACHE) await pass(Number(process.env.BENCH_MEMORY_CACHE));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
