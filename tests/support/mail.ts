import fs from 'node:fs';
import path from 'node:path';
import { freePort, type Service } from '../../scripts/services';
import { readSinkMail, startSmtpSink, type SinkMail } from '../../scripts/smtp-sink';

/**
 * The tests' SMTP sink: the same real SMTP server `clearway start` runs, started once by the global
 * setup, on a free loopback port, keeping mail under .data/test. The environment points every test
 * stack's delivery at it (CLEARWAY_SMTP_HOST/PORT) and gives offices and supervisors addresses at
 * `clearway.test`.
 */
export async function startTestMailSink(testDir: string): Promise<Service> {
  const dir = path.join(testDir, `mail-${process.pid}`);
  const sink = await startSmtpSink({ port: await freePort(), dir });
  process.env.CLEARWAY_SMTP_HOST = '127.0.0.1';
  process.env.CLEARWAY_SMTP_PORT = String(sink.port);
  process.env.CLEARWAY_MAIL_DOMAIN ??= 'clearway.test';
  process.env.CLEARWAY_TEST_SMTP_SINK_DIR = dir;
  return {
    name: sink.name,
    stop: async () => {
      await sink.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the test sink received so far. */
export function sinkMail(): SinkMail[] {
  const dir = process.env.CLEARWAY_TEST_SMTP_SINK_DIR;
  if (!dir) throw new Error('no test SMTP sink: the integration global setup starts it');
  return readSinkMail(dir);
}
