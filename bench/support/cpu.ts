import fs from 'node:fs';
import os from 'node:os';

/**
 * Where the CPU goes during a bench, from /proc: CPU time of this process and of its descendants
 * grouped by what they are (worker, Temporal dev server, PostgreSQL, API), and of the whole machine
 * (the host is shared, so "other" is someone else's load). Each call to `sample()` returns the
 * shares since the previous call, in percent of one core.
 */
const TICK = 100; // USER_HZ on Linux

interface Proc {
  pid: number;
  ppid: number;
  ticks: number;
  cmd: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: fields after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    const ticks = Number(rest[11]) + Number(rest[12]); // utime + stime
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return { pid, ppid, ticks, cmd };
  } catch {
    return undefined; // gone meanwhile
  }
}

function label(p: Proc, self: number, worker?: number): string {
  if (p.pid === self) return 'bench';
  if (p.pid === worker) return 'worker';
  if (/worker-main\.js/.test(p.cmd)) return 'worker';
  if (/temporal\b.*start-dev|temporal-server\b/.test(p.cmd)) return 'temporal';
  if (/postgres|pg-main\.js/.test(p.cmd)) return 'postgres';
  if (/apps\/api\/main\.js/.test(p.cmd)) return 'api';
  return 'bench-other';
}

function machineTicks(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function cpuSampler(workerPid: () => number | undefined) {
  const self = process.pid;
  let last = new Map<number, number>();
  let lastMachine = machineTicks();
  let lastAt = Date.now();
  const snapshot = () => {
    const procs = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((d) => readProc(Number(d)))
      .filter((p): p is Proc => p !== undefined);
    const children = new Map<number, Proc[]>();
    for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    const mine: Proc[] = [];
    const queue = procs.filter((p) => p.pid === self);
    while (queue.length) {
      const p = queue.pop()!;
      mine.push(p);
      queue.push(...(children.get(p.pid) ?? []));
    }
    return mine;
  };
  snapshot().forEach((p) => last.set(p.pid, p.ticks));
  return {
    /** CPU % of one core since the previous sample, by group; `other` = the rest of the machine. */
    sample(): Record<string, number> {
      const now = Date.now();
      const secs = Math.max(0.001, (now - lastAt) / 1000);
      const out: Record<string, number> = {};
      const next = new Map<number, number>();
      let mineTicks = 0;
      for (const p of snapshot()) {
        const d = p.ticks - (last.get(p.pid) ?? 0);
        next.set(p.pid, p.ticks);
        mineTicks += d;
        const l = label(p, self, workerPid());
        out[l] = (out[l] ?? 0) + (d / TICK / secs) * 100;
      }
      const m = machineTicks();
      // /proc/stat counts in USER_HZ summed over all cores
      const machineBusy = ((m.busy - lastMachine.busy) / TICK / secs) * 100;
      out.other = Math.max(0, machineBusy - (mineTicks / TICK / secs) * 100);
      last = next;
      lastMachine = m;
      lastAt = now;
      return out;
    },
    format(s: Record<string, number>): string {
      const order = ['worker', 'temporal', 'postgres', 'bench', 'api', 'bench-other', 'other'];
      return (
        `cpu % of one core (${os.cpus().length} cores): ` +
        order
          .filter((k) => s[k] !== undefined)
          .map((k) => `${k} ${s[k].toFixed(0)}`)
          .join(', ')
      );
    },
  };
}
