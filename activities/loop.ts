/**
 * A pass run again and again beside a worker (webhook delivery, audit selection): every `intervalMs`,
 * at once again while a pass found work (it returns how much). A failed pass is logged and the loop
 * goes on. `stop()` waits for the pass in flight.
 */
export function startPassLoop(
  pass: () => Promise<number>,
  opts: { intervalMs: number; failed: (err: Error) => void },
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = pass()
      .catch((err) => {
        opts.failed(err as Error);
        return 0;
      })
      .then((worked) => {
        if (!stopped) timer = setTimeout(tick, worked > 0 ? 0 : opts.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
