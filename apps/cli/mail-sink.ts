import path from 'node:path';
import type { Config } from '../../config/env';
import { loadDeliveryConfig } from '../../config/delivery';
import { startSmtpSink, type SmtpSink } from '../../scripts/smtp-sink';

/**
 * The dev stack's mail: unless a relay is configured (CLEARWAY_SMTP_HOST) or the sink is turned off
 * (CLEARWAY_SMTP_SINK_PORT=0), `clearway start` runs the SMTP sink on loopback, stores what it
 * receives under `<data dir>/mail` (`clearway mail` shows it) and points the workers at it, with every
 * office and supervisor given an address at `clearway.test` unless CLEARWAY_MAIL_DOMAIN says otherwise.
 * `env` is the environment the workers and the API are started with.
 */
export async function startDevMailSink(
  config: Config,
  env: NodeJS.ProcessEnv,
  log: (msg: string) => void,
): Promise<SmtpSink | undefined> {
  const mail = loadDeliveryConfig(env);
  env.CLEARWAY_CONSOLE_URL ??= `http://127.0.0.1:${config.PORT}/console`;
  if (mail.CLEARWAY_SMTP_HOST || mail.CLEARWAY_SMTP_SINK_PORT === 0) return undefined;
  const sink = await startSmtpSink({
    port: mail.CLEARWAY_SMTP_SINK_PORT,
    dir: path.join(config.dataDir, 'mail'),
  });
  env.CLEARWAY_SMTP_HOST = '127.0.0.1';
  env.CLEARWAY_SMTP_PORT = String(sink.port);
  env.CLEARWAY_MAIL_DOMAIN ??= 'clearway.test';
  log(`SMTP sink on 127.0.0.1:${sink.port} (mail: ${sink.dir}; clearway mail lists it)`);
  return sink;
}
