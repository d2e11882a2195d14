import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  /** `http://host:port`, with the port the listener got (0 asks for a free one). */
  url: string;
  close(): Promise<void>;
}

/**
 * A listener that answers `GET /metrics` and nothing else: the worker's (it has no API), and the
 * API's own when CLEARWAY_API_METRICS_PORT is set. It serves counts, no case data, and binds
 * CLEARWAY_METRICS_HOST (loopback by default), so it is reachable where the operator puts it.
 * `extra` is another exporter's text appended to ours: the Temporal SDK's runtime metrics.
 */
export async function startMetricsServer(opts: {
  registry: Registry;
  host: string;
  port: number;
  extra?: () => Promise<string>;
}): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void Promise.all([opts.registry.metrics(), opts.extra?.().catch(() => '') ?? ''])
      .then(([ours, theirs]) => {
        res.writeHead(200, { 'content-type': opts.registry.contentType });
        res.end(theirs ? `${ours}\n${theirs}` : ours);
      })
      .catch((err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A free loopback port, for the SDK's own Prometheus exporter (which needs one named up front). */
export async function freeLoopbackPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Reads the SDK's exporter; its text joins the worker's `/metrics` (one scrape target). */
export function scrape(url: string): () => Promise<string> {
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? await res.text() : '';
  };
}
