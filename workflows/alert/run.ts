import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import {
  CaseKind,
  CaseState,
  Country,
  Stuck,
  type AlertInput,
  type AlertProjectionDetails,
  type AlertView,
} from '../../contracts';
import { newAlertCase, type AlertCase } from '../../domain/alert/case';
import { CaseShell } from '../shell/case';
import { replaceContents } from '../shell/live';

type Activities = ReturnType<typeof createActivities>;

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/** One alert run: the live case value and its shell (search attributes, read-model projection). */
export interface Run {
  input: AlertInput;
  caseId: string;
  c: AlertCase;
  shell: CaseShell<AlertView>;
  /** The timeline length the last read-model write covered: what a handler adds after it is new. */
  published: number;
}

/** What listings, statistics and the lodgement check (activities/alert) read from the read model. */
function details(v: AlertView): AlertProjectionDetails {
  return {
    alertId: v.alertId,
    subject: v.subject,
    severity: v.severity,
    channel: v.channel,
    reason: v.reason,
    validUntil: v.validUntil,
    recipients: v.recipients,
    matches: v.matches.length,
    controlled: v.hits.controlled,
    found: v.hits.found,
  };
}

export function newRun(input: AlertInput): Run {
  const caseId = workflowInfo().workflowId;
  const c = newAlertCase(input, caseId);
  const shell = new CaseShell<AlertView>(c.view, {
    attributes: (v) => [
      { key: CaseKind, value: 'alert' },
      { key: CaseState, value: v.state },
      { key: Country, value: v.country },
      { key: Stuck, value: v.stuck },
    ],
    columns: (v) => ({
      businessId: v.alertId,
      country: v.country,
      owner: v.raisedBy,
      details: details(v) as unknown as Record<string, unknown>,
    }),
  });
  return { input, caseId, c, shell, published: 0 };
}

export function commit(r: Run, next: AlertCase): void {
  replaceContents(r.c, next, ['view']);
}

/** Search attributes, then the read model and the messages the last changes made, in one transaction. */
export async function publish(r: Run): Promise<void> {
  const messages = r.c.outbox;
  if (messages.length) commit(r, { ...r.c, outbox: [] });
  r.shell.upsertAttributes();
  r.published = r.c.view.timeline.length;
  await acts.publishCase(r.shell.projection(), messages);
}

export const unpublished = (r: Run): boolean =>
  r.c.view.timeline.length !== r.published || r.c.outbox.length > 0;
