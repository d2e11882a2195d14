import { businessIdOf } from '../business-id';

/** An audit's id from an outbox message id or the canonical open request of POST /v1/audits. */
export const auditIdOf = (country: string, key: string): string => businessIdOf(country, 'A', key);
