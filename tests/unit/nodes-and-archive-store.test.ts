import {
  REGION_ADMINISTRATIONS,
  parseAdministrations,
  servedAdministrations,
} from '../../config/administrations';
import { ConfigError, loadConfig } from '../../config/env';
import { refuseUnserved } from '../../apps/api/common/served';
import { ValidationFailed } from '../../apps/api/common/errors';
import { archiveStoreFor, postgresArchiveStore, storeOf } from '../../apps/shared/archive/store';
import { objectKeyOf } from '../../apps/shared/archive/s3-store';
import { planNodes } from '../../scripts/nodes';

describe('CLEARWAY_ADMINISTRATIONS', () => {
  test('unset serves the whole region; a list serves its codes, upper-cased, once each', () => {
    expect([...servedAdministrations({})].sort()).toEqual([...REGION_ADMINISTRATIONS]);
    expect([...servedAdministrations({ CLEARWAY_ADMINISTRATIONS: ' kz, CN,KZ ' })]).toEqual(['KZ', 'CN']);
  });

  test('a code outside the region, or an empty list, stops start-up naming the variable', () => {
    expect(() => parseAdministrations('KZ,RU,XX')).toThrow('RU, XX: not an administration of the region');
    expect(() => parseAdministrations(' , ')).toThrow('names no administration');
    expect(() => loadConfig({ CLEARWAY_ADMINISTRATIONS: 'KZ,RU' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLEARWAY_ADMINISTRATIONS: 'KZ,RU' })).toThrow(/CLEARWAY_ADMINISTRATIONS: RU/);
  });

  test('a case at an office of an unserved country is a 400 naming the field', () => {
    const served = servedAdministrations({ CLEARWAY_ADMINISTRATIONS: 'CN' });
    expect(() => refuseUnserved(served, 'CN', 'officeOfDeclaration')).not.toThrow();
    let refused: unknown;
    try {
      refuseUnserved(served, 'KZ', 'officeOfDeclaration');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).issues).toEqual([
      expect.objectContaining({ path: 'officeOfDeclaration', code: 'not_served' }),
    ]);
  });
});

describe('clearway start --nodes', () => {
  test('a database, namespace, task queue, port and data directory per node, in the order given', () => {
    const nodes = planNodes('kz,CN', {
      databaseUrl: 'postgres://u:p@127.0.0.1:5432/clearway?sslmode=disable',
      port: 3000,
      dataDir: '/data',
    });
    expect(nodes.map((n) => n.env)).toEqual([
      {
        CLEARWAY_ADMINISTRATIONS: 'KZ',
        TEMPORAL_NAMESPACE: 'clearway-kz',
        TEMPORAL_TASK_QUEUE: 'clearance-kz',
        DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/clearway_kz?sslmode=disable',
        PORT: '3000',
        CLEARWAY_DATA_DIR: '/data/nodes/kz',
      },
      {
        CLEARWAY_ADMINISTRATIONS: 'CN',
        TEMPORAL_NAMESPACE: 'clearway-cn',
        TEMPORAL_TASK_QUEUE: 'clearance-cn',
        DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/clearway_cn?sslmode=disable',
        PORT: '3001',
        CLEARWAY_DATA_DIR: '/data/nodes/cn',
      },
    ]);
    expect(() => planNodes('KZ,DE', { databaseUrl: 'postgres://x/y', port: 1, dataDir: '/d' })).toThrow(
      'DE: not an administration',
    );
  });
});

describe('archive store', () => {
  test('PostgreSQL by default; s3 needs a bucket', () => {
    expect(archiveStoreFor(loadConfig({}))).toBe(postgresArchiveStore);
    expect(() => loadConfig({ CLEARWAY_ARCHIVE_STORE: 's3' })).toThrow(/CLEARWAY_ARCHIVE_S3_BUCKET/);
    const s3 = archiveStoreFor(
      loadConfig({ CLEARWAY_ARCHIVE_STORE: 's3', CLEARWAY_ARCHIVE_S3_BUCKET: 'archive' }),
    );
    expect(s3.kind).toBe('s3');
  });

  test('a row names its own store: one in the bucket cannot be read without the S3 settings', () => {
    expect(storeOf({ document: '{}', objectKey: null }, postgresArchiveStore)).toBe(postgresArchiveStore);
    expect(() => storeOf({ document: null, objectKey: 'declaration/X.json' }, postgresArchiveStore)).toThrow(
      /CLEARWAY_ARCHIVE_STORE=s3/,
    );
    expect(objectKeyOf('clearway/', 'declaration/26KZ0001')).toBe('clearway/declaration/26KZ0001.json');
  });

  test('a credentials file that is not JSON is named, its content never quoted', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cw-s3-')), 'creds.json');
    fs.writeFileSync(file, 'AKIASECRETVALUE not json');
    const config = loadConfig({
      CLEARWAY_ARCHIVE_STORE: 's3',
      CLEARWAY_ARCHIVE_S3_BUCKET: 'archive',
      CLEARWAY_ARCHIVE_S3_CREDENTIALS_FILE: file,
    });
    let message = '';
    try {
      archiveStoreFor(config);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(file);
    expect(message).not.toContain('AKIASECRETVALUE');
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
