/** Injection tokens for the few things the API shares: configuration, Temporal client, pool, secret. */
export const CONFIG = Symbol('CONFIG');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const PG_POOL = Symbol('PG_POOL');
export const AUTH_SECRET = Symbol('AUTH_SECRET');
