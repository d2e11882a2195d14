export * from './archiver';
export * from './reader';
export * from './store';
