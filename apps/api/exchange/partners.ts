import { keyValidAt } from '../../../config/partners';
import type { ExchangeTrust } from '../../../activities/exchange/trust';

/**
 * `GET /v1/exchange/partners`: the directory as this node uses it, public keys only, each key with
 * whether it is valid now; `served` marks the administrations this node answers for itself.
 */
export const partnerListing = (trust: ExchangeTrust, now: Date) => ({
  partners: trust.directory.partners.map((p) => ({
    administration: p.administration,
    ...(p.name ? { name: p.name } : {}),
    endpoint: p.endpoint,
    served: trust.served.includes(p.administration),
    takes: p.takes,
    sends: p.sends,
    keys: p.keys.map((k) => ({
      kty: k.kty,
      crv: k.crv,
      x: k.x,
      kid: k.kid,
      validFrom: k.validFrom.toISOString(),
      ...(k.validTo ? { validTo: k.validTo.toISOString() } : {}),
      validNow: keyValidAt(k, now),
    })),
  })),
});
