import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { Pool } from 'pg';
import { ExchangeMessageBody } from '../../apps/api/exchange/dto';
import { fetchValidationRefs } from '../../activities/reference';
import { RiskProfileSchema } from '../../domain/risk';
import { DeclarationSchema } from '../../domain/schemas/declaration';
import { GuaranteeRegistrationSchema } from '../../domain/schemas/guarantee';
import { TransitDeclarationSchema } from '../../domain/schemas/transit';
import { checkDeclarationReferences } from '../../domain/validation';

/**
 * After a fuzzing run: nothing may have been started or stored from a request the API did not accept.
 * The requests and responses come from schemathesis' HAR reports; the started workflows from Temporal
 * (every execution in the namespace), the stored rows from PostgreSQL.
 */
export interface HarEntry {
  method: string;
  path: string;
  status: number;
  requestBody: string;
  responseBody: string;
}

interface RawHar {
  log?: {
    entries?: {
      request?: { method?: string; url?: string; postData?: { text?: string } };
      response?: { status?: number; content?: { text?: string; encoding?: string } };
    }[];
  };
}

export function readHar(file: string): HarEntry[] {
  const har = JSON.parse(fs.readFileSync(file, 'utf8')) as RawHar;
  return (har.log?.entries ?? []).map((e) => {
    const content = e.response?.content;
    const body = content?.text ?? '';
    let p = e.request?.url ?? '';
    try {
      p = new URL(p).pathname;
    } catch {
      // keep as recorded
    }
    return {
      method: (e.request?.method ?? '').toUpperCase(),
      path: p,
      status: e.response?.status ?? 0,
      requestBody: e.request?.postData?.text ?? '',
      responseBody: content?.encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body,
    };
  });
}

/** The API routes that start a case: kind, and where the business id is in the 2xx answer. */
const CREATES: { path: string; kind: string; id: (body: Record<string, unknown>) => unknown }[] = [
  { path: '/v1/declarations', kind: 'declaration', id: (b) => b.mrn },
  { path: '/v1/transits', kind: 'transit', id: (b) => b.mrn },
  { path: '/v1/guarantees', kind: 'guarantee', id: (b) => b.grn },
];

const json = (s: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};
const ok = (e: HarEntry) => e.status >= 200 && e.status < 300;

export interface AuditResult {
  problems: string[];
  summary: string;
}

