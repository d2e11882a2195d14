import type { Pool } from 'pg';
import type { ApiClient } from './client';

/**
 * How the simulator learns where its cases are. Through the API (GET per case: what a clearance
 * system does), or from the read model in PostgreSQL (one query for every open case: what a load
 * test wants, since a GET is a workflow query that costs the worker a task).
 */
export interface CaseSnapshot {
  state: string;
  channel?: string;
  /** First time each state was entered (ISO), from the case timeline. */
  stateAt: Record<string, string>;
  control?: { type?: string };
  payment?: { due: string; paid: string; currency: string; secured?: { amount: string } };
  itinerary?: { office: string; crossedAt?: string; role?: string }[];
}

export interface TrackedRef {
  kind: 'declaration' | 'transit';
  mrn: string;
}

export interface CaseObserver {
  readonly name: string;
  snapshot(cases: TrackedRef[]): Promise<Map<string, CaseSnapshot>>;
}

interface ViewLike {
  state: string;
  channel?: string;
  timeline?: { type: string; state?: string; at: string }[];
  control?: { type?: string };
  payment?: CaseSnapshot['payment'];
  itinerary?: CaseSnapshot['itinerary'];
}

export function fromView(v: ViewLike): CaseSnapshot {
  const stateAt: Record<string, string> = {};
  for (const e of v.timeline ?? [])
    if (e.type === 'state' && e.state && !stateAt[e.state]) stateAt[e.state] = e.at;
  return {
    state: v.state,
    channel: v.channel,
    stateAt,
    control: v.control,
    payment: v.payment,
    itinerary: v.itinerary,
  };
}

export function apiObserver(client: ApiClient, concurrency = 8): CaseObserver {
  return {
    name: 'api',
    async snapshot(cases) {
      const out = new Map<string, CaseSnapshot>();
      let i = 0;
      const worker = async () => {
        while (i < cases.length) {
          const c = cases[i++];
          const res = await client
            .request<ViewLike>(
              'GET',
              `/v1/${c.kind === 'declaration' ? 'declarations' : 'transits'}/${c.mrn}`,
              { role: 'clearance-system' },
            )
            .catch(() => undefined);
          if (res?.status === 200 && res.body?.state) out.set(c.mrn, fromView(res.body));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
      return out;
    },
  };
}

export function readModelObserver(pool: Pool): CaseObserver {
  return {
    name: 'read-model',
    async snapshot(cases) {
      const out = new Map<string, CaseSnapshot>();
      if (cases.length === 0) return out;
      const ids = cases.map((c) => `${c.kind}/${c.mrn}`);
      const { rows } = await pool.query<{
        business_id: string;
        state: string;
        channel: string | null;
        control: unknown;
        payment: unknown;
        itinerary: unknown;
      }>(
        `SELECT business_id, state, channel, view->'control' AS control, view->'payment' AS payment, view->'itinerary' AS itinerary
           FROM cases WHERE case_id = ANY($1)`,
        [ids],
      );
      const events = await pool.query<{ business_id: string; state: string; at: Date }>(
        `SELECT c.business_id, e.state, min(e.at) AS at FROM case_events e JOIN cases c USING (case_id)
          WHERE e.case_id = ANY($1) AND e.type = 'state' GROUP BY c.business_id, e.state`,
        [ids],
      );
      const at = new Map<string, Record<string, string>>();
      for (const e of events.rows) {
        const m = at.get(e.business_id) ?? {};
        m[e.state] = e.at.toISOString();
        at.set(e.business_id, m);
      }
      for (const r of rows) {
        out.set(r.business_id, {
          state: r.state,
          channel: r.channel ?? undefined,
          stateAt: at.get(r.business_id) ?? {},
          control: (r.control ?? undefined) as CaseSnapshot['control'],
          payment: (r.payment ?? undefined) as CaseSnapshot['payment'],
          itinerary: (r.itinerary ?? undefined) as CaseSnapshot['itinerary'],
        });
      }
      return out;
    },
  };
}
