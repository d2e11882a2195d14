import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config/env';
import {
  SERVER_GOGC,
  TEMPORAL_DATABASES,
  checkShardCount,
  dynamicConfig,
  pgTargetFromUrl,
  schemaSteps,
  serverConfig,
  serverPortsFor,
  sqlToolArgs,
} from '../../config/temporal-server';
import { uiConfig } from '../../config/temporal-ui';
import { toYaml } from '../../config/yaml';
import { startSettings } from '../../apps/cli/commands/start';
import { temporalKinds } from '../../bench/support/temporal';
import { COMPOSE_TEMPORAL_DIR, composeTemporalFiles } from '../../scripts/compose-temporal';

const pg = pgTargetFromUrl('postgres://clearway:p%40ss@127.0.0.1:54329/clearway');

test('CLEARWAY_TEMPORAL: dev by default, server on request, anything else refused naming the variable', () => {
  expect(loadConfig({}).CLEARWAY_TEMPORAL).toBe('dev');
  expect(loadConfig({ CLEARWAY_TEMPORAL: 'server' }).CLEARWAY_TEMPORAL).toBe('server');
  expect(loadConfig({}).TEMPORAL_HISTORY_SHARDS).toBe(8);
  expect(loadConfig({}).TEMPORAL_TASK_QUEUE_PARTITIONS).toBe(1);
  expect(() => loadConfig({ CLEARWAY_TEMPORAL: 'prod' })).toThrow(ConfigError);
  expect(() => loadConfig({ CLEARWAY_TEMPORAL: 'prod' })).toThrow(/CLEARWAY_TEMPORAL/);
  expect(() => loadConfig({ TEMPORAL_HISTORY_SHARDS: '0' })).toThrow(/TEMPORAL_HISTORY_SHARDS/);
});

test('clearway start: --temporal overrides the variable through the same schema; --workers is 1..32', () => {
  expect(startSettings({}, {}).config.CLEARWAY_TEMPORAL).toBe('dev');
  expect(startSettings({}, { CLEARWAY_TEMPORAL: 'server' }).config.CLEARWAY_TEMPORAL).toBe('server');
  expect(startSettings({ temporal: 'server' }, { CLEARWAY_TEMPORAL: 'dev' }).config.CLEARWAY_TEMPORAL).toBe(
    'server',
  );
  expect(() => startSettings({ temporal: 'cluster' }, {})).toThrow(/CLEARWAY_TEMPORAL/);
  expect(startSettings({ workers: '3' }, {}).workers).toBe(3);
  expect(startSettings({}, {}).workers).toBe(1);
  for (const bad of ['0', '1.5', 'two', '33'])
    expect(() => startSettings({ workers: bad }, {})).toThrow(/--workers/);
});

test('ports follow the frontend port in the customary layout, and a port that cannot fit is refused', () => {
  expect(serverPortsFor(7233)).toEqual({
    frontend: 7233,
    frontendHttp: 7243,
    frontendMembership: 6933,
    history: 7234,
    historyMembership: 6934,
    matching: 7235,
    matchingMembership: 6935,
    worker: 7239,
    workerMembership: 6939,
  });
  expect(serverPortsFor(17233).history).toBe(17234);
  expect(() => serverPortsFor(200)).toThrow(/offset/);
});

