import {
  checkMatchingLines, DossierFacts, EntityName, Entry, LedgerRecord, MatchedLineFacts, Matching, missingReferenceError, RecordError, RecordErrorCode,
  recordIdOf, Reference, referencesOf, validateShape,
} from '@ledgersync/sdk';
import { PlannedStatus } from '../../state';

/** A staged record parsed and checked on its own. */
export interface ShapeChecked {
  id: string;
  record: unknown;
  errors: RecordError[];
  /** The records it refers to (empty when it is malformed). */
  references: Reference[];
}

/** Shape checks, plus the id the listing gave matching the record's own. */
export function checkShape(dossierId: string, entity: EntityName, id: string, recordJson: string, facts?: DossierFacts): ShapeChecked {
  const record = JSON.parse(recordJson) as unknown;
  const errors = validateShape(dossierId, entity, record, facts);
  const ownId = recordIdOf(record);
  if (errors.length === 0 && ownId !== id) {
    errors.push(new RecordError(RecordErrorCode.SchemaViolation, dossierId, entity, id, 'id', `the source lists this record as ${id} but it says ${ownId}`));
  }
  const references = errors.length === 0 ? referencesOf(entity, record as LedgerRecord) : [];
  return { id, record, errors, references };
}

/** Errors for references to records that will not be on the platform. */
export function checkReferences(dossierId: string, entity: EntityName, checked: ShapeChecked, statuses: Map<EntityName, Map<string, PlannedStatus>>): RecordError[] {
  return checked.references
    .filter((ref) => statuses.get(ref.entity)?.get(ref.id) !== 'sent')
    .map((ref) => missingReferenceError(dossierId, entity, checked.id, ref));
}

/** What a matching needs of the entries and accounts it touches, and the amounts matched before it. */
export interface MatchingFacts {
  entries: Map<string, Entry>;
  reconcilable: Map<string, boolean>;
  /** Amount matched on (entry, line) by sent matchings with a smaller id. */
  matchedBefore(entryId: string, line: number): number;
}

export function checkMatching(dossierId: string, matching: Matching, facts: MatchingFacts): RecordError[] {
  const lines = matching.items.map((item): MatchedLineFacts | undefined => {
    const line = facts.entries.get(item.entryId)?.lines.find((l) => l.line === item.line);
    if (!line) return undefined;
    return { amount: line.amount, reconcilable: facts.reconcilable.get(line.accountId) === true, matchedElsewhere: facts.matchedBefore(item.entryId, item.line) };
  });
  return checkMatchingLines(dossierId, matching, lines);
}

/** Accounts a matching's lines sit on: a change of their `reconcilable` flag revalidates the matching. */
export function accountsOfMatching(matching: Matching, entries: Map<string, Entry>): string[] {
  const accounts = new Set<string>();
  for (const item of matching.items) {
    const line = entries.get(item.entryId)?.lines.find((l) => l.line === item.line);
    if (line) accounts.add(line.accountId);
  }
  return [...accounts];
}
