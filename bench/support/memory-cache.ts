import type { Client } from '@temporalio/client';
import type { cpuSampler } from './cpu';
import { log, mib, sdkDefaultCache, secs, sleep, type WorkerWatch } from './worker-watch';

/** The query every transit movement answers (contracts/transit.ts `transitView`). */
const VIEW_QUERY = 'caseView';
const WAITING = 'RELEASED_FOR_TRANSIT';
const CONCURRENCY = Number(process.env.BENCH_MEMORY_CONCURRENCY ?? 32);
const PROGRESS_MS = Number(process.env.BENCH_MEMORY_PROGRESS_S ?? 30) * 1000;
const QUERIES = process.env.BENCH_MEMORY_QUERIES ?? '';

/** What one cache pass saw: the worker RSS per movement it held. */
export interface CachePassResult {
  cache: number;
  held: number;
  kibPerCached?: number;
}

/**
 * Phase 2 of bench:memory for one cache size: the worker restarted with it, then open movements
 * queried into its cache; RSS over the idle worker divided by the movements held.
 */
export async function cachePass(
  client: Client,
  cpu: ReturnType<typeof cpuSampler>,
  worker: WorkerWatch,
  mrns: string[],
  cache: string,
): Promise<CachePassResult | undefined> {
  // The worker's own default is CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS (1000): the SDK's size is passed explicitly.
  const tuning = { maxCachedWorkflows: cache === 'default' ? sdkDefaultCache() : Number(cache) };
  const size = cache === 'default' ? sdkDefaultCache() : Number(cache);
  const count = Math.min(
    mrns.length,
    QUERIES === 'all' ? mrns.length : QUERIES ? Number(QUERIES) : Math.max(2 * size, 2000),
  );
  log(
    `\n== worker restarted with ${JSON.stringify(tuning)} (${cache === 'default' ? `SDK default: maxCachedWorkflows ${size}` : `cache ${size}`}); querying ${count} of ${mrns.length} waiting movements`,
  );
  const crashesBefore = worker.crashes;
  log(`  old worker stopped and new one started in ${secs(await worker.restart(tuning))}`);
  await sleep(5000);
  const idle = worker.rss();
  log(`  worker RSS idle (nothing cached yet, ${mrns.length} movements waiting on timers): ${mib(idle)}`);
  const started = Date.now();
  let next = 0;
  let failed = 0;
  let lastLog = Date.now();
  let peak = idle;
  cpu.sample();
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count && worker.crashes === crashesBefore) {
        const mrn = mrns[next++];
        const q0 = Date.now();
        try {
          const view = await client.workflow.getHandle(`transit/${mrn}`).query<{ state: string }>(VIEW_QUERY);
          if (view.state !== WAITING) failed += 1;
          samples.push(Date.now() - q0);
        } catch (err) {
          failed += 1;
          if (failed <= 3) log(`  query failed: ${(err as Error).message.slice(0, 200)}`);
        }
        peak = Math.max(peak, worker.rss() || 0);
        if (Date.now() - lastLog >= PROGRESS_MS) {
          lastLog = Date.now();
          log(
            `  [${secs(lastLog - started)}] queried ${next}/${count}; worker RSS ${mib(worker.rss())}; ${cpu.format(cpu.sample())}`,
          );
        }
      }
    }),
  );
  const took = Date.now() - started;
  samples.sort((a, b) => a - b);
  const p = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor((q / 100) * samples.length))] ?? NaN;
  if (worker.crashes !== crashesBefore) {
    log(`  WORKER DIED after ${next} queries in ${secs(took)}; peak RSS ${mib(peak)}`);
    await worker.revive();
    return undefined;
  }
  log(
    `  queried ${count} movements in ${secs(took)} (${((count * 1000) / took).toFixed(1)}/s; query p50 ${p(50)} / p95 ${p(95)} ms), ${failed} failed or not waiting; peak RSS ${mib(peak)}`,
  );
  log(`  worker RSS after the queries: ${mib(worker.rss())}`);
  await sleep(30_000);
  const rss = worker.rss();
  const held = Math.min(size, count);
  const kibPerCached = held ? ((rss - idle) * 1024) / held : undefined;
  log(
    `  worker RSS after 30 s idle: ${mib(rss)}; ${held} movements cached at most: (RSS - idle) / cached = ${kibPerCached !== undefined ? `${kibPerCached.toFixed(0)} KiB` : 'n/a'}`,
  );
  return { cache: size, held, ...(kibPerCached !== undefined ? { kibPerCached } : {}) };
}
