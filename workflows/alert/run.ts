import { workflowInfo } from '@temporalio/workflow';
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
import { publishRun } from '../shell/publish';
export { unpublished } from '../shell/publish';

export { caseActivities as acts } from '../shell/proxies';

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

/** The read model, search attributes and messages of the last changes (workflows/shell/publish.ts). */
export const publish = (r: Run): Promise<void> => publishRun(r, (next) => commit(r, next));
