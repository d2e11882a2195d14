import { retryEvent, retryRefusal, stepFailedEvent, type FailedStep } from '../../domain/failed-step';

/** The step-failed and retry entries and the retry's refusal every process shares (issue 13, point 5). */
const failed: FailedStep = {
  step: 'read-model write',
  reason: 'PostgreSQL refused the data (SQLSTATE 22021): invalid byte sequence',
  dataError: true,
};

test('a failed step is a step-failed entry naming the step and the reason, cut to 500 characters', () => {
  expect(stepFailedEvent('ACCEPTED', failed)).toEqual({
    type: 'step-failed',
    state: 'ACCEPTED',
    actor: 'system',
    reason: 'read-model write failed: PostgreSQL refused the data (SQLSTATE 22021): invalid byte sequence',
    data: { step: 'read-model write', dataError: true },
  });
  expect(stepFailedEvent('ACTIVE', { ...failed, reason: 'x'.repeat(900) }).reason).toHaveLength(500);
});

test('a retry applies only to a case stuck on a failed step, and names the step it runs again', () => {
  expect(retryRefusal(undefined, 'RELEASED_FOR_TRANSIT', false)).toBe(
    'retry applies to a case stuck on a failed step; the case is RELEASED_FOR_TRANSIT',
  );
  expect(retryRefusal(undefined, 'UNDER_CONTROL', true)).toMatch(/and stuck on its SLA$/);
  expect(retryRefusal(failed, 'ACCEPTED', true)).toBeUndefined();
  const a = { signal: 'retry', reason: 'constraint dropped', actor: 'sup-1', role: 'supervisor' } as const;
  expect(retryEvent('ACCEPTED', a, failed)).toEqual({
    type: 'retry',
    state: 'ACCEPTED',
    actor: 'sup-1',
    reason: 'constraint dropped',
    data: { step: 'read-model write' },
  });
});
