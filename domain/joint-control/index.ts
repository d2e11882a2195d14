/** Joint control at facing border posts (docs/joint-control.md), workflow-safe: no risk engine here. */
export * from './case';
export * from './decision';
export * from './lifecycle';
export * from './commands';
