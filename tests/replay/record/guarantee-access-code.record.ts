import {
  guaranteeView,
  releaseGuarantee,
  reserveGuarantee,
  revokeGuarantee,
  type ReserveRequest,
} from '../../../contracts';
import { eventually } from '../../support/temporal';
import {
  freshGrn,
  freshMrn,
  guaranteeRegistration,
  rejection,
  send,
  startGuarantee,
} from '../../workflows/transit-helpers';
import { inOwnEnv, save } from './save';

/** Runs since `guarantee-access-code-lockout`: wrong access codes counted, the guarantee locked. */
const MINUTE = 60_000;
const request = (accessCode: string, mrn = freshMrn()): ReserveRequest => ({
  mrn,
  amount: '500.00',
  currency: 'USD',
  accessCode,
  countries: ['CN', 'KZ', 'KG'],
  offices: ['CNURU001', 'KGBIS001'],
});

test('guarantee: wrong access codes lock it, the right code refused while locked, reserved after the lock, revoked, released, closed', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(freshGrn()), {
      codeLockout: { attempts: 3, lockMs: 15 * MINUTE },
    });
    for (const code of ['0001', '0002', '0003'])
      expect(await rejection(g, reserveGuarantee, request(code))).toMatch(/wrong access code/);
    expect(await rejection(g, reserveGuarantee, request('7391'))).toMatch(/locked/);
    await eventually(
      () => g.query(guaranteeView),
      (v) => v.timeline.some((e) => e.type === 'access-code-locked'),
    );
    await env.sleep(16 * MINUTE);
    const mrn = freshMrn();
    await send(g, reserveGuarantee, request('7391', mrn));
    await g.signal(revokeGuarantee, { reason: 'guarantor withdrew', by: 'supervisor' });
    await eventually(
      () => g.query(guaranteeView),
      (v) => v.state === 'REVOKED',
    );
    await send(g, releaseGuarantee, mrn);
    await eventually(
      () => g.describe(),
      (d) => d.status.name !== 'RUNNING',
    );
    const final = await g.query(guaranteeView);
    expect(final.timeline.map((e) => e.state ?? e.type)).toEqual([
      'ACTIVE',
      'access-code-locked',
      'REVOKED',
      'REVOKED',
    ]);
    await save(env, 'guarantee-access-code-locked', g);
  });
});
