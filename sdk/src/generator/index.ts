/**
 * Large, realistic, deterministic ledgers: streamed into a backend for benchmarks, or as small
 * recorded ledgers for conformance runs. See docs/benchmarks.md.
 */
export { DossierOptions, DossierShape, dossierShape, GeneratorOptionsError, ENTRIES_PER_CYCLE } from './shape';
export { Random, seededRandom, mixSeed } from './random';
export { GENERATED_ACCOUNTS, GENERATED_JOURNALS } from './chart';
export { entryAt, entryIdAt, matchingsOfCycle, Slot, slotOf } from './entries';
export { dossierRecords, matchingRecords, GeneratedRecord } from './dossier';
export { ChangePlan, ChangePlanOptions, planChanges, changesOf } from './history';
export { RecordedLedgerOptions, generateRecordedLedger } from './recorded';
