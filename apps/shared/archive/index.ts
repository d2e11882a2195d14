export * from './archiver';
export * from './reader';
