import path from 'node:path';
import { startTemporalDevServer, type Service } from '../../scripts/services';
import { startTemporalServer } from '../../scripts/temporal-server';
import type { TemporalServerPorts } from '../../config/temporal-server';

/** Which Temporal a bench or fault stack runs: the CLI dev server (SQLite) or the Temporal server on PostgreSQL. */
export type TemporalKind = 'dev' | 'server';

/** A comma list of kinds (BENCH_TEMPORAL=dev,server), validated. */
export function temporalKinds(value: string | undefined, fallback = 'dev'): TemporalKind[] {
  const kinds = (value || fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const k of kinds)
    if (k !== 'dev' && k !== 'server')
      throw new Error(`unknown Temporal kind "${k}": expected dev or server`);
  return kinds as TemporalKind[];
}

export interface BenchTemporalSettings {
  kind: TemporalKind;
  port: number;
  /** The server's other ports (free ones); its frontend is `port`. */
  serverPorts?: TemporalServerPorts;
  dir: string;
  databaseUrl: string;
  pragmas?: string[];
  workers: number;
}

const shards = () => Number(process.env.TEMPORAL_HISTORY_SHARDS || 8);

export function describeBenchTemporal(s: BenchTemporalSettings): string {
  return s.kind === 'server'
    ? `Temporal server on PostgreSQL, 127.0.0.1:${s.port} (${shards()} shards)`
    : `Temporal dev server on 127.0.0.1:${s.port} (SQLite ${s.pragmas?.length ? s.pragmas.join(' ') : 'default pragmas'})`;
}

/** Started again on the same port and data by the fault tests (stopTemporal / startTemporal). */
export async function startBenchTemporal(s: BenchTemporalSettings): Promise<Service & { pid?: number }> {
  const logFile = path.join(s.dir, 'temporal.log');
  if (s.kind === 'server') {
    return startTemporalServer({
      port: s.port,
      ports: { ...s.serverPorts!, frontend: s.port },
      databaseUrl: s.databaseUrl,
      dir: path.join(s.dir, 'temporal-server'),
      namespace: 'default',
      shards: shards(),
      // One partition per worker process (docs/decisions.md), unless set.
      partitions: Number(process.env.TEMPORAL_TASK_QUEUE_PARTITIONS || s.workers),
      logFile,
    });
  }
  return startTemporalDevServer({
    port: s.port,
    namespace: 'default',
    dbFile: path.join(s.dir, 'temporal.sqlite'),
    pragmas: s.pragmas,
    logFile,
  });
}
