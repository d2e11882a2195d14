import { balanceOf, officesWithOpenMovements } from '../../domain/guarantee';
import { enqueueExchangeMessages, publish, step, type GuaranteeRun } from './run';

/** To the holder and to every office with an open movement on the guarantee (exchange outbox). */
export async function notifyExpiry(
  run: GuaranteeRun,
  type: 'GUARANTEE_EXPIRY_WARNING' | 'GUARANTEE_EXPIRED',
): Promise<void> {
  const ledger = run.g.ledger;
  const offices = officesWithOpenMovements(ledger);
  const holder = `holder:${ledger.holder.tin ?? ledger.holder.name}`;
  // The balance without its lists: the open movements are named beside it.
  const balance = { ...balanceOf(ledger), openReservations: undefined, recentlyClosed: undefined };
  const payload = {
    grn: ledger.grn,
    validUntil: ledger.validUntil,
    openMovements: Object.keys(ledger.open).sort(),
    balance,
  };
  const messages = [holder, ...offices.map((o) => `office:${o}`)].map((destination) => ({
    messageId: `${run.caseId}/${type}/${ledger.validUntil}/${destination}`,
    caseId: run.caseId,
    destination,
    type,
    payload,
  }));
  await step(run, 'outbox write', () => enqueueExchangeMessages(messages));
  await publish(run);
}
