import type { Config } from '../../../config/env';
import { s3ArchiveStore } from './s3-store';

/**
 * Where an archive document lives. The index row in `case_archive` (PostgreSQL) is always written:
 * it holds what readers and the purge need (kind, country, office, close time, SHA-256, legal hold by
 * join), so neither the scope checks nor the retention decision depend on the store. The document
 * itself is either in that row (`postgres`, the default) or an object in an S3-compatible bucket,
 * named by `object_key` in the row.
 */
export interface ArchiveStore {
  readonly kind: 'postgres' | 's3';
  /** Stores the document; answers what the index row keeps: the document itself or its object key. */
  write(caseId: string, document: string, sha256: string): Promise<StoredDocument>;
  /** The document as stored, undefined when it is gone. */
  read(row: StoredDocument): Promise<string | undefined>;
  /** Removes the document once its row was purged; a row-held document went with the row. */
  remove(row: StoredDocument): Promise<void>;
  /** Ready to write (the bucket exists); called once before the archiver's first pass. */
  prepare(): Promise<void>;
}

export interface StoredDocument {
  document: string | null;
  objectKey: string | null;
}

export const postgresArchiveStore: ArchiveStore = {
  kind: 'postgres',
  write: async (_caseId, document) => ({ document, objectKey: null }),
  read: async (row) => row.document ?? undefined,
  remove: async () => undefined,
  prepare: async () => undefined,
};

/** The store CLEARWAY_ARCHIVE_STORE names, with its settings. */
export function archiveStoreFor(config: Config): ArchiveStore {
  if (config.CLEARWAY_ARCHIVE_STORE === 'postgres') return postgresArchiveStore;
  return s3ArchiveStore({
    bucket: config.CLEARWAY_ARCHIVE_S3_BUCKET!,
    endpoint: config.CLEARWAY_ARCHIVE_S3_ENDPOINT,
    region: config.CLEARWAY_ARCHIVE_S3_REGION,
    pathStyle: config.CLEARWAY_ARCHIVE_S3_PATH_STYLE,
    prefix: config.CLEARWAY_ARCHIVE_S3_PREFIX,
    credentialsFile: config.CLEARWAY_ARCHIVE_S3_CREDENTIALS_FILE,
  });
}

/**
 * The store that holds a given row's document: a row with an object key was written to the bucket
 * and needs the S3 store configured to be read, whatever the node writes to now.
 */
export function storeOf(row: StoredDocument, configured: ArchiveStore): ArchiveStore {
  if (!row.objectKey) return postgresArchiveStore;
  if (configured.kind !== 's3')
    throw new Error(
      `the archive of this case is the object ${row.objectKey} in an S3 bucket: set CLEARWAY_ARCHIVE_STORE=s3 and its CLEARWAY_ARCHIVE_S3_* settings to read it`,
    );
  return configured;
}
