import { startPassLoop } from '../../activities/loop';

const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise((r) => setTimeout(r, 5));
};

test('a pass loop runs again at once while there is work, goes on after a failed pass, and stops', async () => {
  const results: (number | Error)[] = [1, 1, new Error('database away'), 0];
  let calls = 0;
  const failures: string[] = [];
  const loop = startPassLoop(
    async () => {
      const r = results[calls++] ?? 0;
      if (r instanceof Error) throw r;
      return r;
    },
    { intervalMs: 10, failed: (err) => failures.push(err.message) },
  );
  await until(() => calls >= 6);
  await loop.stop();
  const stoppedAt = calls;
  await new Promise((r) => setTimeout(r, 30));
  expect(failures).toEqual(['database away']);
  expect(calls).toBe(stoppedAt);
});
