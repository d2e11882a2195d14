// Signals, queries, updates and search attributes of every process, defined once and imported by the
// workflows, the API and the tests alike. One file per process keeps concurrent work apart.
export * from '../search-attributes';
export type { PendingAction, TimelineEvent } from '../timeline';
export * from './declaration';
export * from './guarantee';
export * from './transit';
export * from './supervision';
export * from './arrival';
