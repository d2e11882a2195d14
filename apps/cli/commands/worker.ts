import type { Command } from 'commander';

/**
 * `clearway worker`: one worker process alone, polling the configured task queue on the configured
 * Temporal (TEMPORAL_ADDRESS, DATABASE_URL as for the stack). Several of them share the queue: the
 * scale-out path beside `clearway start --workers N` (docs/operations.md).
 */
export function register(program: Command) {
  program
    .command('worker')
    .description(
      'run one worker process against TEMPORAL_ADDRESS and DATABASE_URL (scale-out: start several)',
    )
    .action(async () => {
      // Loaded on demand: the worker pulls in the SDK's native runtime, which other commands never need.
      const { runWorker } = await import('../../worker/main');
      await runWorker();
    });
}
