import { join } from 'node:path';
import type { SourceState } from '@ledgersync/conformance';
import { readRecordedLedgerFile, RecordedLedger, ReplayedStep } from '@ledgersync/sdk';

export const LEDGER_FILES = ['bakery-basic.json', 'closed-period-edit.json'].map((name) => join(__dirname, '..', '..', '..', '..', 'conformance', 'ledgers', name));

export const bakery = (): RecordedLedger => readRecordedLedgerFile(LEDGER_FILES[0]);
export const closedPeriod = (): RecordedLedger => readRecordedLedgerFile(LEDGER_FILES[1]);

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The fixture-driver state of one replayed step. */
export function stateOf(ledger: RecordedLedger, replayed: ReplayedStep): SourceState {
  return { step: replayed.index, dossier: ledger.dossier, clock: replayed.marker, source: replayed.source, deleted: replayed.deleted };
}
