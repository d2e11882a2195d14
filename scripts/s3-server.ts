import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort, stopChild, toolPath, waitForPort, type Service } from './services';

/**
 * SeaweedFS (`weed`, built by `scripts/ensure.sh --s3-server`) as a real S3-compatible server on
 * loopback: master, volume server, filer and S3 gateway in one process, every port a free one, its
 * data under `dir`. The S3 gateway takes the one access key it is started with (an admin identity
 * from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in its environment) and refuses unsigned or
 * wrongly-signed requests. Telemetry, IAM, WebDAV and the table catalogs stay off.
 */
export interface S3ServerOptions {
  dir: string;
  accessKeyId: string;
  secretAccessKey: string;
  logFile?: string;
  /** The S3 gateway's port; unset: a free one. */
  s3Port?: number;
}

export interface S3Server extends Service {
  endpoint: string;
  region: string;
}

export async function startS3Server(opts: S3ServerOptions): Promise<S3Server> {
  const bin = toolPath('weed');
  if (!fs.existsSync(bin))
    throw new Error(
      `SeaweedFS not found at ${bin}: run scripts/ensure.sh --s3-server (several minutes, once)`,
    );
  fs.mkdirSync(opts.dir, { recursive: true });
  const ports: number[] = [];
  // Distinct free ports: the OS may hand the same one twice when each is released before the next ask.
  while (ports.length < 7) {
    const p = await freePort();
    if (!ports.includes(p) && p !== opts.s3Port) ports.push(p);
  }
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3Grpc] = ports;
  const s3 = opts.s3Port ?? (await freePort());
  const args = [
    'server',
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-dir=${opts.dir}`,
    `-master.port=${master}`,
    `-master.port.grpc=${masterGrpc}`,
    '-master.telemetry=false',
    '-master.volumeSizeLimitMB=64',
    '-volume.max=16',
    `-volume.port=${volume}`,
    `-volume.port.grpc=${volumeGrpc}`,
    '-filer',
    `-filer.port=${filer}`,
    `-filer.port.grpc=${filerGrpc}`,
    '-s3',
    `-s3.port=${s3}`,
    `-s3.port.grpc=${s3Grpc}`,
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
  ];
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(bin, args, {
    stdio: ['ignore', out, out],
    detached: true,
    env: { ...process.env, AWS_ACCESS_KEY_ID: opts.accessKeyId, AWS_SECRET_ACCESS_KEY: opts.secretAccessKey },
  });
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const server: S3Server = {
    name: 's3',
    endpoint: `http://127.0.0.1:${s3}`,
    region: 'us-east-1',
    stop: () => stopChild(child),
  };
  try {
    await waitForPort(s3, 60_000, 'SeaweedFS S3 gateway', child);
    await untilServing(server, opts, () => child.exitCode);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/** The gateway listens before its filer and volume server are up: ready once a signed listing answers. */
async function untilServing(s: S3Server, opts: S3ServerOptions, exited: () => number | null): Promise<void> {
  const client = new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: true,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
  });
  const deadline = Date.now() + 60_000;
  let last: unknown;
  try {
    while (Date.now() < deadline) {
      if (exited() !== null) throw new Error(`SeaweedFS exited with code ${exited()}`);
      try {
        await client.send(new ListBucketsCommand({}));
        return;
      } catch (err) {
        last = err;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    throw new Error(`SeaweedFS S3 gateway not serving within 60 s: ${(last as Error)?.message}`);
  } finally {
    client.destroy();
  }
}
