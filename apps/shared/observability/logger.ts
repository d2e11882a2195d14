import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { Config } from '../../../config/env';
import { currentRequestId } from './request-id';

export type { Pino };

/**
 * Keys whose values never reach a log line, at any depth: credentials, keys, and the personal and
 * commercial data a declaration carries (parties' names and TINs, invoice numbers). A value under
 * such a key is replaced by `[redacted]`; the key stays, so a reader still sees what was there.
 */
const SECRET_KEY = /(authorization|cookie|password|secret|token|access-?code|keys?)$/i;
const PERSONAL_KEY =
  /^(declarant|importer|exporter|consignor|consignee|carrier|holder|representative|name|tin|\w*Tin|invoice|invoiceNumber|vehicleRegistration|documents)$/;
export const REDACTED = '[redacted]';

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: value.message, stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  // Requests, responses and the like are left to pino's serializers, which pick safe fields.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) || PERSONAL_KEY.test(k) ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  /** `api`, `worker`, `cli`: the `service` field of every line. */
  service: string;
  /** Where lines go; standard output when absent (tests pass a capturing stream). */
  destination?: DestinationStream;
}

/**
 * The one logger of a process: JSON lines (`level`, `time`, `service`, `requestId`, `msg`, fields), at
 * LOG_LEVEL, redacted by key. On a terminal in development the lines go through pino-pretty
 * instead, for a person reading them; never in production, never when piped (a collector reads JSON).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>, opts: LoggerOptions): Pino {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: opts.service },
    // Inside an API request or an activity that one caused, every line names the request.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactDeep(obj) as Record<string, unknown>,
    },
  };
  if (opts.destination) return pino(options, opts.destination);
  if (process.stdout.isTTY && config.NODE_ENV === 'development')
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(options);
}

const SDK_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger interface over pino: what the Runtime logs (worker lifecycle, workflow
 * and activity context loggers, with their workflow and activity fields) becomes pino lines. The
 * SDK's lifecycle chatter is at INFO; it goes out at debug so LOG_LEVEL=info keeps a quiet worker.
 */
export function sdkLogger(log: Pino): SdkLogger {
  const emit = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const lifecycle = level === 'INFO' && meta?.sdkComponent === 'worker';
    log[lifecycle ? 'debug' : SDK_LEVELS[level]]({ ...meta, sdk: true }, message);
  };
  return {
    log: emit,
    trace: (m, meta) => emit('TRACE', m, meta),
    debug: (m, meta) => emit('DEBUG', m, meta),
    info: (m, meta) => emit('INFO', m, meta),
    warn: (m, meta) => emit('WARN', m, meta),
    error: (m, meta) => emit('ERROR', m, meta),
  };
}
