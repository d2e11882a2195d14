import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { ENCRYPTED_ENCODING } from './payload-codec';

type History = temporal.api.history.v1.IHistory;

/**
 * Audit histories: export a case's full Temporal event history, and replay histories against the
 * current workflow code to prove every decision is reproducible. Shared by the CLI and the admin API.
 */
export interface HistoryRecord {
  workflowId: string;
  history: History;
}

export async function fetchHistory(client: Client, workflowId: string): Promise<HistoryRecord> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return { workflowId, history };
}

/**
 * Decodes every encrypted payload of a history in place with the payload codecs (declaration contents
 * become readable again) for an audit export. Payloads sit in `payloads` lists (inputs, results,
 * update and signal arguments) and in `fields` maps (memo, headers). The codec refuses what it did
 * not write; here the plain ones are shown as they are, not refused: an export reads the whole
 * history, where markers the SDK's core writes itself (patches, local activity data) and headers are
 * plain by design, and it decides nothing.
 */
export async function decodeHistoryPayloads(history: History, codecs: PayloadCodec[]): Promise<History> {
  const encrypted = (p: Payload) => Buffer.from(p.metadata?.encoding ?? []).toString() === ENCRYPTED_ENCODING;
  const decode = async (ps: Payload[]) => {
    let out = ps.filter(encrypted);
    for (const c of [...codecs].reverse()) out = await c.decode(out);
    return ps.map((p) => (encrypted(p) ? out.shift()! : p));
  };
  const isPayload = (v: unknown): v is Payload =>
    !!v && typeof v === 'object' && 'metadata' in v && 'data' in v;
  const walk = async (node: unknown): Promise<void> => {
    if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
    if (Array.isArray(node)) {
      for (const n of node) await walk(n);
      return;
    }
    const obj = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'payloads' && Array.isArray(value) && value.every(isPayload))
        obj[key] = await decode(value);
      else if (
        key === 'fields' &&
        value &&
        typeof value === 'object' &&
        Object.values(value).every(isPayload)
      ) {
        const names = Object.keys(value);
        const decoded = await decode(Object.values(value) as Payload[]);
        obj[key] = Object.fromEntries(names.map((n, i) => [n, decoded[i]]));
      } else await walk(value);
    }
  };
  await walk(history);
  return history;
}

/** The history as plain JSON (the same format as `temporal workflow show --output json`). */
export function historyAsJson(history: History): unknown {
  return JSON.parse(historyToJSON(history as temporal.api.history.v1.History));
}

export function readHistoryFile(file: string): HistoryRecord {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    workflowId?: string;
    history?: unknown;
    events?: unknown;
  };
  // Accept both our export format ({ workflowId, history }) and a bare Temporal history ({ events }).
  const history = historyFromJSON(raw.history ?? raw);
  return { workflowId: raw.workflowId ?? path.basename(file, '.json'), history };
}

export function fileNameFor(workflowId: string): string {
  return workflowId.replace(/[^A-Za-z0-9._-]+/g, '_') + '.json';
}

export async function* workflowIdsForQuery(client: Client, query: string): AsyncGenerator<string> {
  for await (const wf of client.workflow.list({ query })) yield wf.workflowId;
}

export interface ReplayOutcome {
  workflowId: string;
  identical: boolean;
  error?: string;
  /** The first event the current code disagrees with, when the error names it. */
  firstDivergingEvent?: number;
}

export interface ReplayReport {
  replayed: number;
  identical: number;
  diverged: ReplayOutcome[];
}

/**
 * Replays every history with the current workflow code. A history that replays without a
 * nondeterminism error is "identical": the code makes the same decisions it made then.
 */
export async function replayHistories(
  histories: AsyncIterable<HistoryRecord> | Iterable<HistoryRecord>,
  options: ReplayWorkerOptions,
  onResult: (r: ReplayOutcome) => void = () => undefined,
): Promise<ReplayReport> {
  const report: ReplayReport = { replayed: 0, identical: 0, diverged: [] };
  async function* source() {
    for await (const h of histories) yield { workflowId: h.workflowId, history: h.history };
  }
  for await (const res of Worker.runReplayHistories(options, source())) {
    const outcome: ReplayOutcome = { workflowId: res.workflowId, identical: !res.error };
    if (res.error) {
      outcome.error = res.error.message;
      const m = /event(?:[ _]?id)?[^0-9]{0,6}(\d+)/i.exec(res.error.message);
      if (m) outcome.firstDivergingEvent = Number(m[1]);
      report.diverged.push(outcome);
    } else {
      report.identical += 1;
    }
    report.replayed += 1;
    onResult(outcome);
  }
  return report;
}
