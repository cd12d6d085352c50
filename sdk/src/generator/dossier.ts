import { EntityName, EntityRecordMap } from '../model/entities';
import { generatedAccounts, generatedCounterparty, generatedFiscalYears, generatedJournals, generatedPeriods } from './chart';
import { entryAt, matchingsOfCycle } from './entries';
import { ClosingEntries, realBooksAccounts, realBooksCounterparties } from './real-books';
import { DossierShape, ENTRIES_PER_CYCLE } from './shape';

/** One generated record with its entity. */
export type GeneratedRecord = { [E in EntityName]: { entity: E; record: EntityRecordMap[E] } }[EntityName];

/**
 * The whole dossier as a stream, in dependency order (fiscal years, periods, journals, accounts,
 * counterparties, entries, matchings): nothing is held but the record being yielded, so a
 * 10-million-line dossier streams in constant memory.
 */
export function* dossierRecords(shape: DossierShape): Generator<GeneratedRecord> {
  for (const record of generatedFiscalYears(shape.firstYear, shape.fiscalYears)) yield { entity: 'fiscalYear', record };
  for (const record of generatedPeriods(shape.firstYear, shape.fiscalYears)) yield { entity: 'period', record };
  for (const record of generatedJournals()) yield { entity: 'journal', record };
  for (const record of generatedAccounts()) yield { entity: 'account', record };
  if (shape.realBooks) for (const record of realBooksAccounts()) yield { entity: 'account', record };
  for (let i = 0; i < shape.counterparties; i++) yield { entity: 'counterparty', record: generatedCounterparty(shape.seed, i) };
  if (shape.realBooks) for (const record of realBooksCounterparties(shape)) yield { entity: 'counterparty', record };
  const closing = shape.realBooks ? new ClosingEntries() : undefined;
  for (let i = 0; i < shape.entries; i++) {
    const record = entryAt(shape, i);
    closing?.add(record);
    yield { entity: 'entry', record };
  }
  if (closing) for (const record of closing.entries(shape)) yield { entity: 'entry', record };
  yield* matchingRecords(shape, shape.entries);
}

/** The matchings among the first `entryCount` entries. */
export function* matchingRecords(shape: DossierShape, entryCount: number, fromCycle = 0): Generator<GeneratedRecord> {
  const cycles = Math.ceil(entryCount / ENTRIES_PER_CYCLE);
  for (let cycle = fromCycle; cycle < cycles; cycle++) {
    for (const record of matchingsOfCycle(shape, cycle, entryCount)) yield { entity: 'matching', record };
  }
}
