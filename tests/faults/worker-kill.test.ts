import { audit, casesInFlight, report, runTraffic, sleep, startFaultStack, type FaultStack } from './support';

describe('worker killed with SIGKILL mid-run', () => {
  let f: FaultStack;
  beforeAll(async () => {
    f = await startFaultStack('fault-worker-kill');
  });
  afterAll(async () => {
    await f?.close();
  });

  it('every case reaches its end state and the read model and outbox hold no duplicate', async () => {
    const traffic = runTraffic(f, { rate: 15, seconds: 20, drainSeconds: 240, seed: 101 });
    await sleep(12_000);
    const inFlight = await casesInFlight(f);
    const oldPid = f.stack.worker()?.pid;
    await f.stack.killWorker('SIGKILL');
    await sleep(3_000);
    await f.stack.startWorker();
    const res = await traffic;
    const a = await audit(f, res);
    await report(
      'worker-kill',
      { inFlightAtKill: inFlight, killedPid: oldPid, newPid: f.stack.worker()?.pid, ...a },
      res,
      f,
    );
    expect(inFlight).toBeGreaterThan(0);
    expect(res.accepted.declarations).toBeGreaterThanOrEqual(200);
    expect(a.lost).toBe(0);
    expect(a.duplicatedStateEvents).toBe(0);
    expect(a.duplicatedOutbox).toBe(0);
    expect(a.unknownCases).toBe(0);
  });
});
