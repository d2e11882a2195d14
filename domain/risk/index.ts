export * from './schema';
export * from './facts';
export * from './decision';
export * from './compile';
export * from './reference';
export * from './random';
export * from './stats';
export * from './regex';
