import { audit, casesInFlight, report, runTraffic, sleep, startFaultStack, type FaultStack } from './support';

// The dev server on its SQLite file, or with CLEARWAY_TEMPORAL=server the Temporal server on its PostgreSQL databases.
describe('Temporal stopped and started again on the same data', () => {
  let f: FaultStack;
  beforeAll(async () => {
    f = await startFaultStack('fault-temporal-restart');
  });
  afterAll(async () => {
    await f?.close();
  });

  it('every case resumes and reaches its end state', async () => {
    const traffic = runTraffic(f, { rate: 10, seconds: 20, drainSeconds: 240, seed: 202 });
    await sleep(10_000);
    const inFlight = await casesInFlight(f);
    await f.stack.stopTemporal();
    const down = Date.now();
    // Meanwhile the API cannot start workflows: it must say so with 503, not 500.
    const probe = await f.api.request('GET', '/v1/declarations/22ITZXBZYUTJFLJXK6', {
      role: 'clearance-system',
    });
    await sleep(5_000);
    await f.stack.startTemporal();
    const downSeconds = (Date.now() - down) / 1000;
    const res = await traffic;
    const a = await audit(f, res);
    const notUnavailable = res.unexpected.filter((u) => u.status >= 500 && u.status !== 503);
    await report(
      'temporal-restart',
      {
        inFlightAtStop: inFlight,
        downSeconds,
        probeWhileDown: probe.status,
        non503ServerErrors: notUnavailable.length,
        ...a,
      },
      res,
      f,
    );
    expect(inFlight).toBeGreaterThan(0);
    expect(a.lost).toBe(0);
    expect(a.duplicatedStateEvents).toBe(0);
    expect(a.duplicatedOutbox).toBe(0);
    expect(probe.status).toBe(503);
    expect(notUnavailable).toEqual([]);
  });
});
