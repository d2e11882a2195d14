import { startTestStack, type TestStack, type TestStackOptions } from './api';
import { eventually } from './temporal';

/**
 * One API + worker stack per declaration e2e file, with a declarant (clearance system), an officer
 * of KZALA001 and the KZ treasury (payments). The bindings are live: read them inside tests, after
 * beforeAll ran.
 */
export let stack: TestStack;
export let clearance: string;
export let officer: string;
export let treasury: string;

export function useClearanceStack(name: string, env: NodeJS.ProcessEnv = {}, opts: TestStackOptions = {}) {
  beforeAll(async () => {
    stack = await startTestStack(name, env, opts);
    clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
    officer = stack.token({ role: 'officer', countries: ['KZ'], offices: ['KZALA001'] });
    treasury = stack.token({ role: 'treasury', countries: ['KZ'] });
  });
  afterAll(async () => {
    await stack?.close();
  });
}

export const freshLrn = (tag: string) =>
  `E2E-CLR-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

/** The declaration case view once `ready` holds (30 s at most). */
export async function viewWhen(mrn: string, ready: (v: any) => boolean, token = clearance) {
  const res = await eventually(
    () => stack.request('GET', `/v1/declarations/${mrn}`, { token }),
    (r) => r.status === 200 && ready(r.body),
    30_000,
  );
  expect(res.status).toBe(200);
  return res.body;
}
