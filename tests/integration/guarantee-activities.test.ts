import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { createTransitActivities, createGuaranteeGateway } from '../../activities/transit';
import { TransitDeclarationSchema } from '../../domain/schemas/transit';
import { example } from '../support/examples';

/**
 * Transit activities against the real PostgreSQL and Temporal dev server of the integration harness:
 * outbox writes keyed by message id, the recovery debt from the tariff in PostgreSQL, and the
 * guarantee gateway's answer for a guarantee that was never registered.
 */
let pool: Pool;
let connection: Connection;
let client: Client;
beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  client = new Client({ connection });
});
afterAll(async () => {
  await pool?.end();
  await connection?.close();
});

test('an outbox message enqueued twice (a retried activity) is stored once', async () => {
  const acts = createTransitActivities({ pool, client });
  const id = `transit/TEST${Date.now()}/AAR/office:KGBIS001`;
  const msg = {
    messageId: id,
    caseId: 'transit/TEST',
    destination: 'office:KGBIS001',
    type: 'ANTICIPATED_ARRIVAL_RECORD',
    payload: { mrn: 'TEST' },
  };
  expect(await acts.enqueueExchangeMessages([msg])).toBe(1);
  expect(await acts.enqueueExchangeMessages([msg])).toBe(0);
  const rows = await pool.query('SELECT destination, type FROM outbox WHERE message_id = $1', [id]);
  expect(rows.rows).toEqual([{ destination: 'office:KGBIS001', type: 'ANTICIPATED_ARRIVAL_RECORD' }]);
});

test('the recovery debt is computed from the tariff in PostgreSQL for the destination country', async () => {
  const acts = createTransitActivities({ pool, client });
  const declaration = TransitDeclarationSchema.parse(example('transit.json'));
  const debt = await acts.computeRecoveryDebt({
    declaration,
    country: 'KG',
    date: '2026-12-15',
    guaranteeCurrency: 'USD',
  });
  expect(debt).toMatchObject({
    country: 'KG',
    nationalCurrency: 'KGS',
    guaranteeCurrency: 'USD',
    itemSeqs: [1, 2],
  });
  expect(Number(debt.amount)).toBeGreaterThan(0);
});

test('reserving on a guarantee that was never registered is a refusal with the reason, not a retry loop', async () => {
  const gateway = createGuaranteeGateway(client);
  const res = await gateway.reserveOnGuarantee('26KZNOTREGISTERED0001', {
    mrn: 'M',
    amount: '1.00',
    currency: 'USD',
    accessCode: '7391',
    countries: ['KZ'],
    offices: [],
  });
  expect(res).toEqual({
    ok: false,
    reason: expect.stringMatching(/26KZNOTREGISTERED0001 is not registered/),
  });
});
