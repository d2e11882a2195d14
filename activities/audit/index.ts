import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { AuditRecomputation, AuditRecomputationRequest } from '../../contracts/audit';
import { recomputeAudit } from '../../domain/audit/recompute';
import type { ChargeResult } from '../../domain/audit/collection';
import type { TariffBook } from '../../domain/tariff';
import { nonRetryableAssessment } from '../assessment-failure';
import { cachedTariffBook } from '../reference/lookups';
import { createGuaranteeGateway } from '../transit';

/**
 * The side effects of a post-entry audit beyond the read model and the outbox (which go through
 * `publishCase`, as every case's do):
 * - the recomputation of its findings by the duty engine over the tariff in PostgreSQL (the engine
 *   never runs in a workflow); missing reference data fails for good, as an assessment does;
 * - the charge of what is due against the trader's guarantee: a reservation under the audit's case
 *   id, then its charge, through the guarantee workflow's updates (activities/transit's gateway).
 */
export interface AuditActivityDeps {
  pool: Pool;
  /** Defaults to the tariff book read from PostgreSQL (cached for `cacheMs`). */
  book?: () => Promise<TariffBook>;
  cacheMs?: number;
  /** Defaults to the worker's client. */
  client?: Client;
}

export interface AuditChargeRequest {
  grn: string;
  accessCode: string;
  /** The audit's case id: the reservation's key on the guarantee, so a retry reserves nothing twice. */
  key: string;
  amount: string;
  currency: string;
  country: string;
  office: string;
}

/** The engine over the findings, with an AssessmentError made non-retryable. */
export function recomputeAuditWith(book: TariffBook, req: AuditRecomputationRequest): AuditRecomputation {
  try {
    return recomputeAudit(book, req);
  } catch (err) {
    throw nonRetryableAssessment(err);
  }
}

/** Guarantee charges through a Temporal client (the workflow tests use this alone). */
export function createAuditGuaranteeCharge(client?: Client) {
  const gateway = createGuaranteeGateway(client);
  return {
    async chargeAuditOnGuarantee(req: AuditChargeRequest): Promise<ChargeResult> {
      const reserved = await gateway.reserveOnGuarantee(req.grn, {
        mrn: req.key,
        amount: req.amount,
        currency: req.currency,
        accessCode: req.accessCode,
        countries: [req.country],
        offices: [req.office],
      });
      if (!reserved.ok) return { ok: false, reason: reserved.reason };
      const closed = await gateway.chargeOnGuarantee(req.grn, req.key, req.amount);
      return { ok: true, charged: closed.charged ?? '0.00' };
    },
  };
}

export function createAuditActivities(deps: AuditActivityDeps) {
  const book = deps.book ?? cachedTariffBook(deps.pool, deps.cacheMs);
  return {
    ...createAuditGuaranteeCharge(deps.client),
    async recomputeAuditFindings(req: AuditRecomputationRequest): Promise<AuditRecomputation> {
      return recomputeAuditWith(await book(), req);
    },
  };
}
