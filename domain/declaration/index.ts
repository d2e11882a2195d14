// The declaration process's state value and its pure commands (docs/declaration-process.md).
export * from './amendment';
export * from './case';
export * from './channels';
export * from './commands';
export * from './exit';
export * from './payment';
export * from './refusals';
export * from './supervision';
