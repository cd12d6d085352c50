export * from './record';
export * from './scrub';
export * from './token-file';
