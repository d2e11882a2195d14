import { Pool } from 'pg';
import { auditInbox, type HarEntry } from '../../bench/support/fuzz-audit';

/**
 * The fuzz run's audit of the exchange inbox (issue 13, point 7), on the real PostgreSQL: a partner
 * message stored without an answered request, left half-applied, or invalid is a problem.
 */
let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await pool?.end();
});

test('flags inbox rows no answered request sent, rows left RECEIVED and invalid payloads; passes the answered ones', async () => {
  const since = new Date(Date.now() - 1000);
  const tag = `AUDIT-${Date.now()}`;
  const message = (id: string) => ({
    messageId: id,
    mrn: '22ITZXBZYUTJFLJXK6',
    type: 'IE118',
    body: { office: 'KZKHO001' },
  });
  const store = (id: string, status: string, payload: unknown) =>
    pool.query(
      `INSERT INTO inbox (message_id, source, case_id, type, payload, payload_hash, status) VALUES ($1, 'partner:audit@test', 'transit/x', 'IE118', $2, 'h', $3)`,
      [id, JSON.stringify(payload), status],
    );
  await store(`${tag}-applied`, 'APPLIED', message(`${tag}-applied`));
  await store(`${tag}-refused`, 'REFUSED', message(`${tag}-refused`));
  await store(`${tag}-rogue`, 'APPLIED', message(`${tag}-rogue`));
  await store(`${tag}-half`, 'RECEIVED', message(`${tag}-half`));
  await store(`${tag}-invalid`, 'APPLIED', { messageId: `${tag}-invalid`, type: 'IE118', body: {} });
  const answered = (id: string, status: number): HarEntry => ({
    method: 'POST',
    path: '/v1/exchange/messages',
    status,
    requestBody: JSON.stringify(message(id)),
    responseBody: '{}',
  });
  const entries = [
    answered(`${tag}-applied`, 200),
    answered(`${tag}-refused`, 409),
    answered(`${tag}-half`, 200),
    answered(`${tag}-invalid`, 200),
    { ...answered(`${tag}-rogue`, 400) }, // refused at the door: it may not have stored anything
  ];
  const problems: string[] = [];
  const stored = await auditInbox(pool, entries, since, (p) => problems.push(p));
  expect(stored).toBeGreaterThanOrEqual(5);
  const mine = problems.filter((p) => p.includes(tag));
  expect(mine).toHaveLength(3);
  expect(mine).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`${tag}-rogue was stored, but no answered request sent it`)),
      expect.stringMatching(new RegExp(`${tag}-half was left half-applied`)),
      expect.stringMatching(new RegExp(`${tag}-invalid was stored invalid`)),
    ]),
  );
});
