/**
 * @ledgersync/conformance: replays recorded ledgers through an adapter and the real diff engine,
 * checks the platform after every step, and certifies adapters that pass.
 */
export * from './driver';
export * from './version';
export * from './suite/catalog';
export * from './suite/types';
export { runConformance, loadLedgers } from './suite/run';
export { conformance } from './mocha';
export { formatReport } from './report/text';
export { RecordedLedgerDriver } from './drivers/recorded-ledger';
export { certifyPlugin, certificatePayload, CertifyError } from './certify/certify';
export { createSigningKey, loadSigningKey, SigningKeyError } from './certify/signing-key';
export { CaptureLogger } from './plugin/capture-logger';
export { generateLedger, GeneratedLedgerOptions, writeGeneratedLedgers } from './generate';
