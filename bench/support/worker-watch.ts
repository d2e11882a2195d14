import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { rssMiB, type BenchStack } from './stack';

/** Shared by bench:memory's phases: printing, and the worker child it watches. */
export const log = (l: string) => console.log(l);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const secs = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
export const mib = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} MiB` : 'n/a (worker gone)');
export const heapLimitMiB = () => v8.getHeapStatistics().heap_size_limit / 2 ** 20;
/** SDK default maxCachedWorkflows for this heap limit (@temporalio/worker worker-options, reuseV8Context). */
export const sdkDefaultCache = () =>
  Math.max(Math.floor((Math.max(heapLimitMiB() - 200, 0) * 600) / 1024), 10);
/** The worker child: RSS that survives its death, crash reports, restart with the same tuning. */
export class WorkerWatch {
  crashes = 0;
  private expected = false;
  constructor(
    private readonly stack: BenchStack,
    private tuning: Record<string, unknown>,
  ) {
    this.watch();
  }
  get pid(): number | undefined {
    return this.stack.worker()?.pid;
  }
  alive(): boolean {
    const w = this.stack.worker();
    return !!w && w.exitCode === null && w.signalCode === null;
  }
  rss(): number {
    try {
      return this.alive() ? rssMiB(this.pid!) : NaN;
    } catch {
      return NaN;
    }
  }
  private watch() {
    const w = this.stack.worker()!;
    w.once('exit', (code, signal) => {
      if (this.expected) return;
      this.crashes += 1;
      log(`  !! worker pid ${w.pid} died (exit ${code ?? signal}); last lines of its log:`);
      for (const l of tail(path.join(this.stack.dir, 'worker.log'), 12)) log(`  !!   ${l.slice(0, 300)}`);
    });
  }
  async restart(tuning = this.tuning): Promise<number> {
    this.expected = true;
    const t0 = Date.now();
    await this.stack.killWorker('SIGTERM');
    this.expected = false;
    this.tuning = tuning;
    await this.stack.startWorker(tuning);
    this.watch();
    return Date.now() - t0;
  }
  /** The stack is being stopped: the worker's exit is no crash. */
  stopping() {
    this.expected = true;
  }
  /** After a crash: the same tuning again. */
  async revive(): Promise<void> {
    if (this.alive()) return;
    await this.stack.startWorker(this.tuning);
    this.watch();
    log(`  worker started again (pid ${this.pid}, tuning ${JSON.stringify(this.tuning)})`);
  }
}

function tail(file: string, n: number): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.includes('[bench-worker] ready'))
      .slice(-n);
  } catch {
    return ['(no worker log)'];
  }
}
