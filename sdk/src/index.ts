/**
 * @ledgersync/sdk — what adapter authors import.
 *
 * - the canonical ledger model: types, JSON Schemas, invariants, portal figures;
 * - the extraction contract every adapter implements, and its errors;
 * - the plugin contract (`activate(context)`) and the manifest schema;
 * - recorded ledgers: reader and replay, shared by the conformance suite and test adapters.
 */
export * from './version';
export * from './errors';
export * from './model/entities';
export * from './model/state';
export * from './model/canonical';
export * from './model/dates';
export * from './model/record-error';
export * from './model/schemas';
export * from './model/currency-amounts';
export * from './model/invariants';
export * from './model/validity';
export * from './model/figures';
export * from './model/currency-figures';
export * from './extraction/contract';
export * from './extraction/errors';
export * from './extraction/fingerprint';
export * from './extraction/proposal';
export * from './extraction/sql';
export * from './plugin/contract';
export * from './plugin/manifest';
export * from './plugin/manifest-validation';
export * from './recorded/ledger';
export * from './recorded/reader';
export * from './recorded/replay';
export * from './generator';
