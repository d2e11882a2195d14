import type { Sender } from './senders';

/**
 * Which way out a destination takes, decided from the destination alone:
 * - `clearance-system:<sub>`: the clearance system's webhook (`webhook_subscriptions`);
 * - `holder:<TIN>`, `declarant:<id>`: the party's webhook (`party_webhooks`);
 * - `office:<code>` of a served country, `supervisor:<code>`: email to its mailbox;
 * - `office:<code>` of a country this node does not serve, `partner:<cc>`: the partner sender;
 * - `partner:<cc>` of an administration this node serves: nothing to send, its officers read the case
 *   here (the all-in-one stack), so the message is marked delivered (`local`).
 * Audit requests (`post-entry-audit-requested`) are not messages to send: the audit dispatch
 * (activities/selection/dispatch.ts) consumes them from the same table.
 */
export type Route = 'webhook' | 'party-webhook' | 'mail' | 'partner' | 'local';

export const INTERNAL_TYPES = ['post-entry-audit-requested'] as const;

export function routeOf(destination: string, served: ReadonlySet<string>): Route | undefined {
  const [kind, rest = ''] = destination.split(':', 2);
  switch (kind) {
    case 'clearance-system':
      return 'webhook';
    case 'holder':
    case 'declarant':
      return 'party-webhook';
    case 'supervisor':
      return 'mail';
    case 'office':
      return served.has(rest.slice(0, 2).toUpperCase()) ? 'mail' : 'partner';
    case 'partner':
      return served.has(rest.toUpperCase()) ? 'local' : 'partner';
    default:
      return undefined;
  }
}

export type Senders = Partial<Record<Route, Sender>>;

export interface RouteFilterInput {
  senders: Senders;
  served: ReadonlySet<string>;
  /** Mail goes only to these destinations (configured addresses) unless every one has an address. */
  mailTo: 'all' | readonly string[];
}

/**
 * The SQL condition (over `outbox o`) selecting messages some configured sender can take now, with
 * its parameters from `$first` on: a message whose way out is missing (no subscription, no mail
 * relay or address, no partner sender yet) is not claimed and stays queued, as before delivery
 * existed for it.
 */
export function routeFilter(input: RouteFilterInput, first: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${first + params.push(v) - 1}`;
  let servedParam: string | undefined;
  const servedOffice = () =>
    `(split_part(o.destination, ':', 1) = 'office' AND upper(left(split_part(o.destination, ':', 2), 2)) = ANY(${(servedParam ??= p([...input.served]))}::text[]))`;
  const parts: string[] = [];
  if (input.senders.webhook)
    parts.push(
      `(split_part(o.destination, ':', 1) = 'clearance-system' AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE o.destination = 'clearance-system:' || s.subscriber))`,
    );
  if (input.senders['party-webhook'])
    parts.push(
      `(split_part(o.destination, ':', 1) IN ('holder', 'declarant') AND EXISTS (SELECT 1 FROM party_webhooks w WHERE w.destination = o.destination))`,
    );
  if (input.senders.mail) {
    const mailable = `(split_part(o.destination, ':', 1) = 'supervisor' OR ${servedOffice()})`;
    parts.push(
      input.mailTo === 'all'
        ? mailable
        : `(${mailable} AND o.destination = ANY(${p([...input.mailTo])}::text[]))`,
    );
  }
  const servedPartner = () =>
    `(split_part(o.destination, ':', 1) = 'partner' AND upper(split_part(o.destination, ':', 2)) = ANY(${(servedParam ??= p([...input.served]))}::text[]))`;
  if (input.senders.local) parts.push(servedPartner());
  if (input.senders.partner)
    parts.push(
      `((split_part(o.destination, ':', 1) = 'partner' AND NOT ${servedPartner()}) OR (split_part(o.destination, ':', 1) = 'office' AND NOT ${servedOffice()}))`,
    );
  return {
    sql: `o.type <> ALL(${p([...INTERNAL_TYPES])}::text[]) AND (${parts.length ? parts.join(' OR ') : 'false'})`,
    params,
  };
}
