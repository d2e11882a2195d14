import type { Command } from 'commander';
import { durationMs, loadConfig } from '../../../config/env';
import { resolveAuthSecret } from '../../../config/secrets';
import { createPool } from '../../../activities/db/pool';
import {
  ApiClient,
  TrafficGenerator,
  apiObserver,
  capabilities,
  loadSimReference,
  readModelObserver,
  runSimulation,
  summarise,
  type Intent,
  type Progress,
} from '../../simulator';

interface SimulateOptions {
  rate: string;
  duration: string;
  mix: string;
  aeo: string;
  bad: string;
  officerDelay: string;
  declarantDelay: string;
  countries: string;
  seed?: string;
  url?: string;
  observe: string;
  drain: string;
  fillSandbox?: boolean;
  json?: boolean;
}

/**
 * `clearway simulate --rate 5/s --duration 2m`: synthetic traffic through the public API against a
 * running stack (`npm start`), with officers and declarants answering after a delay; live progress
 * on stderr and a summary at the end. `--fill-sandbox` leaves cases in every state for training.
 */
export function register(program: Command) {
  program
    .command('simulate')
    .description(
      'generate realistic traffic through the API (declarations, transits, bad payloads, officers answering controls)',
    )
    .option('--rate <n/s>', 'new cases per second', '2/s')
    .option('--duration <d>', 'how long to lodge, e.g. 30s, 5m', '30s')
    .option(
      '--mix <weights>',
      'declarations=W,transits=W (transits only when the API offers them)',
      'declarations=8,transits=2',
    )
    .option('--aeo <share>', 'share of declarants with AEO status', '0.25')
    .option('--bad <share>', 'share of invalid payloads (expected to be refused with 400)', '0.05')
    .option('--officer-delay <range>', 'officers answer controls after min-max', '2s-10s')
    .option('--declarant-delay <range>', 'declarants pay and answer queries after min-max', '1s-5s')
    .option('--countries <CC,..>', 'countries whose offices lodge declarations', 'KZ')
    .option('--seed <n>', 'random seed (default: the clock)')
    .option('--url <base>', 'API base URL (default http://127.0.0.1:$PORT)')
    .option(
      '--observe <how>',
      "follow cases through 'api' (GET per case) or 'read-model' (PostgreSQL)",
      'api',
    )
    .option('--drain <d>', 'after lodging, keep answering until every case ended or this passed', '60s')
    .option(
      '--fill-sandbox',
      'officer training: cases in every state (a third left waiting for an officer or declarant)',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (opts: SimulateOptions) => {
      const config = loadConfig();
      const sandbox = !!opts.fillSandbox;
      const client = new ApiClient(opts.url ?? `http://127.0.0.1:${config.PORT}`, resolveAuthSecret(config));
      const health = await client.request('GET', '/health').catch((e: Error) => {
        throw new Error(`cannot reach the API at ${client.baseUrl} (is 'npm start' running?): ${e.message}`);
      });
      if (health.status !== 200) console.error(`[simulate] /health answered ${health.status}`);
      const caps = capabilities(await client.routes());
      console.error(
        `[simulate] API offers: ${Object.entries(caps)
          .map(
            ([k, v]) =>
              `${k}=${
                typeof v === 'object'
                  ? Object.keys(v)
                      .filter((x) => (v as Record<string, unknown>)[x])
                      .join('+') || 'no'
                  : v
                    ? 'yes'
                    : 'no'
              }`,
          )
          .join(' ')}`,
      );
      const seed = opts.seed ? Number(opts.seed) : Date.now() % 2 ** 31;
      const generator = new TrafficGenerator(loadSimReference(), {
        seed,
        runTag: seed.toString(36).toUpperCase(),
        aeoShare: Number(opts.aeo),
        countries: opts.countries.split(',').map((c) => c.trim().toUpperCase()),
      });
      const pool = opts.observe === 'read-model' ? createPool(config.databaseUrl, 2) : undefined;
      const mix = Object.fromEntries(
        opts.mix.split(',').map((kv) => kv.split('=').map((s) => s.trim())),
      ) as Record<string, string>;
      const intents: Partial<Record<Intent, number>> = sandbox
        ? { green: 4, yellow: 2, red: 1, query: 1 }
        : { green: 90, yellow: 5, red: 2, query: 3 };
      const tty = process.stderr.isTTY;
      const onProgress = (p: Progress) => {
        const line = `[simulate] ${p.elapsedS.toFixed(0)}s lodged ${p.lodged} refused(400) ${p.refused} open ${p.open} ended ${p.ended} 5xx ${p.errors5xx}${p.behind ? ` behind ${p.behind}` : ''}`;
        process.stderr.write(tty ? `\r${line}   ` : line + '\n');
      };
      try {
        const res = await runSimulation({
          client,
          generator,
          observer: pool ? readModelObserver(pool) : apiObserver(client),
          caps,
          ratePerS: parseRate(opts.rate),
          durationMs: durationMs(opts.duration),
          mix: { declarations: Number(mix.declarations ?? 1), transits: Number(mix.transits ?? 0) },
          badShare: Number(opts.bad),
          intents,
          officerDelayMs: parseRange(opts.officerDelay),
          declarantDelayMs: parseRange(opts.declarantDelay),
          drainMs: durationMs(opts.drain),
          maxInFlight: 64,
          pollMs: 1000,
          leaveOpenShare: sandbox ? 0.35 : 0,
          onProgress,
          log: (l) => process.stderr.write(`\n[simulate] ${l}\n`),
        });
        if (tty) process.stderr.write('\n');
        if (opts.json)
          process.stdout.write(JSON.stringify({ ...res, cases: undefined, seed }, null, 2) + '\n');
        else console.log(`${summarise(res)}\n  seed        ${seed}`);
        process.exitCode = res.status5xx > 0 || res.badAccepted > 0 ? 1 : 0;
      } finally {
        await pool?.end();
      }
    });
}

function parseRate(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(s.trim());
  if (!m || Number(m[1]) <= 0) throw new Error(`--rate must look like 5/s or 0.5/s; got "${s}"`);
  return Number(m[1]);
}

function parseRange(s: string): [number, number] {
  const [a, b] = s.split('-');
  const lo = durationMs(a.trim());
  return [lo, b ? durationMs(b.trim()) : lo];
}
