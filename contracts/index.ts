// The contracts of every process (inputs, settings, views, commands, signal/update/query definitions,
// timeline events, search-attribute keys), shared by the API, activities, workflows and tests. Plain
// TypeScript and @temporalio definitions only: no zod, no code lists (docs/house-rules.md).
export * from './search-attributes';
export type { PendingAction, TimelineEvent } from './timeline';
export * from './declaration';
export * from './declaration-exit';
export * from './guarantee';
export * from './transit';
export * from './supervision';
export * from './arrival';
export * from './audit';
export * from './alert';
export * from './joint-control';
