import type { TransitView } from '../../contracts/transit';
import type { TimelineEvent } from '../../contracts/timeline';
import type { TransitDeclaration } from '../schemas/transit';
import { build, date, dateTime, holder, office, securityOf, type OutboundMessage } from './envelope';
import { ie029 } from './ie029';
import { el, opt } from './xml-writer';

export type { OutboundMessage, OutboundType } from './envelope';

export interface MovementRecord {
  view: TransitView;
  /** The declaration as lodged; older movements may be read without it (IE029 then cannot be built). */
  declaration?: TransitDeclaration;
}

const stateEntry = (t: TimelineEvent[], state: string) =>
  t.find((e) => e.type === 'state' && e.state === state);

/** Every message the movement has produced so far, in timeline order. */
export function messagesOf(rec: MovementRecord): OutboundMessage[] {
  const v = rec.view;
  const t = v.timeline;
  const base = { mrn: v.mrn, lrn: v.lrn, country: v.country, recipient: v.holder };
  const lodged = stateEntry(t, 'LODGED')?.at ?? t[0]?.at;
  const accepted = stateEntry(t, 'ACCEPTED')?.at ?? lodged;
  const out: OutboundMessage[] = [];
  const dep = office('CustomsOfficeOfDeparture', v.office);
  const destination = v.itinerary[v.itinerary.length - 1]?.office ?? v.office;
  if (lodged)
    out.push(
      build('IE928', { ...base, at: lodged }, [
        el('TransitOperation', el('LRN', v.lrn)),
        dep,
        holder(v, rec.declaration),
      ]),
    );
  for (const e of t) {
    const at = e.at;
    if (e.type === 'amended')
      out.push(
        build('IE004', { ...base, at, seq: e.seq }, [
          el(
            'TransitOperation',
            el('MRN', v.mrn),
            el('amendmentSubmissionDateAndTime', dateTime(at)),
            el('amendmentAcceptanceDateAndTime', dateTime(at)),
          ),
          dep,
          holder(v, rec.declaration),
        ]),
      );
    if (e.type !== 'state') continue;
    if (e.state === 'ACCEPTED')
      out.push(
        build('IE028', { ...base, at }, [
          el(
            'TransitOperation',
            el('LRN', v.lrn),
            el('MRN', v.mrn),
            el('declarationAcceptanceDate', date(at)),
          ),
          dep,
          holder(v, rec.declaration),
        ]),
      );
    if (e.state === 'RELEASED_FOR_TRANSIT' && rec.declaration && accepted)
      out.push(
        build('IE029', { ...base, at }, ie029({ view: v, declaration: rec.declaration }, at, accepted)),
      );
    // CL384 notification type 0: intention to control. The control itself is not described to the trader.
    if (e.state === 'UNDER_CONTROL')
      out.push(
        build('IE060', { ...base, at }, [
          el(
            'TransitOperation',
            el('MRN', v.mrn),
            el('controlNotificationDateAndTime', dateTime(at)),
            el('notificationType', '0'),
          ),
          dep,
          holder(v, rec.declaration),
        ]),
      );
    if (e.state === 'NOT_RELEASED')
      out.push(
        build('IE051', { ...base, at }, [
          el(
            'TransitOperation',
            el('MRN', v.mrn),
            el('declarationSubmissionDateAndTime', dateTime(lodged ?? at)),
            el('noReleaseMotivationCode', v.guarantee.status === 'REFUSED' ? 'G1' : 'C1'),
            el('noReleaseMotivationText', (e.reason ?? v.guarantee.refusal ?? 'not released').slice(0, 512)),
          ),
          dep,
          holder(v, rec.declaration),
        ]),
      );
    if (e.state === 'INVALIDATED')
      out.push(
        build('IE009', { ...base, at }, [
          el('TransitOperation', el('MRN', v.mrn)),
          el(
            'Invalidation',
            el('requestDateAndTime', dateTime(v.invalidation?.requestedAt ?? at)),
            el('decisionDateAndTime', dateTime(at)),
            el('decision', '1'),
            el('initiatedByCustoms', v.invalidation?.by === 'system' ? '1' : '0'),
            opt('justification', v.invalidation?.justification?.slice(0, 512)),
          ),
          dep,
          holder(v, rec.declaration),
        ]),
      );
    if (e.state === 'ARRIVED')
      out.push(
        build('IE043', { ...base, at, country: (v.arrival?.office ?? destination).slice(0, 2) }, [
          el(
            'TransitOperation',
            el('MRN', v.mrn),
            el('security', securityOf(v.mrn)),
            el('reducedDatasetIndicator', '0'),
          ),
          office('CustomsOfficeOfDestinationActual', v.arrival?.office ?? destination),
          holder(v, rec.declaration, 'TraderAtDestination'),
        ]),
      );
    if (e.state === 'RECOVERY' && v.recovery)
      out.push(
        build('IE035', { ...base, at }, [
          el('TransitOperation', el('MRN', v.mrn), el('declarationAcceptanceDate', date(accepted ?? at))),
          el(
            'RecoveryNotification',
            el('recoveryNotificationDate', date(at)),
            el('amountClaimed', v.recovery.amount),
            el('currency', v.recovery.currency),
          ),
          dep,
          office('CustomsOfficeOfRecoveryAtDeparture', v.office),
          holder(v, rec.declaration),
        ]),
      );
    if (e.state === 'WRITTEN_OFF') {
      if (v.closure === 'ARRIVAL')
        out.push(
          build('IE025', { ...base, at, country: (v.arrival?.office ?? destination).slice(0, 2) }, [
            el(
              'TransitOperation',
              el('MRN', v.mrn),
              el('releaseDate', date(at)),
              el('releaseIndicator', '1'),
            ),
            office('CustomsOfficeOfDestinationActual', v.arrival?.office ?? destination),
            holder(v, rec.declaration, 'TraderAtDestination'),
          ]),
        );
      out.push(
        build('IE045', { ...base, at }, [
          el('TransitOperation', el('MRN', v.mrn), el('writeOffDate', date(at))),
          dep,
          holder(v, rec.declaration),
        ]),
      );
    }
  }
  return out;
}
