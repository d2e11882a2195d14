import os from 'node:os';
import { execSync } from 'node:child_process';
import { percentile } from '../../apps/simulator/run';

export const pct = (xs: number[]) =>
  xs.length
    ? `p50 ${percentile(xs, 50).toFixed(0)} / p95 ${percentile(xs, 95).toFixed(0)} / p99 ${percentile(xs, 99).toFixed(0)} ms`
    : 'no samples';

/** The machine line every bench prints first: cores, memory, CPU model, load (the host is shared). */
export function machine(): string {
  let free: string;
  try {
    free = execSync('free -h', { encoding: 'utf8' }).split('\n')[1]?.replace(/\s+/g, ' ').trim() ?? '';
  } catch {
    free = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  }
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${free}; load average at start ${load}; node ${process.version}; ${new Date().toISOString()}`;
}
