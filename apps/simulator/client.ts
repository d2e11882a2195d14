import http from 'node:http';
import https from 'node:https';
import { mintToken, type Principal } from '../api/auth/tokens';

/** A thin HTTP client over the public API, one bearer token per role, with per-call timing. */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export const DEMO_COUNTRIES = ['KZ', 'KG', 'UZ', 'TJ', 'CN'];

export class ApiClient {
  private readonly tokens = new Map<string, string>();
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(
    readonly baseUrl: string,
    private readonly secret: string,
    private readonly timeoutMs = 30_000,
  ) {}

  token(role: Principal['role'], sub = `${role}@simulator`): string {
    const key = `${role}|${sub}`;
    let t = this.tokens.get(key);
    if (!t) {
      t = mintToken(this.secret, { sub, role, countries: DEMO_COUNTRIES }, '12h');
      this.tokens.set(key, t);
    }
    return t;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    opts: { role?: Principal['role']; body?: unknown; raw?: string } = {},
  ): Promise<ApiResponse<T>> {
    const started = performance.now();
    const headers: Record<string, string> = {};
    if (opts.role) headers.authorization = `Bearer ${this.token(opts.role)}`;
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const res = await this.send(method, path, headers, body);
    let parsed: unknown = res.text;
    try {
      parsed = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      // not JSON (HTML page, proxy error): keep the text
    }
    return { status: res.status, body: parsed as T, ms: performance.now() - started };
  }

  /**
   * One request on a keep-alive connection (node:http rather than fetch: the load generator shares
   * the cores it measures, and fetch cost it about twice the CPU per request).
   */
  private send(method: string, path: string, headers: Record<string, string>, body?: string) {
    const url = new URL(this.baseUrl + path);
    const tls = url.protocol === 'https:';
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = (tls ? https : http).request(
        url,
        { method, headers, agent: tls ? this.httpsAgent : this.httpAgent, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * The routes the API serves: its OpenAPI document, plus the POST routes the simulator uses probed
   * directly (a route can be served before the document lists it). Nest answers an unknown route
   * with 404 "Cannot POST ..."; any other answer means the route is there.
   */
  async routes(): Promise<Set<string>> {
    const out = new Set<string>();
    try {
      const res = await this.request<{ paths?: Record<string, Record<string, unknown>> }>(
        'GET',
        '/docs/openapi.json',
      );
      if (res.status === 200 && res.body?.paths) {
        for (const [p, ops] of Object.entries(res.body.paths))
          for (const m of Object.keys(ops)) out.add(`${m.toUpperCase()} ${p}`);
      }
    } catch {
      // no document: probe below
    }
    const probeMrn = '22ITZXBZYUTJFLJXK6';
    const probes: [string, Principal['role']][] = [
      ['/v1/declarations/{mrn}/control-results', 'officer'],
      ['/v1/declarations/{mrn}/payments', 'treasury'],
      ['/v1/declarations/{mrn}/query-answer', 'clearance-system'],
      ['/v1/guarantees', 'clearance-system'],
      ['/v1/transits', 'clearance-system'],
      ['/v1/transits/{mrn}/border-crossings', 'officer'],
      ['/v1/transits/{mrn}/arrival', 'officer'],
      ['/v1/transits/{mrn}/unloading-remarks', 'officer'],
    ];
    for (const [p, role] of probes) {
      if (out.has(`POST ${p}`)) continue;
      const res = await this.request<{ message?: string }>('POST', p.replace('{mrn}', probeMrn), {
        role,
        raw: '{}',
      }).catch(() => undefined);
      if (res && !(res.status === 404 && /^Cannot POST/.test(String(res.body?.message ?? ''))))
        out.add(`POST ${p}`);
    }
    return out;
  }
}

/** Which optional parts of the process the API offers (routes land one by one). */
export interface Capabilities {
  controlResults: boolean;
  payments: boolean;
  queryAnswer?: string;
  guarantees: boolean;
  transits: boolean;
  transitActions: { borderCrossing?: string; arrival?: string; unloading?: string };
}

export function capabilities(routes: Set<string>): Capabilities {
  const find = (re: RegExp) => [...routes].find((r) => re.test(r))?.split(' ')[1];
  return {
    controlResults: routes.has('POST /v1/declarations/{mrn}/control-results'),
    payments: routes.has('POST /v1/declarations/{mrn}/payments'),
    queryAnswer: find(/^POST \/v1\/declarations\/\{mrn\}\/[a-z-]*answer/),
    guarantees: routes.has('POST /v1/guarantees'),
    transits: routes.has('POST /v1/transits'),
    transitActions: {
      borderCrossing: find(/^POST \/v1\/transits\/\{mrn\}\/border-crossings$/),
      arrival: find(/^POST \/v1\/transits\/\{mrn\}\/arrival$/),
      unloading: find(/^POST \/v1\/transits\/\{mrn\}\/unloading-remarks$/),
    },
  };
}
