import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PendingAction, TimelineEvent } from '../timeline';

/** The case view of a declaration: one plain object, updated in one place, returned by `caseView`. */
export interface DeclarationView {
  caseId: string;
  kind: 'declaration';
  mrn: string;
  lrn: string;
  declarant: string;
  office: string;
  country: string;
  type: string;
  state: string;
  channel?: string;
  stuck: boolean;
  stuckSince?: string;
  escalations: number;
  pending?: PendingAction;
  payloadHash: string;
  timeline: TimelineEvent[];
}

export const caseView = defineQuery<DeclarationView>('caseView');

export interface OfficerDecision {
  result: 'CONFORM' | 'NON_CONFORM';
  officer: string;
  office: string;
  reason?: string;
}

export const recordOfficerDecision = defineUpdate<DeclarationView, [OfficerDecision]>('recordOfficerDecision');
