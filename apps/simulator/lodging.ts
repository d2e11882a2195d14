import type { Intent, Trader } from './generate';
import { messageOf } from './report';
import { bump, type LodgedPayload, type Run, type Tracked } from './simulation';

/** A transit holder and the guarantee its movements are lodged under. */
export interface Holder {
  trader: Trader;
  grn: string;
  accessCode: string;
}

/** Transit holders with a guarantee each (when the API has guarantees and transits). */
export async function registerHolders(run: Run): Promise<Holder[]> {
  const { o, res, log } = run;
  const { client, generator: gen, caps } = o;
  const r = gen.rng;
  const holders: Holder[] = [];
  if (caps.transits && caps.guarantees && o.mix.transits > 0) {
    for (let i = 0; i < 8; i++) {
      const trader = gen.trader(r.pick(['CN', 'KZ', 'KG']));
      const g = gen.guarantee(trader, 2_000_000);
      res.sent.guarantees += 1;
      const resp = await client
        .request('POST', '/v1/guarantees', { role: 'clearance-system', body: g })
        .catch((e: Error) => ({ status: 0, body: e.message, ms: 0 }));
      run.note5xx(resp.status, 'POST /v1/guarantees', resp.body);
      if (resp.status >= 200 && resp.status < 300) {
        res.accepted.guarantees += 1;
        holders.push({
          trader,
          grn: (resp.body as { grn?: string })?.grn ?? g.grn,
          accessCode: g.accessCode,
        });
      } else log(`guarantee refused (${resp.status}): ${messageOf(resp.body)}`);
    }
  }
  return holders;
}

/**
 * Lodges one new case: a bad declaration (counted, never tracked), or a valid declaration or
 * transit, tracked from then on. Transits only when a holder was registered.
 */
export async function lodgeOne(run: Run, holders: Holder[], intents: [Intent, number][]) {
  const { o, res, tracked } = run;
  const { client, generator: gen } = o;
  const r = gen.rng;
  const transitsOn = holders.length > 0;
  const isTransit = transitsOn && r.chance(o.mix.transits / (o.mix.transits + o.mix.declarations));
  if (!isTransit && r.chance(o.badShare)) {
    const bad = gen.badDeclaration();
    res.sent.bad += 1;
    bump(res.byBadKind, bad.kind);
    const resp = await client.request('POST', '/v1/declarations', {
      role: 'clearance-system',
      body: bad.body,
    });
    run.note5xx(resp.status, `POST /v1/declarations (bad: ${bad.kind})`, resp.body);
    if (resp.status === 400) res.badRefused += 1;
    else if (resp.status >= 200 && resp.status < 300) {
      res.badAccepted += 1;
      res.unexpected.push({
        status: resp.status,
        what: `bad payload ${bad.kind} accepted`,
        message: JSON.stringify(resp.body).slice(0, 200),
      });
    } else if (resp.status < 500 && res.unexpected.length < 50)
      res.unexpected.push({
        status: resp.status,
        what: `bad payload ${bad.kind}`,
        message: messageOf(resp.body),
      });
    return;
  }
  const kind: Tracked['kind'] = isTransit ? 'transit' : 'declaration';
  const intent = isTransit ? undefined : r.weighted(intents);
  const payload: LodgedPayload = isTransit
    ? (() => {
        const h = r.pick(holders);
        return gen.transit(h.trader, h);
      })()
    : gen.declaration(intent);
  if (isTransit) res.sent.transits += 1;
  else res.sent.declarations += 1;
  const lodgedAt = Date.now();
  const resp = await client.request<{ mrn?: string }>(
    'POST',
    isTransit ? '/v1/transits' : '/v1/declarations',
    { role: 'clearance-system', body: payload },
  );
  res.latency.lodgeHttp.push(resp.ms);
  run.note5xx(resp.status, `POST /v1/${isTransit ? 'transits' : 'declarations'}`, resp.body);
  if (resp.status !== 202 && resp.status !== 201) {
    if (resp.status < 500 && res.unexpected.length < 50)
      res.unexpected.push({
        status: resp.status,
        what: `valid ${kind} refused`,
        message: messageOf(resp.body),
      });
    return;
  }
  if (isTransit) res.accepted.transits += 1;
  else res.accepted.declarations += 1;
  const mrn = resp.body!.mrn!;
  tracked.set(mrn, {
    kind,
    mrn,
    intent,
    lodgedAt,
    acted: new Set(),
    leaveOpen: r.chance(o.leaveOpenShare ?? 0),
    payload,
    done: false,
  });
}
