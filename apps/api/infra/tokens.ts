/** Injection tokens for the few things the API shares: configuration, Temporal client, pool, secret. */
export const CONFIG = Symbol('CONFIG');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const PG_POOL = Symbol('PG_POOL');
export const AUTH_SECRET = Symbol('AUTH_SECRET');
/** The partner directory, this node's signing keys and the window (activities/exchange/trust.ts). */
export const EXCHANGE_TRUST = Symbol('EXCHANGE_TRUST');
