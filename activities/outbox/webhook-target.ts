import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Where a webhook may point. A clearance system names its URL; Clearway then POSTs to it from inside
 * the deployment, so a URL resolving to loopback, a private network, link-local (the cloud metadata
 * service at 169.254.169.254) or another special-use range would make Clearway a proxy into its own
 * network. Such addresses are refused when the subscription is stored and again at every delivery,
 * against the addresses the host resolves to then: the connection is made to the address that was
 * checked (a custom `lookup`), so a name re-pointed between check and connect cannot slip through,
 * and redirects are never followed. `CLEARWAY_WEBHOOK_ALLOW_PRIVATE=true` lifts the rule, for a
 * receiver on the same host or network (the test harness; docs/operations.md).
 */

/** Special-use ranges (RFC 6890 and successors), with what they are. */
const V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
];

function v4Bits(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6Bits(ip: string): bigint {
  let text = ip.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4Bits(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail = ''] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = text.includes('::') && tail ? tail.split(':') : [];
  const groups = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

const inRange = (bits: bigint, width: number, base: bigint, prefix: number) =>
  bits >> BigInt(width - prefix) === base >> BigInt(width - prefix);

/** Why `ip` may not receive webhooks, or undefined for a public unicast address. */
export function addressRefusal(ip: string): string | undefined {
  if (net.isIPv4(ip)) {
    const bits = v4Bits(ip);
    return V4.find(([base, prefix]) => inRange(bits, 32, v4Bits(base), prefix))?.[2];
  }
  if (!net.isIPv6(ip)) return 'not an IP address';
  const bits = v6Bits(ip);
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 behind them.
  if (inRange(bits, 128, v6Bits('::ffff:0:0'), 96) || inRange(bits, 128, v6Bits('64:ff9b::'), 96)) {
    const v4 = bits & 0xffffffffn;
    return addressRefusal([24n, 16n, 8n, 0n].map((s) => String((v4 >> s) & 0xffn)).join('.'));
  }
  return V6.find(([base, prefix]) => inRange(bits, 128, v6Bits(base), prefix))?.[2];
}

export class WebhookTargetRefused extends Error {
  readonly code = 'webhook_target_refused';
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

function refuseAll(host: string, addresses: readonly string[]): void {
  for (const a of addresses) {
    const why = addressRefusal(a);
    if (why)
      throw new WebhookTargetRefused(
        `${host === a ? a : `${host} resolves to ${a}, which`} is a ${why} address: webhooks go to public addresses only`,
      );
  }
}

/**
 * Why the URL may not be a webhook (its host is, or resolves to, a refused address; or it does not
 * resolve), or undefined. Checked when a subscription is stored.
 */
export async function webhookUrlRefusal(url: string, allowPrivate: boolean): Promise<string | undefined> {
  if (allowPrivate) return undefined;
  const host = hostOf(new URL(url));
  try {
    if (net.isIP(host)) refuseAll(host, [host]);
    else
      refuseAll(
        host,
        (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address),
      );
  } catch (err) {
    if (err instanceof WebhookTargetRefused) return err.message;
    return `${host} does not resolve (${(err as { code?: string }).code ?? (err as Error).message})`;
  }
  return undefined;
}

/** A `lookup` for http.request that fails rather than connect to a refused address. */
const checkedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    try {
      refuseAll(
        hostname,
        addresses.map((a) => a.address),
      );
    } catch (refused) {
      return callback(refused as NodeJS.ErrnoException, '', 4);
    }
    if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
};

export interface PostOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/**
 * POSTs `body` to a webhook and answers its status. The host is checked as at subscription, on the
 * address actually connected to; a 3xx is an answer like any other (not 2xx: a failed delivery),
 * never followed.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const host = hostOf(u);
    if (!opts.allowPrivate && net.isIP(host)) {
      try {
        refuseAll(host, [host]);
      } catch (err) {
        return reject(err);
      }
    }
    const req = (u.protocol === 'https:' ? https : http).request(u, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      timeout: opts.timeoutMs,
      ...(opts.allowPrivate ? {} : { lookup: checkedLookup }),
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
