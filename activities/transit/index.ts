import { ApplicationFailure, getClient } from '@temporalio/activity';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { Pool } from 'pg';
import { enqueueOutbox, type OutboxEntry } from '../outbox';
import { nonRetryableAssessment } from '../assessment-failure';
import type { ClosedReservation, Reservation, ReserveRequest } from '../../domain/guarantee';
import type { TransitDeclaration } from '../../domain/schemas/transit';
import type { TariffBook } from '../../domain/tariff';
import { recoveryDebt, type RecoveryDebt } from '../../domain/transit/recovery';
import { chargeGuarantee, releaseGuarantee, reserveGuarantee } from '../../contracts/guarantee';
import { cachedTariffBook } from '../reference/lookups';
import { enqueueNctsMessages, type NctsMessagesRequest } from './ncts-messages';

/**
 * Side effects of transit and guarantees:
 * - the guarantee gateway: the transit workflow reserves, releases and charges through these
 *   activities, which send the guarantee workflow's updates through a Temporal client (the worker's
 *   own, unless one is injected). The guarantee workflow serialises them, which is what makes a
 *   reservation atomic against the balance; a refusal comes back as `{ ok: false, reason }`.
 * - the exchange outbox: anticipated arrival/transit records, notices to holders and offices, keyed
 *   by message id so a retried activity enqueues nothing twice;
 * - the recovery debt: the domain duty engine over the tariff in PostgreSQL.
 */
/** Same row as every outbox entry; destinations here are `office:<code>`, `holder:<TIN>`, `partner:<country>`. */
export type OutboxMessage = OutboxEntry;

export interface TransitActivityDeps {
  pool: Pool;
  /** Defaults to the worker's client (`getClient()` inside the activity). */
  client?: Client;
  /** Defaults to the tariff book read from PostgreSQL (cached for `cacheMs`). */
  book?: () => Promise<TariffBook>;
  cacheMs?: number;
}

export type ReserveOutcome = { ok: true; reservation: Reservation } | { ok: false; reason: string };

export interface RecoveryRequest {
  declaration: TransitDeclaration;
  country: string;
  date: string;
  guaranteeCurrency: string;
  itemSeqs?: number[];
}

const reasonOf = (err: unknown): string => {
  const e = err as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(err);
};

/** Guarantee updates through a Temporal client; no database needed (the workflow tests use this alone). */
export function createGuaranteeGateway(client?: Client) {
  const handle = (grn: string) => (client ?? getClient()).workflow.getHandle(`guarantee/${grn}`);
  return {
    async reserveOnGuarantee(grn: string, request: ReserveRequest): Promise<ReserveOutcome> {
      if (!grn) return { ok: false, reason: 'no guarantee reference (GRN) was given' };
      try {
        const upd = await handle(grn).startUpdate(reserveGuarantee, {
          args: [request],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        return { ok: true, reservation: await upd.result() };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) return { ok: false, reason: reasonOf(err) };
        if (err instanceof WorkflowNotFoundError)
          return { ok: false, reason: `guarantee ${grn} is not registered` };
        if (/already completed|not found/i.test((err as Error).message ?? ''))
          return { ok: false, reason: `guarantee ${grn} is not registered or no longer open` };
        throw err;
      }
    },
    async releaseOnGuarantee(grn: string, mrn: string): Promise<ClosedReservation> {
      return update(() =>
        handle(grn).startUpdate(releaseGuarantee, {
          args: [mrn],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      );
    },
    async chargeOnGuarantee(grn: string, mrn: string, amount: string): Promise<ClosedReservation> {
      return update(() =>
        handle(grn).startUpdate(chargeGuarantee, {
          args: [mrn, amount],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      );
    },
  };
}

async function update<T>(start: () => Promise<{ result(): Promise<T> }>): Promise<T> {
  try {
    return await (await start()).result();
  } catch (err) {
    // A refused release/charge will be refused again: do not retry it forever.
    if (err instanceof WorkflowUpdateFailedError)
      throw ApplicationFailure.nonRetryable(reasonOf(err), 'GuaranteeRefused');
    throw err;
  }
}

/** The exchange outbox rows of a movement or guarantee: the one outbox writer, keyed by message id. */
export function enqueueExchangeMessages(pool: Pool, messages: OutboxMessage[]): Promise<number> {
  return enqueueOutbox(pool, messages);
}

/** The domain computation, with an AssessmentError made non-retryable (more attempts change nothing). */
export function computeRecoveryDebtWith(book: TariffBook, req: RecoveryRequest): RecoveryDebt {
  try {
    return recoveryDebt({ ...req, book }).value;
  } catch (err) {
    throw nonRetryableAssessment(err);
  }
}

export function createTransitActivities(deps: TransitActivityDeps) {
  const book = deps.book ?? cachedTariffBook(deps.pool, deps.cacheMs);
  return {
    ...createGuaranteeGateway(deps.client),
    async enqueueExchangeMessages(messages: OutboxMessage[]): Promise<number> {
      return enqueueExchangeMessages(deps.pool, messages);
    },
    async computeRecoveryDebt(req: RecoveryRequest): Promise<RecoveryDebt> {
      return computeRecoveryDebtWith(await book(), req);
    },
    /** The movement's NCTS messages to its clearance system's webhook (activities/transit/ncts-messages.ts). */
    async enqueueNctsMessages(req: NctsMessagesRequest): Promise<number> {
      return enqueueNctsMessages(deps.pool, req);
    },
  };
}
