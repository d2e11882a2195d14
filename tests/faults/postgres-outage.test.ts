import {
  audit,
  casesInFlight,
  casesLodged,
  report,
  runTraffic,
  sleep,
  startFaultStack,
  type FaultStack,
} from './support';
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
    const lodgedBeforeStop = await casesLodged(f);
    await f.stack.stopPostgres();
    const probes: Record<string, number[]> = {};
    const probe = async (name: string, method: string, path: string, body?: unknown) => {
      const r = await f.api
        .request(method, path, {
          role: name.startsWith('supervisor') ? 'supervisor' : 'clearance-system',
          body,
        })
        .catch(() => ({ status: 0, body: undefined, ms: 0 }));
      (probes[name] ??= []).push(r.status);
      return r;
    };
    const down = Date.now();
    let message = '';
    while (Date.now() - down < 30_000) {
      // Lodging needs PostgreSQL only for reference data, which the API caches for a minute: 202 or 503, never 500.
      await probe('lodge', 'POST', '/v1/declarations', {
        ...example('declaration-import.json'),
        lrn: `PG-DOWN-${Date.now()}`,
      });
      const stats = await probe(
        'supervisor release-times (read model)',
        'GET',
        '/v1/statistics/release-times',
      );
      if (stats.status === 503) message = JSON.stringify(stats.body);
      await sleep(3_000);
    }
    const t = Date.now();
    await f.stack.startPostgres();
    console.log(
      `[postgres-outage] PostgreSQL down ${((Date.now() - down) / 1000).toFixed(0)} s, restart took ${Date.now() - t} ms`,
    );
    const res = await traffic;
    const a = await audit(f, res);
    const statuses = Object.fromEntries(
      Object.entries(probes).map(([k, v]) => [k, [...new Set(v)].join('/')]),
    );
    // unknownCases: the declarations lodged by the probe above (accepted from the API's reference cache).
    await report(
      'postgres-outage',
      {
        inFlightAtStop: inFlight,
        lodgedBeforeStop,
        downSeconds: 30,
        probes: statuses,
        probeLodgementsAccepted: probes.lodge.filter((c) => c === 202).length,
        message503: message,
        ...a,
      },
      res,
      f,
    );
    // Mid-run: traffic was flowing when the database went. How many were still open at that instant
    // depends on the host's speed (0 on a quiet one: a green case is released in about 300 ms).
    expect(lodgedBeforeStop).toBeGreaterThan(0);
    expect(a.lost).toBe(0);
    expect(a.duplicatedStateEvents).toBe(0);
    expect(a.duplicatedOutbox).toBe(0);
    expect(probes['supervisor release-times (read model)'].every((c) => c === 503)).toBe(true);
    expect(probes.lodge.every((c) => c === 202 || c === 503)).toBe(true);
    expect(message).toMatch(/unavailable/);
  });
});
