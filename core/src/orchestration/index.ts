/** Sync orchestration, the connector's side: polling, running tasks through the engine, posting changesets. */
export * from './errors';
export * from './platform-client';
export * from './http-receiver';
export * from './push-recorder';
export * from './connector';
export * from './host-adapters';
