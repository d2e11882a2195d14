import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { REPO_ROOT } from '../../scripts/services';
import { startS3Server, type S3Server } from '../../scripts/s3-server';

/**
 * A real S3-compatible server (SeaweedFS) for one test file, on free loopback ports, its data under
 * `.data/test/`, with a random access key. `env` holds the archive-store settings for that server
 * (the key in a secrets file, as a deployment would keep it); it is filled in beforeAll, so pass
 * the object itself to a stack started after it. `client` talks to the bucket directly, as an
 * operator or an intruder would.
 */
export interface S3Fixture {
  server: S3Server;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  client: S3Client;
  env: NodeJS.ProcessEnv;
}

export function useS3Server(name: string): S3Fixture {
  const fixture = { env: {} as NodeJS.ProcessEnv } as S3Fixture;
  const dir = path.join(REPO_ROOT, '.data', 'test', `s3-${name}-${process.pid}`);
  beforeAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fixture.accessKeyId = `clearway${crypto.randomBytes(6).toString('hex')}`;
    fixture.secretAccessKey = crypto.randomBytes(24).toString('base64url');
    fixture.bucket = `clearway-${name}`;
    fixture.server = await startS3Server({
      dir: path.join(dir, 'data'),
      accessKeyId: fixture.accessKeyId,
      secretAccessKey: fixture.secretAccessKey,
      logFile: path.join(dir, 'weed.log'),
    });
    const credentialsFile = path.join(dir, 's3-credentials.json');
    fs.writeFileSync(
      credentialsFile,
      JSON.stringify({ accessKeyId: fixture.accessKeyId, secretAccessKey: fixture.secretAccessKey }),
      { mode: 0o600 },
    );
    Object.assign(fixture.env, {
      CLEARWAY_ARCHIVE_STORE: 's3',
      CLEARWAY_ARCHIVE_S3_ENDPOINT: fixture.server.endpoint,
      CLEARWAY_ARCHIVE_S3_BUCKET: fixture.bucket,
      CLEARWAY_ARCHIVE_S3_REGION: fixture.server.region,
      CLEARWAY_ARCHIVE_S3_CREDENTIALS_FILE: credentialsFile,
    });
    fixture.client = new S3Client({
      endpoint: fixture.server.endpoint,
      region: fixture.server.region,
      forcePathStyle: true,
      credentials: { accessKeyId: fixture.accessKeyId, secretAccessKey: fixture.secretAccessKey },
    });
  }, 120_000);
  afterAll(async () => {
    fixture.client?.destroy();
    await fixture.server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return fixture;
}
