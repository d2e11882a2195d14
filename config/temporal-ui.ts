/**
 * The Temporal UI server's config file (`<root>/config/<env>.yaml`). With `tls` it reaches an mTLS
 * frontend with its own client certificate; `readOnly` leaves it no write action (terminate, signal,
 * reset...): supervisors act through Clearway's API and console, which check who may do what.
 * `codecEndpoint`: the API's /codec, to which the UI sends the codec session cookie.
 */
export function uiConfig(o: {
  temporalAddress: string;
  port: number;
  namespace: string;
  loopbackOnly: boolean;
  tls?: { caFile: string; certFile: string; keyFile: string; serverName: string };
  readOnly?: boolean;
  codecEndpoint?: string;
}) {
  return {
    temporalGrpcAddress: o.temporalAddress,
    host: o.loopbackOnly ? '127.0.0.1' : '0.0.0.0',
    port: o.port,
    enableUi: true,
    defaultNamespace: o.namespace,
    notifyOnNewVersion: false,
    ...(o.tls ? { tls: { ...o.tls, enableHostVerification: true } } : {}),
    ...(o.readOnly ? { disableWriteActions: true } : {}),
    ...(o.codecEndpoint ? { codec: { endpoint: o.codecEndpoint, includeCredentials: true } } : {}),
  };
}
