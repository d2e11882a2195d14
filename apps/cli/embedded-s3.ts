import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/env';
import { REPO_ROOT } from '../../config/paths';
import { isPortOpen, toolPath, type Service } from '../../scripts/services';
import { startS3Server } from '../../scripts/s3-server';

/** SeaweedFS's own default, fixed so that the CLI can be pointed at it across restarts. */
const DEV_S3_PORT = 8333;

/**
 * The dev stack's S3-compatible bucket: with CLEARWAY_ARCHIVE_STORE=s3 and no endpoint given,
 * `clearway start` runs SeaweedFS (built on first use, like the Temporal server) with its data under
 * the data directory and an access key generated once into `s3-credentials.json` there (mode 0600),
 * and hands the workers and APIs its endpoint and that file. Undefined when not asked for.
 */
export async function startEmbeddedS3(
  config: Config,
  log: (msg: string) => void,
): Promise<(Service & { env: NodeJS.ProcessEnv }) | undefined> {
  if (config.CLEARWAY_ARCHIVE_STORE !== 's3' || config.CLEARWAY_ARCHIVE_S3_ENDPOINT) return undefined;
  if (!fs.existsSync(toolPath('weed'))) {
    log(
      'building SeaweedFS for the S3 archive store (scripts/ensure.sh --s3-server; once, several minutes)...',
    );
    const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure.sh'), '--s3-server'], {
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('scripts/ensure.sh --s3-server failed');
  }
  const credentialsFile = path.join(config.dataDir, 's3-credentials.json');
  if (!fs.existsSync(credentialsFile)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const key = {
      accessKeyId: `clearway${crypto.randomBytes(6).toString('hex')}`,
      secretAccessKey: crypto.randomBytes(30).toString('base64url'),
    };
    fs.writeFileSync(credentialsFile, JSON.stringify(key) + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as {
    accessKeyId: string;
    secretAccessKey: string;
  };
  if (await isPortOpen(DEV_S3_PORT))
    throw new Error(`port ${DEV_S3_PORT} (the dev S3 server) is taken: is another 'npm start' running?`);
  const server = await startS3Server({
    s3Port: DEV_S3_PORT,
    dir: path.join(config.dataDir, 's3'),
    ...key,
    logFile: path.join(config.dataDir, 's3.log'),
  });
  log(
    `S3 archive bucket ${config.CLEARWAY_ARCHIVE_S3_BUCKET} on SeaweedFS at ${server.endpoint} (data: ${path.join(config.dataDir, 's3')})`,
  );
  return {
    ...server,
    env: {
      CLEARWAY_ARCHIVE_S3_ENDPOINT: server.endpoint,
      CLEARWAY_ARCHIVE_S3_CREDENTIALS_FILE: credentialsFile,
    },
  };
}
