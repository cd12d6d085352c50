import { Entry, EntityName, EntityRecordMap, Matching } from './entities';
import { DATE_FIELDS, isCalendarDate } from './dates';
import { checkCurrencyAmounts, DossierFacts } from './currency-amounts';
import { RecordError, RecordErrorCode } from './record-error';
import { describeSchemaError, recordValidator } from './schemas';

/** The id a report can name, even for a record too broken to have one. */
export function recordIdOf(record: unknown): string {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : '(no id)';
}

/**
 * Everything that can be checked on one record alone: its schema, real calendar dates, unique line
 * numbers, an entry's lines summing to 0, its `currencyAmount`s (sign, and with `facts.bookCurrency`
 * not on a book-currency entry) and a matching's items summing to 0.
 * Returns every problem found (empty: the record is well-formed).
 */
export function validateShape(dossierId: string, entity: EntityName, record: unknown, facts: DossierFacts = {}): RecordError[] {
  const id = recordIdOf(record);
  const error = (code: RecordErrorCode, field: string, detail: string) =>
    new RecordError(code, dossierId, entity, id, field, detail);
  const validate = recordValidator(entity);
  if (!validate(record)) {
    return (validate.errors ?? []).map((e) => {
      const { field, detail } = describeSchemaError(e);
      return error(RecordErrorCode.SchemaViolation, field, detail);
    });
  }
  const errors: RecordError[] = [];
  const fields = record as Record<string, unknown>;
  for (const field of DATE_FIELDS[entity] ?? []) {
    if (fields[field] !== undefined && !isCalendarDate(fields[field])) {
      errors.push(error(RecordErrorCode.InvalidDate, field, `${fields[field]} is not a calendar date`));
    }
  }
  if (entity === 'entry') {
    const entry = record as Entry;
    const seen = new Set<number>();
    entry.lines.forEach((line, index) => {
      if (seen.has(line.line)) errors.push(error(RecordErrorCode.DuplicateLine, `lines[${index}].line`, `line ${line.line} appears twice`));
      seen.add(line.line);
    });
    const sum = entry.lines.reduce((total, line) => total + line.amount, 0);
    if (sum !== 0) errors.push(error(RecordErrorCode.UnbalancedEntry, 'lines', `lines sum to ${sum}, not 0`));
    errors.push(...checkCurrencyAmounts(dossierId, entry, facts));
  }
  if (entity === 'matching') {
    const sum = (record as Matching).items.reduce((total, item) => total + item.amount, 0);
    if (sum !== 0) errors.push(error(RecordErrorCode.UnbalancedMatching, 'items', `items sum to ${sum}, not 0`));
  }
  return errors;
}

/** A reference from one record to another, by field. */
export interface Reference {
  field: string;
  entity: EntityName;
  id: string;
}

/**
 * The records a well-formed record refers to. Each must exist (and be valid) in the same state.
 * Matching items refer to entries here; their lines are checked by {@link checkMatchingLines}.
 */
export function referencesOf<E extends EntityName>(entity: E, record: EntityRecordMap[E]): Reference[] {
  switch (entity) {
    case 'period':
      return [{ field: 'fiscalYearId', entity: 'fiscalYear', id: (record as EntityRecordMap['period']).fiscalYearId }];
    case 'entry': {
      const entry = record as Entry;
      const refs: Reference[] = [
        { field: 'journalId', entity: 'journal', id: entry.journalId },
        { field: 'fiscalYearId', entity: 'fiscalYear', id: entry.fiscalYearId },
        { field: 'periodId', entity: 'period', id: entry.periodId },
      ];
      if (entry.counterpartyId !== undefined) refs.push({ field: 'counterpartyId', entity: 'counterparty', id: entry.counterpartyId });
      entry.lines.forEach((line, index) => {
        refs.push({ field: `lines[${index}].accountId`, entity: 'account', id: line.accountId });
        if (line.counterpartyId !== undefined) refs.push({ field: `lines[${index}].counterpartyId`, entity: 'counterparty', id: line.counterpartyId });
      });
      return refs;
    }
    case 'matching':
      return (record as Matching).items.map((item, index) => ({ field: `items[${index}].entryId`, entity: 'entry' as const, id: item.entryId }));
    default:
      return [];
  }
}

export function missingReferenceError(dossierId: string, entity: EntityName, recordId: string, ref: Reference): RecordError {
  return new RecordError(RecordErrorCode.MissingReference, dossierId, entity, recordId, ref.field, `refers to ${ref.entity} ${ref.id}, which does not exist`);
}

/** What a matching needs to know of each line it takes an amount off. */
export interface MatchedLineFacts {
  amount: number;
  reconcilable: boolean;
  /** Amount already matched on the line by other (valid) matchings. */
  matchedElsewhere: number;
}

/**
 * Checks a well-formed matching against the lines it matches: each line exists, sits on a
 * reconcilable account, has the sign of its item, and is never matched beyond its amount.
 * `lines[i]` belongs to `matching.items[i]`, undefined where the entry has no such line.
 */
export function checkMatchingLines(dossierId: string, matching: Matching, lines: readonly (MatchedLineFacts | undefined)[]): RecordError[] {
  const errors: RecordError[] = [];
  const error = (code: RecordErrorCode, field: string, detail: string) =>
    errors.push(new RecordError(code, dossierId, 'matching', matching.id, field, detail));
  const matchedHere = new Map<string, number>();
  matching.items.forEach((item, index) => {
    const facts = lines[index];
    const field = `items[${index}]`;
    if (!facts) return error(RecordErrorCode.MissingReference, `${field}.line`, `entry ${item.entryId} has no line ${item.line}`);
    if (!facts.reconcilable) return error(RecordErrorCode.NotReconcilable, `${field}.line`, `entry ${item.entryId} line ${item.line} is not on a reconcilable account`);
    if (Math.sign(item.amount) !== Math.sign(facts.amount) || item.amount === 0) {
      return error(RecordErrorCode.SignMismatch, `${field}.amount`, `${item.amount} does not have the sign of line amount ${facts.amount}`);
    }
    const key = `${item.entryId}\u0000${item.line}`;
    const matched = (matchedHere.get(key) ?? 0) + item.amount;
    matchedHere.set(key, matched);
    if (Math.abs(matched + facts.matchedElsewhere) > Math.abs(facts.amount)) {
      error(RecordErrorCode.OverMatched, `${field}.amount`, `entry ${item.entryId} line ${item.line} would be matched for ${matched + facts.matchedElsewhere} of ${facts.amount}`);
    }
  });
  return errors;
}
