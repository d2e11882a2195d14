import { audit, casesInFlight, report, runTraffic, sleep, startFaultStack, type FaultStack } from './support';
import { example } from '../support/examples';

describe('PostgreSQL stopped for 30 s mid-run', () => {
  let f: FaultStack;
  beforeAll(async () => {
    f = await startFaultStack('fault-postgres-outage');
  });
  afterAll(async () => {
    await f?.close();
  });

  it('activities retry, nothing is lost, and the API answers 503 where it needs the database', async () => {
    const traffic = runTraffic(f, { rate: 8, seconds: 20, drainSeconds: 300, seed: 303 });
    await sleep(8_000);
    const inFlight = await casesInFlight(f);
    await f.stack.stopPostgres();
    const probes: Record<string, number[]> = {};
    const probe = async (name: string, method: string, path: string, body?: unknown) => {
      const r = await f.api.request(method, path, { role: name.startsWith('supervisor') ? 'supervisor' : 'clearance-system', body }).catch(() => ({ status: 0, body: undefined, ms: 0 }));
      (probes[name] ??= []).push(r.status);
      return r;
    };
    const down = Date.now();
    let message = '';
    while (Date.now() - down < 30_000) {
      const lodge = await probe('lodge (reference data in PostgreSQL)', 'POST', '/v1/declarations', { ...example('declaration-import.json'), lrn: `PG-DOWN-${Date.now()}` });
      if (lodge.status === 503) message = JSON.stringify(lodge.body);
      await probe('supervisor release-times (read model)', 'GET', '/v1/statistics/release-times');
      await sleep(3_000);
    }
    await f.stack.startPostgres();
    const res = await traffic;
    const a = await audit(f, res);
    const statuses = Object.fromEntries(Object.entries(probes).map(([k, v]) => [k, [...new Set(v)].join('/')]));
    report('postgres-outage', { inFlightAtStop: inFlight, downSeconds: 30, probes: statuses, message503: message, ...a }, res);
    expect(inFlight).toBeGreaterThan(0);
    expect(a.lost).toBe(0);
    expect(a.duplicatedStateEvents).toBe(0);
    expect(a.duplicatedOutbox).toBe(0);
    for (const codes of Object.values(probes)) for (const c of codes) expect(c).toBe(503);
    expect(message).toMatch(/unavailable/);
  });
});
