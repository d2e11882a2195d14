import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { Runtime } from '@temporalio/worker';
import { createLogger, sdkLogger } from '../../apps/shared/observability/logger';

/**
 * For a test that reads what the stack logs and exports: imported before anything else of the
 * test file (tests/support/temporal.ts installs the process's one Temporal runtime otherwise), it
 * installs the runtime as apps/worker/main.ts does, logging JSON at debug into `logs` and exporting
 * the SDK's metrics to Prometheus on a free loopback port. The port is found synchronously: the
 * runtime is installed at import, before any await.
 */
export const lines: Record<string, unknown>[] = [];
export const raw: string[] = [];
export const logs = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      raw.push(line);
      lines.push(JSON.parse(line));
    }
    done();
  },
});

const port = execFileSync(process.execPath, [
  '-e',
  "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })",
])
  .toString()
  .trim();

export const sdkMetricsUrl = `http://127.0.0.1:${port}/metrics`;

Runtime.install({
  logger: sdkLogger(
    createLogger({ LOG_LEVEL: 'debug', NODE_ENV: 'test' }, { service: 'sdk', destination: logs }),
  ),
  telemetryOptions: {
    logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
    metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } },
  },
});
