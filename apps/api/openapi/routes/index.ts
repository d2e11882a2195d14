import { ADMIN_ROUTES } from './admin';
import { ALERT_ROUTES } from './alerts';
import { AUDIT_ROUTES } from './audits';
import { CASE_ROUTES } from './cases';
import { CODEC_ROUTES } from './codec';
import type { RouteDoc } from './common';
import { DECLARATION_EXIT_ROUTES } from './declaration-exit';
import { DECLARATION_ROUTES } from './declarations';
import { EXCHANGE_ROUTES } from './exchange';
import { GUARANTEE_ROUTES } from './guarantees';
import { JOINT_CONTROL_ROUTES } from './joint-controls';
import { NCTS_ROUTES } from './ncts';
import { OPERATION_ROUTES } from './operations';
import { OUTBOX_ROUTES } from './outbox';
import { RISK_PROFILE_ROUTES } from './risk-profiles';
import { STATISTICS_ROUTES } from './statistics';
import { TRANSIT_ROUTES } from './transits';
import { WEBHOOK_ROUTES } from './webhooks';

export type { HttpMethod, ResponseDoc, RouteDoc } from './common';

/**
 * Every route of the API, by hand, with the zod schemas its controller validates with, one file per
 * resource. The OpenAPI document is generated from this table (in this order), and
 * tests/e2e/openapi.test.ts fails when Nest registers a route that is missing here (or the roles here
 * differ from the route's @Roles).
 */
export const ROUTES: RouteDoc[] = [
  ...OPERATION_ROUTES,
  ...DECLARATION_ROUTES,
  ...DECLARATION_EXIT_ROUTES,
  ...WEBHOOK_ROUTES,
  ...TRANSIT_ROUTES,
  ...NCTS_ROUTES,
  ...EXCHANGE_ROUTES,
  ...GUARANTEE_ROUTES,
  ...AUDIT_ROUTES,
  ...ALERT_ROUTES,
  ...JOINT_CONTROL_ROUTES,
  ...CASE_ROUTES,
  ...ADMIN_ROUTES,
  ...RISK_PROFILE_ROUTES,
  ...STATISTICS_ROUTES,
  ...CODEC_ROUTES,
  ...OUTBOX_ROUTES,
];
