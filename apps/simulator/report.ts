import type { SimulationResult } from './simulation';

export function messageOf(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body)
    return String((body as { message: unknown }).message).slice(0, 300);
  return String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);
}

export const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function summarise(res: SimulationResult): string {
  const fmt = (xs: number[]) =>
    xs.length
      ? `p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms (n=${xs.length})`
      : 'n=0';
  const kv = (m: Record<string, number>) =>
    Object.entries(m)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || '-';
  return [
    `simulation: ${res.seconds.toFixed(1)} s, observed through ${res.observer}`,
    `  sent        declarations ${res.sent.declarations}, transits ${res.sent.transits}, guarantees ${res.sent.guarantees}, bad payloads ${res.sent.bad}`,
    `  accepted    declarations ${res.accepted.declarations}, transits ${res.accepted.transits}, guarantees ${res.accepted.guarantees}`,
    `  bad         refused with 400: ${res.badRefused}; accepted (a case from an invalid payload): ${res.badAccepted}  [${kv(res.byBadKind)}]`,
    `  end states  ${kv(res.finalStates)}`,
    `  channels    ${kv(res.channels)}`,
    `  still open  ${res.open}`,
    `  actions     ${kv(res.actions)}; refused: ${kv(res.actionRefusals)}`,
    `  5xx         ${res.status5xx} (503: ${res.status503}); behind schedule (max in flight reached): ${res.behindSchedule}`,
    `  latency     lodge HTTP ${fmt(res.latency.lodgeHttp)}`,
    `              lodge -> channel ${fmt(res.latency.toChannel)}`,
    `              lodge -> release ${fmt(res.latency.toRelease)}`,
    ...res.unexpected.slice(0, 10).map((u) => `  unexpected  ${u.status} ${u.what}: ${u.message}`),
  ].join('\n');
}
