import { messageOf } from './report';
import { bump, type LodgedPayload, type Run, type Tracked } from './simulation';

/**
 * The officers, declarants and the treasury: each waiting state a case reaches is answered once,
 * after a delay (control results, payments confirmed by the treasury, query answers; border
 * crossings, arrival and unloading remarks for transits). `timers` holds the answers not yet sent, so the run can wait for them or cancel them.
 */
export function createActors(run: Run) {
  const { o, res, log } = run;
  const { client, caps } = o;
  const r = o.generator.rng;
  const timers = new Set<NodeJS.Timeout>();

  function later(c: Tracked, ms: number, fn: () => Promise<void>) {
    const t = setTimeout(() => {
      timers.delete(t);
      void run.track(
        fn().catch((err: Error) => {
          log(`action failed: ${err.message}`);
          c.acted.clear(); // try again on a later poll
        }),
      );
    }, ms);
    timers.add(t);
  }
  const delay = (range: [number, number]) => Math.round(r.between(range[0], range[1]));
  async function act(
    c: Tracked,
    /** The state this answers: a refusal forgets it, so a later poll that finds it answers again. */
    state: string,
    name: string,
    path: string,
    role: 'officer' | 'clearance-system' | 'treasury',
    body: unknown,
  ) {
    const resp = await client.request('POST', path, { role, body });
    run.note5xx(resp.status, `POST ${path.replace(c.mrn, '{mrn}')}`, resp.body);
    if (resp.status >= 200 && resp.status < 300) bump(res.actions, name);
    else {
      bump(res.actionRefusals, `${name} ${resp.status}`);
      // A conflict (wrong state, not yet visible) is tried again on a later poll; a 400 is our bug: once.
      // Not the state seen now: after a lost workflow task the read model may show an earlier one.
      if (resp.status !== 400) c.acted.delete(state);
      else if (!res.unexpected.some((u) => u.what === `${name} refused`))
        res.unexpected.push({ status: 400, what: `${name} refused`, message: messageOf(resp.body) });
    }
  }
  function react(c: Tracked) {
    const s = c.snapshot!;
    if (c.acted.has(s.state) || c.leaveOpen) return;
    if (c.kind === 'declaration') {
      const office = c.payload.officeOfDeclaration ?? '';
      if (s.state === 'UNDER_CONTROL' && caps.controlResults) {
        c.acted.add(s.state);
        later(c, delay(o.officerDelayMs), () =>
          act(
            c,
            s.state,
            'control-result',
            `/v1/declarations/${c.mrn}/control-results`,
            'officer',
            controlResult(r.next(), office, s.control?.type ?? 'DOCUMENTARY', c.payload),
          ),
        );
      } else if (s.state === 'AWAITING_PAYMENT' && caps.payments && s.payment) {
        c.acted.add(s.state);
        const due = Number(s.payment.due) - Number(s.payment.paid) - Number(s.payment.secured?.amount ?? 0);
        // Payments are keyed by reference: a retry of this one is answered as the first, and a later
        // payment of what is still due (after an amendment) gets a reference of its own.
        const reference = `PAY-${c.mrn.slice(-8)}-${s.payment.paid.replace('.', '')}`;
        later(c, delay(o.declarantDelayMs), () =>
          act(c, s.state, 'payment', `/v1/declarations/${c.mrn}/payments`, 'treasury', {
            method: 'PAYMENT',
            reference,
            amount: Math.max(due, 0).toFixed(2),
            currency: s.payment!.currency,
          }),
        );
      } else if (s.state === 'UNDER_CONTROL' && o.controlFallback) {
        c.acted.add(s.state);
        const body = controlResult(r.next(), office, s.control?.type ?? 'DOCUMENTARY', c.payload);
        later(c, delay(o.officerDelayMs), async () => {
          await o.controlFallback!(c.mrn, body);
          bump(res.actions, 'control-result (fallback)');
        });
      } else if (s.state === 'AWAITING_PAYMENT' && o.payFallback && s.payment) {
        c.acted.add(s.state);
        const due = Number(s.payment.due) - Number(s.payment.paid) - Number(s.payment.secured?.amount ?? 0);
        later(c, delay(o.declarantDelayMs), async () => {
          await o.payFallback!(c.mrn, Math.max(due, 0).toFixed(2), s.payment!.currency);
          bump(res.actions, 'payment (fallback)');
        });
      } else if (s.state === 'QUERIED' && caps.queryAnswer) {
        c.acted.add(s.state);
        later(c, delay(o.declarantDelayMs), () =>
          act(c, s.state, 'query-answer', caps.queryAnswer!.replace('{mrn}', c.mrn), 'clearance-system', {
            answer: `Commercial invoice ${c.payload.invoice?.number} attached to the declaration; original sent by courier.`,
            actor: 'declarant@simulator',
          }),
        );
      }
      return;
    }
    // transit: border crossings at each office of transit, arrival, unloading remarks
    const t = caps.transitActions;
    if (s.state === 'RELEASED_FOR_TRANSIT' && t.borderCrossing && t.arrival) {
      c.acted.add(s.state);
      const stops = c.payload.officesOfTransit ?? [];
      later(c, delay(o.officerDelayMs), async () => {
        for (const office of stops)
          await act(c, s.state, 'border-crossing', t.borderCrossing!.replace('{mrn}', c.mrn), 'officer', {
            office,
            sealsIntact: true,
          });
        await act(c, s.state, 'arrival', t.arrival!.replace('{mrn}', c.mrn), 'officer', {
          office: c.payload.officeOfDestination,
        });
      });
    } else if (s.state === 'ARRIVED' && t.unloading) {
      c.acted.add(s.state);
      const conform = r.chance(0.95);
      later(c, delay(o.officerDelayMs), () =>
        act(c, s.state, 'unloading-remarks', t.unloading!.replace('{mrn}', c.mrn), 'officer', {
          office: c.payload.officeOfDestination,
          conform,
          ...(conform ? {} : { discrepancies: [{ itemSeq: 1, description: 'two packages short' }] }),
        }),
      );
    }
  }

  return { react, timers };
}

/** What an officer records: mostly conform; some findings; a few refusals. */
function controlResult(x: number, office: string, type: string, decl: LodgedPayload) {
  const base = {
    office,
    officerId: 'officer@simulator',
    controlType: type === 'PHYSICAL' ? 'PHYSICAL' : 'DOCUMENTARY',
    completedAt: new Date().toISOString(),
  };
  if (x < 0.88) return { ...base, outcome: 'CONFORM', remarks: 'goods and documents as declared' };
  const item = decl.items?.[0];
  const finding = {
    itemSeq: 1,
    field: 'items[1].grossMassKg',
    declared: item?.grossMassKg ?? '1.000',
    found: (Number(item?.grossMassKg ?? 1) * 1.07).toFixed(3),
    remark: 'weighbridge ticket',
  };
  if (x < 0.96)
    return {
      ...base,
      outcome: 'NON_CONFORM',
      findings: [finding],
      refuseRelease: false,
      remarks: 'minor mass difference, release allowed',
    };
  return {
    ...base,
    outcome: 'NON_CONFORM',
    findings: [{ ...finding, field: 'items[1].description', found: 'goods of another kind than declared' }],
    refuseRelease: true,
    remarks: 'goods not as declared',
  };
}
