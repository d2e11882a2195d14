import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { REQUEST_ID_HEADER } from '../../../contracts/observability';

/**
 * One id per API request, followed into Temporal: the API takes a caller's `X-Request-Id` (when it
 * is a plain token) or makes one, answers with it, and logs it on every line of the request. The
 * Temporal client's interceptor below puts it on what the request sends to a workflow (a header,
 * and the memo of a workflow it starts); the workflows' interceptor (workflows/interceptors.ts)
 * hands it on to the activities they schedule, whose log lines carry it (activity-interceptor.ts).
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

const ACCEPTED = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && ACCEPTED.test(given) ? given : crypto.randomUUID();
}

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function requestIdOf(headers: Headers | undefined): string | undefined {
  const p = headers?.[REQUEST_ID_HEADER];
  if (!p) return undefined;
  const v = defaultPayloadConverter.fromPayload<unknown>(p);
  return typeof v === 'string' ? v : undefined;
}

function withRequestId<I extends { headers: Headers }>(input: I): I {
  const requestId = currentRequestId();
  if (!requestId) return input;
  return {
    ...input,
    headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) },
  };
}

/** The API's Temporal client interceptor: the current request's id on starts, signals and updates. */
export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  async start(input, next) {
    const requestId = currentRequestId();
    if (!requestId) return next(input);
    return next({
      ...withRequestId(input),
      options: { ...input.options, memo: { ...input.options.memo, requestId } },
    });
  },
  async signal(input, next) {
    return next(withRequestId(input));
  },
  async signalWithStart(input, next) {
    return next(withRequestId(input));
  },
  async startUpdate(input, next) {
    return next(withRequestId(input));
  },
};
