import {
  clearance,
  freshLrn,
  officer,
  stack,
  treasury,
  useClearanceStack,
  viewWhen,
} from '../support/clearance';
import { example } from '../support/examples';

useClearanceStack('e2e-amendments');

test('amendments over HTTP: accepted before release, refused (409) after', async () => {
  const body = { ...(example('declaration-import.json') as any), lrn: freshLrn('amend') };
  const lodged = await stack.request('POST', '/v1/declarations', { token: clearance, body });
  const mrn = lodged.body.mrn;
  await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');
  const bad = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, {
    token: clearance,
    body: { reason: 'x', changes: { items: [{ ...body.items[0], hsCode: '8471999999' }, body.items[1]] } },
  });
  expect(bad.status).toBe(400);
  // Each section is valid, the merged declaration is not: refused at the door, nothing reaches the case.
  const broken = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, {
    token: clearance,
    body: { reason: 'typo', changes: { invoice: { ...body.invoice, amount: '1.00' } } },
  });
  expect(broken.status).toBe(409);
  expect(broken.body.message).toMatch(
    /amended declaration not valid: .*invoice amount 1.00 differs from the sum of item invoice amounts/,
  );
  const ok = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, {
    token: clearance,
    body: {
      reason: 'vehicle changed',
      changes: { transport: { ...body.transport, vehicleRegistration: 'KZ777AAA02' } },
    },
  });
  expect(ok.status).toBe(200);
  const due = await viewWhen(
    mrn,
    (v) => v.amendments === 1 && v.state === 'AWAITING_PAYMENT' && v.risk.round === 2,
    officer,
  );
  await stack.request('POST', `/v1/declarations/${mrn}/payments`, {
    token: treasury,
    body: { reference: 'P-1', amount: due.duties.totals.total, currency: 'KZT' },
  });
  await viewWhen(mrn, (v) => v.state === 'RELEASED');
  const late = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, {
    token: clearance,
    body: { reason: 'late', changes: { incoterm: 'CIF' } },
  });
  expect(late.status).toBe(409);
  expect(late.body.message).toMatch(/cannot be amended once RELEASED/);
});
