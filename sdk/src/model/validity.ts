import { ENTITIES, Entry, EntityName, EntityRecordMap, Matching } from './entities';
import { DossierFacts } from './currency-amounts';
import { checkMatchingLines, MatchedLineFacts, missingReferenceError, referencesOf, validateShape } from './invariants';
import { RecordError } from './record-error';
import { emptyLedgerState, LedgerState } from './state';

/** What a source holds: records that claim the model's shape, some of which may break it. */
export type SourceLedgerState = { [E in EntityName]: Map<string, unknown> };

export function emptySourceState(): SourceLedgerState {
  return emptyLedgerState() as unknown as SourceLedgerState;
}

/** The valid part of a source state, and a report of every record left out and why. */
export interface ValidatedState {
  state: LedgerState;
  rejected: RecordError[];
}

/**
 * The records of `source` that the platform must hold: a record is valid when it is well-formed,
 * every record it refers to is itself valid, and (for matchings, taken in id order) its lines can
 * take the amounts without being over-matched. Deterministic: the same state always yields the
 * same split, which is what every sync must converge to. `facts.bookCurrency` (the dossier's
 * currency) enables the check that no `currencyAmount` sits on a book-currency entry.
 */
export function validState(dossierId: string, source: SourceLedgerState, facts: DossierFacts = {}): ValidatedState {
  const state = emptyLedgerState();
  const rejected: RecordError[] = [];
  for (const entity of ENTITIES) {
    const ids = [...source[entity].keys()].sort(compareIds);
    const matched = new Map<string, number>();
    for (const id of ids) {
      const record = source[entity].get(id);
      const errors = validateShape(dossierId, entity, record, facts);
      if (errors.length === 0) {
        for (const ref of referencesOf(entity, record as EntityRecordMap[typeof entity])) {
          if (!state[ref.entity].has(ref.id)) errors.push(missingReferenceError(dossierId, entity, id, ref));
        }
      }
      if (errors.length === 0 && entity === 'matching') {
        const matching = record as Matching;
        const facts = matching.items.map((item) => lineFacts(state, matched, item.entryId, item.line));
        errors.push(...checkMatchingLines(dossierId, matching, facts));
        if (errors.length === 0) {
          for (const item of matching.items) {
            const key = lineKey(item.entryId, item.line);
            matched.set(key, (matched.get(key) ?? 0) + item.amount);
          }
        }
      }
      if (errors.length > 0) rejected.push(...errors);
      else (state[entity] as Map<string, unknown>).set(id, record);
    }
  }
  return { state, rejected };
}

function lineFacts(state: LedgerState, matched: Map<string, number>, entryId: string, lineNo: number): MatchedLineFacts | undefined {
  const entry: Entry | undefined = state.entry.get(entryId);
  const line = entry?.lines.find((l) => l.line === lineNo);
  if (!line) return undefined;
  return {
    amount: line.amount,
    reconcilable: state.account.get(line.accountId)?.reconcilable === true,
    matchedElsewhere: matched.get(lineKey(entryId, lineNo)) ?? 0,
  };
}

function lineKey(entryId: string, line: number): string {
  return `${entryId}\u0000${line}`;
}

/** Code-unit order of ids: the order every stable listing in ledgersync uses. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