test('server config: PostgreSQL stores for both databases, the shard count, loopback binding and 127.0.0.1 broadcast', () => {
  const c = serverConfig({
    shards: 8,
    ports: serverPortsFor(7233),
    pg,
    dynamicConfigFile: '/d/dynamic.yaml',
    loopbackOnly: true,
  });
  expect(c.persistence.numHistoryShards).toBe(8);
  expect(c.persistence.datastores.default.sql).toMatchObject({
    pluginName: 'postgres12_pgx',
    databaseName: 'temporal',
    connectAddr: '127.0.0.1:54329',
    user: 'clearway',
    password: 'p@ss',
  });
  expect(c.persistence.datastores.visibility.sql).toMatchObject({
    pluginName: 'postgres12_pgx',
    databaseName: 'temporal_visibility',
  });
  expect(c.global.membership.broadcastAddress).toBe('127.0.0.1');
  for (const svc of Object.values(c.services)) expect(svc.rpc).toMatchObject({ bindOnLocalHost: true });
  expect(c.services.frontend.rpc).toMatchObject({ grpcPort: 7233, membershipPort: 6933, httpPort: 7243 });
  expect(c.clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:7233');
  expect(c.dynamicConfigClient.filepath).toBe('/d/dynamic.yaml');
  const container = serverConfig({
    shards: 16,
    ports: serverPortsFor(7233),
    pg,
    dynamicConfigFile: 'x',
    loopbackOnly: false,
  });
  // In a container only the frontend listens beyond loopback: the others have no authentication.
  expect(container.services.frontend.rpc).toMatchObject({ bindOnIP: '0.0.0.0' });
  for (const svc of ['history', 'matching', 'worker'] as const)
    expect(container.services[svc].rpc).toMatchObject({ bindOnLocalHost: true });
  expect(container.persistence.numHistoryShards).toBe(16);
  // Membership ports are a PostgreSQL smallint: the server would die at start; say so before.
  expect(() =>
    serverConfig({
      shards: 8,
      ports: { ...serverPortsFor(7233), workerMembership: 40_000 },
      pg,
      dynamicConfigFile: 'x',
      loopbackOnly: true,
    }),
  ).toThrow(/at most 32767.*40000/);
});

test('dynamic config: partitions read = write, visibility rate limit raised above 10/s, history cache capped', () => {
  const d = dynamicConfig({ partitions: 2 });
  expect(d['matching.numTaskqueueReadPartitions']).toEqual([{ value: 2 }]);
  expect(d['matching.numTaskqueueWritePartitions']).toEqual([{ value: 2 }]);
  expect(d['frontend.namespaceRPS.visibility'][0].value).toBeGreaterThan(10);
  expect(d['history.hostLevelCacheMaxSize'][0].value).toBeLessThan(128_000);
  expect(dynamicConfig({ partitions: 1, historyCacheMaxSize: 100 })['history.hostLevelCacheMaxSize']).toEqual(
    [{ value: 100 }],
  );
});

test('SQL tool: connection flags without the password (it goes through SQL_PASSWORD); schema steps idempotent', () => {
  const args = sqlToolArgs(pg, 'temporal');
  expect(args).toEqual([
    '--plugin',
    'postgres12',
    '--ep',
    '127.0.0.1',
    '-p',
    '54329',
    '-u',
    'clearway',
    '--db',
    'temporal',
  ]);
  expect(args.join(' ')).not.toContain('p@ss');
  expect(sqlToolArgs(pgTargetFromUrl('postgres://u:p@db:5432/x?sslmode=require'), 'temporal')).toContain(
    '--tls',
  );
  expect(schemaSteps('default', true)).toEqual([
    ['setup-schema', '-v', '0.0'],
    ['update-schema', '-s', 'postgresql/v12/temporal'],
  ]);
  expect(schemaSteps('visibility', false)).toEqual([['update-schema', '-s', 'postgresql/v12/visibility']]);
  expect(TEMPORAL_DATABASES.visibility.name).toBe('temporal_visibility');
});

test('shard count: fixed once recorded; a different count is refused with the way out', () => {
  expect(checkShardCount(undefined, 8)).toBeUndefined();
  expect(checkShardCount(8, 8)).toBeUndefined();
  expect(checkShardCount(8, 16)).toMatch(/TEMPORAL_HISTORY_SHARDS is 16 .* created with 8 shards/);
});

test('toYaml: nested maps, lists of maps, quoted strings and empty values', () => {
  expect(toYaml({ a: { b: 1, c: 'x:y' }, 'k.v': [{ value: true }], l: [1, 'two'], e: [], o: {} })).toBe(
    [
      'a:',
      '  b: 1',
      '  c: "x:y"',
      'k.v:',
      '  - value: true',
      'l:',
      '  - 1',
      '  - "two"',
      'e: []',
      'o: {}',
      '',
    ].join('\n'),
  );
  expect(
    toYaml(
      uiConfig({ temporalAddress: '127.0.0.1:7233', port: 8233, namespace: 'default', loopbackOnly: true }),
    ),
  ).toContain('temporalGrpcAddress: "127.0.0.1:7233"');
});

test('BENCH_TEMPORAL: a comma list of dev and server', () => {
  expect(temporalKinds(undefined)).toEqual(['dev']);
  expect(temporalKinds('dev, server')).toEqual(['dev', 'server']);
  expect(() => temporalKinds('dev,prod')).toThrow(/prod/);
});

test('compose: deploy/temporal/ is what config/temporal-server.ts generates (run `npm run compose:config`)', () => {
  const files = composeTemporalFiles();
  for (const [name, text] of Object.entries(files)) {
    expect(fs.readFileSync(path.join(COMPOSE_TEMPORAL_DIR, name), 'utf8')).toBe(text);
  }
  expect(files['config.yaml']).toMatch(/^# enable-template$/m);
  expect(files['config.yaml']).toContain('password: {{ env "POSTGRES_PASSWORD" | quote }}');
  expect(files['config.yaml']).toContain(`numHistoryShards: ${loadConfig({}).TEMPORAL_HISTORY_SHARDS}`);
  const compose = fs.readFileSync(path.join(COMPOSE_TEMPORAL_DIR, '..', '..', 'docker-compose.yml'), 'utf8');
  expect(compose).toContain('./deploy/temporal/config.yaml:/etc/temporal/config.yaml');
  // The server's GC target is the embedded start's (scripts/temporal-server.ts).
  expect(compose).toContain(`GOGC: \${GOGC:-${SERVER_GOGC}}`);
});

test('compose: the frontend requires client certificates; the UI presents its own, is read-only and published on loopback only', () => {
  const files = composeTemporalFiles();
  expect(files['config.yaml']).toMatch(/requireClientAuth: true/);
  expect(files['config.yaml']).toContain('clientCaFiles:\n          - "/etc/temporal/tls/ca.pem"');
  expect(files['config.yaml']).toMatch(/systemWorker:\n\s+certFile: "\/etc\/temporal\/tls\/worker.pem"/);
  expect(files['ui/clearway.yaml']).toContain('certFile: "/etc/temporal-ui/tls/client.pem"');
  expect(files['ui/clearway.yaml']).toContain('disableWriteActions: true');
  const compose = fs.readFileSync(path.join(COMPOSE_TEMPORAL_DIR, '..', '..', 'docker-compose.yml'), 'utf8');
  expect(compose).toContain("'127.0.0.1:8233:8080'");
  expect(compose).not.toMatch(/'8233:8080'/);
  for (const mount of [
    'certs/temporal:/etc/temporal/tls',
    'certs/ui:/etc/temporal-ui/tls',
    'certs/clearway:/etc/clearway/tls',
  ])
    expect(compose).toContain(mount);
  expect(compose).toContain('TEMPORAL_TLS_CERT: /etc/clearway/tls/client.pem');
  // Private keys are generated (scripts/compose-certs.sh), never committed nor copied into an image.
  const ignored = (file: string) =>
    fs.readFileSync(path.join(COMPOSE_TEMPORAL_DIR, '..', '..', file), 'utf8');
  expect(ignored('.gitignore')).toMatch(/^deploy\/certs\/$/m);
  expect(ignored('.dockerignore')).toMatch(/^deploy\/certs$/m);
});
