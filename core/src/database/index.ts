export * from './config';
export * from './connect';
