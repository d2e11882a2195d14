import fs from 'node:fs';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { ArchiveStore } from './store';

export interface S3ArchiveSettings {
  bucket: string;
  /** An S3-compatible server's URL; unset: AWS itself. */
  endpoint?: string;
  region: string;
  /** `http://host/bucket/key` rather than `http://bucket.host/key`: what most S3-compatible servers want. */
  pathStyle: boolean;
  prefix: string;
  /** JSON `{"accessKeyId": ..., "secretAccessKey": ...}`; unset: the AWS SDK's own chain (AWS_* variables). */
  credentialsFile?: string;
}

/** The object of a case: `<prefix><kind>/<id>.json`, one per case (a case id is `kind/id`). */
export const objectKeyOf = (prefix: string, caseId: string) => `${prefix}${caseId}.json`;

/**
 * Archive documents as objects in an S3-compatible bucket. A closed case's document is deterministic
 * (its histories and timeline no longer change), so two archivers racing on one case write the same
 * bytes to the same key, and the index row, written once, holds the SHA-256 every read is checked
 * against: an object changed in the bucket no longer verifies.
 */
export function s3ArchiveStore(s: S3ArchiveSettings): ArchiveStore {
  const client = new S3Client({
    region: s.region,
    forcePathStyle: s.pathStyle,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.credentialsFile ? { credentials: credentialsFrom(s.credentialsFile) } : {}),
    // The SDK's default CRC checksums on every request are not spoken by every S3-compatible server;
    // the archive's own SHA-256 is what is verified.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    kind: 's3',
    async write(caseId, document, sha256) {
      const key = objectKeyOf(s.prefix, caseId);
      await client.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: key,
          Body: document,
          ContentType: 'application/json',
          Metadata: { sha256 },
        }),
      );
      return { document: null, objectKey: key };
    },
    async read(row) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: row.objectKey! }));
        return await res.Body!.transformToString('utf8');
      } catch (err) {
        if (notFound(err)) return undefined;
        throw err;
      }
    },
    async remove(row) {
      await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: row.objectKey! }));
    },
    async prepare() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: s.bucket }));
      } catch (err) {
        if (!notFound(err)) throw err;
        await client.send(new CreateBucketCommand({ Bucket: s.bucket }));
      }
    },
  };
}

const notFound = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound');

/** The secrets file's keys; read once, never logged (an error names the file, not its content). */
function credentialsFrom(file: string): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  // No parse error is passed on: V8 quotes the text it failed on, and that text is the secret.
  let parsed: { accessKeyId?: unknown; secretAccessKey?: unknown; sessionToken?: unknown } | undefined;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object')
    throw new Error(`CLEARWAY_ARCHIVE_S3_CREDENTIALS_FILE ${file}: not a readable JSON object`);
  if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string')
    throw new Error(`CLEARWAY_ARCHIVE_S3_CREDENTIALS_FILE ${file}: needs accessKeyId and secretAccessKey`);
  return {
    accessKeyId: parsed.accessKeyId,
    secretAccessKey: parsed.secretAccessKey,
    ...(typeof parsed.sessionToken === 'string' ? { sessionToken: parsed.sessionToken } : {}),
  };
}
