import crypto from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  archivePass,
  archiveStoreFor,
  archivedHistories,
  readArchivedCase,
  type ArchiveStore,
} from '../../apps/shared/archive';
import { archivedRunsOf, historiesOf } from '../../apps/cli/archive';
import { replayHistories } from '../../apps/shared/histories';
import { stack, useClearanceStack } from '../support/clearance';
import { useS3Server } from '../support/s3-server';
import { bundlePath } from '../support/temporal';
import { archivedCase, closedDeclaration, purgeFromTemporal } from '../support/archive';

/**
 * Issue 19, point 5, with the archive in an S3-compatible bucket: SeaweedFS, a real S3 server
 * (tests/support/s3-server.ts), not a fake. Runs with CLEARWAY_S3_SERVER=1 (`npm run test:s3`, and
 * in .ci/run), which also builds the server. The API and the archiver read the key from a secrets
 * file; the CLI side from the standard AWS variables.
 */
const s3 = useS3Server('archive-s3');
useClearanceStack('e2e-archive-s3', s3.env);

let store: ArchiveStore;
const cliEnv = [
  'CLEARWAY_ARCHIVE_STORE',
  'CLEARWAY_ARCHIVE_S3_ENDPOINT',
  'CLEARWAY_ARCHIVE_S3_BUCKET',
] as const;
beforeAll(() => {
  store = archiveStoreFor(stack.config);
  for (const k of cliEnv) process.env[k] = s3.env[k];
  process.env.AWS_ACCESS_KEY_ID = s3.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.secretAccessKey;
});
afterAll(() => {
  for (const k of [...cliEnv, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[k];
});

const objectText = async (key: string) =>
  (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToString();

test('a closed case archived into the bucket, purged from Temporal, is exported and replayed from it; its hash verifies, a tampered object does not', async () => {
  const { caseId, handle, live, admin } = await closedDeclaration('E2E-ARCH-S3');

  // The archiver's pass with the bucket as store (it creates the bucket on its first write).
  const archived = await archivedCase(caseId, store);
  expect(archived).toMatchObject({ kind: 'declaration', country: 'KZ', status: 'COMPLETED', verified: true });
  // The index row in PostgreSQL names the object; the document itself is only in the bucket.
  const row = (
    await stack.pool.query('SELECT document, object_key, sha256 FROM case_archive WHERE case_id = $1', [
      caseId,
    ])
  ).rows[0];
  expect(row).toMatchObject({ document: null, object_key: `${caseId}.json` });
  const original = await objectText(row.object_key);
  expect(crypto.createHash('sha256').update(original).digest('hex')).toBe(row.sha256);
  // A real S3 server: a wrong secret is refused.
  const intruder = new S3Client({
    endpoint: s3.server.endpoint,
    region: s3.server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: 'not-the-secret' },
  });
  await expect(
    intruder.send(new GetObjectCommand({ Bucket: s3.bucket, Key: row.object_key })),
  ).rejects.toThrow();
  intruder.destroy();

  await purgeFromTemporal(handle);

  // The API's export reads the bucket: the same events as Temporal gave while it had the case.
  const fromArchive = await stack.request('GET', `/v1/cases/${caseId}/history`, { token: admin });
  expect(fromArchive.status).toBe(200);
  expect(fromArchive.body).toMatchObject({
    caseId,
    source: 'archive',
    archive: { verified: true, sha256: row.sha256 },
  });
  expect(fromArchive.body.history).toEqual(live.body.history);
  // The CLI's export and replay path (`clearway history export`, `clearway replay`), keyed by the AWS variables.
  const exported = await historiesOf(stack.client, caseId);
  expect(exported).toHaveLength(1);
  const replay = await replayHistories(exported, {
    workflowBundle: { codePath: bundlePath() },
    dataConverter: stack.client.options.dataConverter,
  });
  expect(replay).toMatchObject({ replayed: 1, identical: 1, diverged: [] });
  expect(archivedHistories(archived)).toHaveLength(1);

  // Someone with the bucket's key rewrites the object: every reader sees it no longer verifies.
  const doc = JSON.parse(original);
  doc.timeline.push({ type: 'state', state: 'RELEASED' });
  await s3.client.send(
    new PutObjectCommand({ Bucket: s3.bucket, Key: row.object_key, Body: JSON.stringify(doc) }),
  );
  expect((await readArchivedCase(stack.pool, caseId, store))?.verified).toBe(false);
  const tampered = await stack.request('GET', `/v1/cases/${caseId}/history`, { token: admin });
  expect(tampered.body.archive).toMatchObject({ verified: false, sha256: row.sha256 });
  await expect(archivedRunsOf(caseId)).rejects.toThrow(/does not verify/);

  // Retention still decides on PostgreSQL rows: a legal hold keeps the object, lifted it goes.
  await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: row.object_key, Body: original }));
  expect((await readArchivedCase(stack.pool, caseId, store))?.verified).toBe(true);
  expect(
    (
      await stack.request('PUT', `/v1/cases/${caseId}/legal-hold`, {
        token: admin,
        body: { reason: 'court order 2026/118' },
      })
    ).status,
  ).toBe(200);
  await stack.pool.query(
    `UPDATE case_archive SET closed_at = now() - interval '400 days' WHERE case_id = $1`,
    [caseId],
  );
  await archivePass({ pool: stack.pool, client: stack.client, store }, { retentionDays: 365 });
  expect(await objectText(row.object_key)).toBe(original);
  expect((await stack.request('DELETE', `/v1/cases/${caseId}/legal-hold`, { token: admin })).status).toBe(
    200,
  );
  await archivePass({ pool: stack.pool, client: stack.client, store }, { retentionDays: 365 });
  expect(await readArchivedCase(stack.pool, caseId, store)).toBeUndefined();
  await expect(
    s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: row.object_key })),
  ).rejects.toThrow();
});
