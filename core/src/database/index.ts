export * from './config';
export * from './connect';
export * from './native-sqlite';
