import path from 'node:path';
import { z } from 'zod';
import { parseAdministrations } from './administrations';

/**
 * The one schema over the environment. Every process (CLI, API, worker, tests) reads configuration
 * through `loadConfig`, so a bad value stops start-up with the variable named, before anything runs.
 * Embedded services are used only when their address is not given.
 */
const port = z.coerce.number().int().min(1).max(65535);
const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 500ms, 30s, 15m, 4h or 2d');

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  CLEARWAY_DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'expected host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('clearance'),
  /** The administrations this node serves, `KZ,CN`; unset: all of the region's (config/administrations.ts). */
  CLEARWAY_ADMINISTRATIONS: z
    .string()
    .superRefine((v, ctx) => {
      try {
        parseAdministrations(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    })
    .optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TLS_CA: z.string().optional(),
  /**
   * Which embedded Temporal `clearway start` and the test stacks run: `dev` the CLI dev server (one
   * shard on SQLite), `server` the production-mode server on PostgreSQL (docs/operations.md).
   */
  CLEARWAY_TEMPORAL: z.enum(['dev', 'server']).default('dev'),
  /** History shards of the PostgreSQL server: fixed when its database is first set up. */
  TEMPORAL_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16384).default(8),
  /** Task-queue partitions on the PostgreSQL server: one per worker process. */
  TEMPORAL_TASK_QUEUE_PARTITIONS: z.coerce.number().int().min(1).max(64).default(1),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  EMBEDDED_PG_PORT: port.default(54329),
  CLEARWAY_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CLEARWAY_TOKEN_TTL: duration.default('8h'),
  /** The longest lifetime of a token the API accepts (and `clearway token` mints); every token needs `exp`. */
  CLEARWAY_TOKEN_MAX_TTL: duration.default('24h'),
  CLEARWAY_PAYLOAD_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    )
    .optional(),
  CLEARWAY_PAYLOAD_KEYS_PREVIOUS: z.string().optional(),
  /**
   * One random-selection key per administration, `KZ:<secret>,KG:<secret>` (32+ characters each, no
   * commas or spaces). The risk activity draws from an HMAC of the case's seed under its country's
   * key, so a trader who knows the seed (the case id) cannot tell which cases will be drawn.
   */
  CLEARWAY_RISK_SELECTION_KEYS: z
    .string()
    .regex(
      /^[A-Z]{2}:[^,\s]{32,}(,[A-Z]{2}:[^,\s]{32,})*$/,
      'expected CC:<secret>,CC:<secret> with secrets of 32+ characters (no commas or spaces)',
    )
    .optional(),
  CLEARWAY_SLA_DEFAULT: duration.default('4h'),
  /** The partner directory (docs/exchange.md); default `config/partners.json`. */
  CLEARWAY_PARTNERS_FILE: z.string().optional(),
  /** The node's own exchange signing keys (private, Ed25519); required in production, generated on dev. */
  CLEARWAY_EXCHANGE_KEYS_FILE: z.string().optional(),
  /** How far a signed message's time may lie from the receiver's clock, either side. */
  CLEARWAY_EXCHANGE_WINDOW: duration.default('5m'),
  /**
   * The unsigned exchange door (JSON or NCTS XML under a `partner` bearer token) beside the signed
   * one; default: on except in production, where only signed messages are taken.
   */
  CLEARWAY_EXCHANGE_UNSIGNED: z.stringbool().optional(),
  /**
   * Webhooks may point at loopback, private and link-local addresses (refused by default: a webhook
   * is not a way into the deployment's own network). For a receiver on the same host or network:
   * the test harness sets it; docs/operations.md.
   */
  CLEARWAY_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /**
   * Workflows a worker keeps in memory (maxCachedWorkflows). The SDK's default is sized from the heap
   * for about 1.7 MiB a workflow; Clearway's take about 2.2 MiB (docs/benchmarks.md), so the default
   * here is 1000 for a 4 GiB heap. `sdk` leaves the SDK's choice.
   */
  CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS: z
    .union([z.literal('sdk'), z.coerce.number().int().min(0)])
    .default(1000),
  CLEARWAY_HS_FILE: z.string().optional(),
  /** Origins allowed to call the codec server cross-origin (the Temporal UI's); default: the embedded UI's. */
  CLEARWAY_CODEC_ORIGINS: z.string().optional(),
  /**
   * The archiver beside the worker (docs/operations.md, "Archives"): how often it looks for closed
   * cases, and how long an archive is kept (legal holds excepted). Its pass must come well within the
   * namespace's retention; `off` leaves archiving to another worker process.
   */
  CLEARWAY_ARCHIVE_INTERVAL: z.union([z.literal('off'), duration]).default('1m'),
  CLEARWAY_ARCHIVE_RETENTION_DAYS: z.coerce.number().int().min(1).default(3650),
  /**
   * Where archive documents go: `postgres` (the `case_archive` row) or `s3`, an S3-compatible bucket
   * (config/archive-store.ts; credentials from the standard AWS variables or a secrets file).
   */
  CLEARWAY_ARCHIVE_STORE: z.enum(['postgres', 's3']).default('postgres'),
  CLEARWAY_ARCHIVE_S3_ENDPOINT: z.url().optional(),
  CLEARWAY_ARCHIVE_S3_BUCKET: z.string().min(3).optional(),
  CLEARWAY_ARCHIVE_S3_REGION: z.string().min(1).default('us-east-1'),
  CLEARWAY_ARCHIVE_S3_PATH_STYLE: z.stringbool().default(true),
  CLEARWAY_ARCHIVE_S3_PREFIX: z.string().default(''),
  CLEARWAY_ARCHIVE_S3_CREDENTIALS_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /**
   * The worker's `GET /metrics` listener (its counters and the Temporal SDK's runtime metrics): a
   * port, `0` for a free one (logged), unset for none. Several workers on one host need a port each.
   */
  CLEARWAY_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** A second listener for the API's `GET /metrics`, without a token (docs/operations.md); unset: none. */
  CLEARWAY_API_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where the metrics listeners bind: loopback unless the scraper is elsewhere (e.g. 0.0.0.0 in compose). */
  CLEARWAY_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** OpenTelemetry tracing: `off`, `console`, or `otlp` (to OTEL_EXPORTER_OTLP_ENDPOINT). */
  CLEARWAY_OTEL: z.enum(['off', 'console', 'otlp']).default('off'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Env {
  /** Absolute data directory for embedded services and generated dev secrets. */
  dataDir: string;
  /** True when no TEMPORAL_ADDRESS was given and `clearway start` runs Temporal (CLEARWAY_TEMPORAL says which). */
  embeddedTemporal: boolean;
  /** True when no DATABASE_URL was given and embedded PostgreSQL is started by `clearway start`. */
  embeddedPostgres: boolean;
  temporalAddress: string;
  databaseUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export const EMBEDDED_PG = { user: 'clearway', password: 'clearway-dev', database: 'clearway' } as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // Empty strings count as unset: `FOO= npm start` should not be a validation error.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const e = parsed.data;
  if (durationMs(e.CLEARWAY_TOKEN_TTL) > durationMs(e.CLEARWAY_TOKEN_MAX_TTL))
    throw new ConfigError([
      {
        variable: 'CLEARWAY_TOKEN_TTL',
        message: `is longer than CLEARWAY_TOKEN_MAX_TTL (${e.CLEARWAY_TOKEN_MAX_TTL})`,
      },
    ]);
  if (e.CLEARWAY_ARCHIVE_STORE === 's3' && !e.CLEARWAY_ARCHIVE_S3_BUCKET)
    throw new ConfigError([
      { variable: 'CLEARWAY_ARCHIVE_S3_BUCKET', message: 'is required when CLEARWAY_ARCHIVE_STORE=s3' },
    ]);
  if (e.NODE_ENV === 'production') {
    const missing = (
      ['CLEARWAY_AUTH_SECRET', 'CLEARWAY_PAYLOAD_KEY', 'CLEARWAY_RISK_SELECTION_KEYS'] as const
    ).filter((v) => !e[v]);
    if (missing.length)
      throw new ConfigError(missing.map((variable) => ({ variable, message: 'is required in production' })));
  }
  return {
    ...e,
    dataDir: path.resolve(cwd, e.CLEARWAY_DATA_DIR),
    embeddedTemporal: !e.TEMPORAL_ADDRESS,
    embeddedPostgres: !e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT}`,
    databaseUrl:
      e.DATABASE_URL ??
      `postgres://${EMBEDDED_PG.user}:${EMBEDDED_PG.password}@127.0.0.1:${e.EMBEDDED_PG_PORT}/${EMBEDDED_PG.database}`,
  };
}

/** Parses `30s`, `15m`, `4h`, `2d`, `500ms` into milliseconds (validated by the schema above). */
export function durationMs(value: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!m) throw new Error(`not a duration: ${value}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * unit;
}
