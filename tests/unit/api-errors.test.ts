import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ApiErrorFilter, isUnavailable } from '../../apps/api/common/errors';

/** The API's error shape for backing services that cannot answer: 503, never a 500. */
function answer(err: unknown): { status: number; body: { error: string; message: string } } {
  const out = { status: 0, body: { error: '', message: '' } };
  const res = {
    status(code: number) {
      out.status = code;
      return res;
    },
    json(body: { error: string; message: string }) {
      out.body = body;
      return res;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new ApiErrorFilter().catch(err, host);
  return out;
}

// The shape @temporalio/client throws for a query on a case whose task queue no worker polls.
const noPoller = Object.assign(new Error('Failed to query Workflow'), {
  cause: Object.assign(
    new Error('9 FAILED_PRECONDITION: no poller seen for task queue recently, worker may be down'),
    { code: 9 },
  ),
});

test('a query no worker can answer, Temporal down, PostgreSQL down: 503 with a clear message', () => {
  for (const err of [
    noPoller,
    Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }),
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection'), { code: '57P01' }),
  ]) {
    expect(isUnavailable(err)).toBe(true);
    const { status, body } = answer(err);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      error: 'unavailable',
      message: expect.stringMatching(/unavailable; retry later/),
    });
  }
});

test('another FAILED_PRECONDITION is not mistaken for an outage', () => {
  const other = Object.assign(new Error('x'), {
    cause: Object.assign(new Error('9 FAILED_PRECONDITION: namespace is not active'), { code: 9 }),
  });
  expect(isUnavailable(other)).toBe(false);
  // Logged through Nest's logger, which the API points at its pino logger (apps/api/app.ts).
  const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  expect(answer(other).status).toBe(500);
  expect(spy).toHaveBeenCalledWith(other);
  spy.mockRestore();
});