export async function auditStarts(opts: {
  client: Client;
  pool: Pool;
  entries: HarEntry[];
  since: Date;
  log: (line: string) => void;
}): Promise<AuditResult> {
  const { client, pool, entries, log } = opts;
  const problems: string[] = [];
  const problem = (p: string) => {
    problems.push(p);
    if (problems.length <= 20) log(`audit: ${p}`);
  };

  // Accepted creations: workflow id -> kind.
  const accepted = new Map<string, string>();
  const sent: Record<string, { sent: number; accepted: number }> = {};
  for (const e of entries) {
    const route = e.method === 'POST' ? CREATES.find((c) => c.path === e.path) : undefined;
    if (!route) continue;
    const s = (sent[route.kind] ??= { sent: 0, accepted: 0 });
    s.sent += 1;
    if (!ok(e)) continue;
    s.accepted += 1;
    const id = json(e.responseBody) && route.id(json(e.responseBody)!);
    if (typeof id === 'string' && id) accepted.set(`${route.kind}/${id}`, route.kind);
    else
      problem(
        `a ${e.status} answer to POST ${e.path} names no ${route.kind} id: ${e.responseBody.slice(0, 200)}`,
      );
  }
  // Anything an accepted request carried or answered: a workflow started by the system on behalf of
  // one (e.g. a receiving-office process keyed by the movement's MRN) names an id found there.
  const acceptedText = entries
    .filter(ok)
    .map((e) => `${e.path}\n${e.requestBody}\n${e.responseBody}`)
    .join('\n');

  // Every execution in the namespace.
  const codecs = client.options.dataConverter.payloadCodecs ?? [];
  const inputOf = async (workflowId: string, runId: string): Promise<Record<string, unknown> | undefined> => {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    let payloads = (started?.input?.payloads ?? []) as Payload[];
    if (!payloads.length) return undefined;
    for (const c of [...codecs].reverse()) payloads = await c.decode(payloads);
    return defaultPayloadConverter.fromPayload(payloads[0]) as Record<string, unknown>;
  };
  const refs = await fetchValidationRefs(pool);
  const byType = new Map<string, number>();
  let children = 0;
  let validated = 0;
  for await (const wf of client.workflow.list()) {
    byType.set(wf.type, (byType.get(wf.type) ?? 0) + 1);
    if (wf.parentExecution) {
      children += 1;
      continue;
    }
    const kind = accepted.get(wf.workflowId);
    const businessId = wf.workflowId.slice(wf.workflowId.indexOf('/') + 1);
    if (!kind) {
      if (!businessId || !acceptedText.includes(businessId))
        problem(
          `workflow ${wf.workflowId} (${wf.type}) was started, but no accepted request created or named it`,
        );
      continue;
    }
    const input = await inputOf(wf.workflowId, wf.runId);
    // A continued-as-new run carries state forward, not the API's payload (its first run is listed too).
    if (input?.carried) continue;
    let issues: unknown[] = [];
    if (kind === 'declaration') {
      const parsed = DeclarationSchema.safeParse(input?.declaration);
      issues = parsed.success ? checkDeclarationReferences(parsed.data, refs) : parsed.error.issues;
    } else if (kind === 'transit') {
      const parsed = TransitDeclarationSchema.safeParse(input?.declaration);
      issues = parsed.success ? [] : parsed.error.issues;
    } else if (kind === 'guarantee') {
      const parsed = GuaranteeRegistrationSchema.safeParse(input?.registration);
      issues = parsed.success ? [] : parsed.error.issues;
    }
    validated += 1;
    if (issues.length)
      problem(
        `${wf.workflowId} was started from an invalid payload: ${JSON.stringify(issues).slice(0, 300)}`,
      );
  }

  // Risk profiles stored during the run: each version from a 2xx POST, each document valid.
  const profilesPosted = new Set(
    entries
      .filter((e) => e.method === 'POST' && e.path === '/v1/risk-profiles' && ok(e))
      .map((e) => json(e.responseBody))
      .map((b) => `${String(b?.id)}@${String(b?.version)}`),
  );
  const { rows: profiles } = await pool.query<{ profile_id: string; version: number; document: unknown }>(
    'SELECT profile_id, version, document FROM risk_profiles WHERE created_at >= $1',
    [opts.since],
  );
  for (const r of profiles) {
    if (!profilesPosted.has(`${r.profile_id}@${r.version}`))
      problem(`risk profile ${r.profile_id} v${r.version} was stored, but no accepted request stored it`);
    const parsed = RiskProfileSchema.safeParse(r.document);
    if (!parsed.success)
      problem(
        `risk profile ${r.profile_id} v${r.version} was stored invalid: ${JSON.stringify(parsed.error.issues).slice(0, 300)}`,
      );
  }
  const { rows: hooks } = await pool.query<{ subscriber: string; url: string }>(
    'SELECT subscriber, url FROM webhook_subscriptions',
  );
  for (const h of hooks) {
    if (!/^https?:\/\/[^\s]+$/.test(h.url))
      problem(`webhook subscription of ${h.subscriber} stored with an invalid URL ${h.url.slice(0, 100)}`);
  }

  const inbox = await auditInbox(pool, entries, opts.since, problem);

  const perKind = Object.entries(sent)
    .map(([k, s]) => `${k} ${s.accepted} of ${s.sent} POSTs`)
    .join(', ');
  const types = [...byType].map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
  const summary =
    `${perKind || 'no creation requests'}; workflows in Temporal: ${types} (${children} started by other workflows); ` +
    `inputs re-validated ${validated}; risk-profile versions stored ${profiles.length}; webhook subscriptions stored ${hooks.length}; ` +
    `partner messages in the inbox ${inbox}`;
  return { problems, summary };
}

/**
 * The exchange inbox: every partner message stored during the run must come from a request the API
 * answered with its outcome (200 applied, 409 refused or other content under a known id), must be
 * a valid message as the API parses it, and must not be left half-applied (RECEIVED). Returns how
 * many partner messages were stored.
 */
export async function auditInbox(
  pool: Pool,
  entries: HarEntry[],
  since: Date,
  problem: (p: string) => void,
): Promise<number> {
  const answered = new Set(
    entries
      .filter((e) => e.method === 'POST' && e.path === '/v1/exchange/messages' && (ok(e) || e.status === 409))
      .map((e) => json(e.requestBody)?.messageId)
      .filter((id): id is string => typeof id === 'string'),
  );
  const { rows } = await pool.query<{ source: string; message_id: string; status: string; payload: unknown }>(
    "SELECT source, message_id, status, payload FROM inbox WHERE source LIKE 'partner:%' AND received_at >= $1",
    [since],
  );
  for (const r of rows) {
    const id = `${r.source} ${r.message_id}`;
    if (!answered.has(r.message_id))
      problem(`inbox message ${id} was stored, but no answered request sent it`);
    if (r.status === 'RECEIVED') problem(`inbox message ${id} was left half-applied (RECEIVED)`);
    const parsed = ExchangeMessageBody.safeParse(r.payload);
    if (!parsed.success)
      problem(`inbox message ${id} was stored invalid: ${JSON.stringify(parsed.error.issues).slice(0, 300)}`);
  }
  return rows.length;
}
