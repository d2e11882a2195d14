import { ConflictException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { JointGoods, JointMovementFacts, TransitInput, TransitView } from '../../../contracts';
import type { TransitDeclaration } from '../../../domain/schemas/transit';
import { decodeHistoryPayloads, fetchHistory } from '../../shared/histories';

const IN_TRANSIT = ['RELEASED_FOR_TRANSIT'];

/**
 * Whether the movement stands at exit post `exit` with `entry` (the facing post) next on its route:
 * the exit post is its next crossing and the facing post the stop after it. A 409 says why not.
 */
export function assertAtExitPost(view: TransitView, exit: string, entry: string): void {
  if (!IN_TRANSIT.includes(view.state))
    throw new ConflictException(`the movement is ${view.state}: a joint control needs a movement in transit`);
  const it = view.itinerary;
  const at = it.findIndex((s) => s.role === 'transit' && !s.crossedAt);
  if (at < 0 || it[at].office !== exit)
    throw new ConflictException(
      `the movement's next crossing is ${at < 0 ? 'none (all recorded)' : it[at].office}, not exit post ${exit}`,
    );
  if (it[at + 1]?.office !== entry)
    throw new ConflictException(
      `the facing post ${entry} is not the next office on the route after ${exit} (${it[at + 1]?.office ?? 'none'})`,
    );
}

/** The lodged declaration, from the movement's start input (the case view keeps no goods items). */
export async function lodgedDeclaration(client: Client, mrn: string): Promise<TransitDeclaration> {
  const { history } = await fetchHistory(client, `transit/${mrn}`);
  await decodeHistoryPayloads(history, client.options.dataConverter.payloadCodecs ?? []);
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const conv = (
    client.options as { loadedDataConverter: { payloadConverter: { fromPayload<T>(p: unknown): T } } }
  ).loadedDataConverter.payloadConverter;
  return conv.fromPayload<TransitInput>(payload).declaration;
}

/** What the joint post decides on: the movement as it stands (seals, incidents) and as it was lodged. */
export function movementFacts(
  view: TransitView,
  t: TransitDeclaration,
): { movement: JointMovementFacts; goods: JointGoods } {
  const brokenAtCrossing = view.itinerary.some((s) => s.sealsIntact === false);
  const resealed = view.incidents.some((i) => i.newSeals?.length);
  return {
    movement: {
      kind: 'transit',
      mrn: view.mrn,
      ...(t.holder.tin ? { holderTin: t.holder.tin } : {}),
      holderName: t.holder.name,
      aeo: t.holder.aeo === true,
      seals: view.seals,
      sealsIntact: !brokenAtCrossing && !resealed,
      routeCountries: t.countriesOfRouting,
      ...(t.transport.vehicleRegistration ? { vehicleRegistration: t.transport.vehicleRegistration } : {}),
      containers: t.transport.containers ?? [],
    },
    goods: {
      items: t.consignment.items.map((i) => ({
        seq: i.seq,
        hsCode: i.hsCode,
        description: i.description,
        grossMassKg: i.grossMassKg,
      })),
      documentCodes: [...new Set((t.documents ?? []).map((d) => d.type))],
      grossMassKg: t.consignment.grossMassKg,
    },
  };
}
