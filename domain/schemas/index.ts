export * from './common';
export * from './declaration';
export * from './transit';
export * from './guarantee';
export * from './control-result';
export * from './amendment';
