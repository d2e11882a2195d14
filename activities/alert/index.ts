import { getClient } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import {
  alertControl,
  type AlertMatchFound,
  type AlertSeverity,
  type AlertSubject,
} from '../../contracts/alert';
import { caseView, intelligenceHit, type DeclarationView } from '../../contracts/declaration';
import { transitView, type TransitView } from '../../contracts/transit';
import type { CaseNotice } from '../../domain/alert/case';
import { TRANSIT_OPEN_STATES } from '../../domain/alert/goods';
import { normaliseSubject, visibilityQuery } from '../../domain/alert/subject';
import { noteIntelligenceHit } from './feedback';
import { openCasesWithGoods } from './goods';
import { createLodgementAlertActivities } from './lodgement';
import { nextControlCountry } from './route';

export interface AlertNotices {
  alertId: string;
  country: string;
  severity: AlertSeverity;
  reason: string;
  notices: CaseNotice[];
}

/**
 * The alert's side effects, through the worker's Temporal client: the open cases carrying the
 * subject (visibility on the search attributes Vehicles, Containers, Traders; a commodity by the
 * goods index `case_goods`: no table scan either way), and the notices to matched cases (a
 * declaration's intelligence hit, a movement's hold or clearing).
 */
export function createAlertActivities(deps: { pool: Pool; client?: Client }) {
  const client = () => deps.client ?? getClient();
  return {
    ...createLodgementAlertActivities(deps),
    async findAlertMatches(req: { alertId: string; subject: AlertSubject }): Promise<AlertMatchFound[]> {
      const found: AlertMatchFound[] = [];
      for await (const workflowId of openCasesCarrying(deps.pool, client(), req.subject)) {
        const m = await describeMatch(client(), workflowId);
        if (m) found.push(m);
      }
      return found.sort((a, b) => a.caseId.localeCompare(b.caseId));
    },
    async deliverAlertNotices(req: AlertNotices): Promise<void> {
      for (const n of req.notices) {
        const handle = client().workflow.getHandle(n.caseId);
        try {
          if (n.transit) await handle.signal(alertControl, n.transit);
          else {
            await noteIntelligenceHit(deps.pool, n.caseId, req.alertId);
            await handle.signal(intelligenceHit, {
              alertId: req.alertId,
              reason: req.reason,
              severity: req.severity,
              source: `alert:${req.country}`,
            });
          }
        } catch (err) {
          // A case that closed since it matched has nothing left to control.
          if (!(err instanceof WorkflowNotFoundError) && !/already completed/i.test((err as Error).message))
            throw err;
        }
      }
    },
  };
}

/** The workflow ids of the open cases carrying the subject: by visibility, or a commodity by the index. */
async function* openCasesCarrying(pool: Pool, c: Client, subject: AlertSubject): AsyncIterable<string> {
  const query = visibilityQuery(subject);
  if (query) {
    for await (const wf of c.workflow.list({ query })) yield wf.workflowId;
    return;
  }
  const n = normaliseSubject(subject);
  if (n.kind === 'commodity') yield* await openCasesWithGoods(pool, n.hsHeading, n.origin);
}

/** What the alert needs of a case visibility or the goods index found, or undefined when it is past control. */
async function describeMatch(c: Client, workflowId: string): Promise<AlertMatchFound | undefined> {
  const handle = c.workflow.getHandle(workflowId);
  try {
    if (workflowId.startsWith('transit/')) {
      const v: TransitView = await handle.query(transitView);
      if (!TRANSIT_OPEN_STATES.has(v.state)) return undefined;
      const route = [...new Set(v.itinerary.map((s) => s.country))];
      return { caseId: v.caseId, kind: 'transit', mrn: v.mrn, country: nextControlCountry(v), route };
    }
    const v: DeclarationView = await handle.query(caseView);
    return { caseId: v.caseId, kind: 'declaration', mrn: v.mrn, country: v.country, route: [v.country] };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
