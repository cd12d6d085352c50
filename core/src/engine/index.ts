export * from './api';
export * from './errors';
export { SourceEnvelopeError } from './source-envelope';
export { createDiffEngine, DiffEngineOptions } from './diff-engine';
export { MemoryReceiver } from './memory-receiver';
export { LEVEL1_BITS, LEVEL2_BITS } from './detect/digest-scan';
