import { Journal, JournalType } from '@ledgersync/sdk';
import { EntitySource } from './source';
import { RowReader } from './values';

/**
 * Journals are BC source codes (every G/L Entry carries one). The type comes from the first
 * general journal template (by name) that posts with that source code; a source code no template
 * uses (SALES, PURCHASES from posted documents) is `general` unless its template says otherwise.
 */
const TEMPLATE_TYPES: Readonly<Record<number, JournalType>> = { 0: 'general', 1: 'sales', 2: 'purchase', 3: 'financial', 4: 'financial' };

/** Gen. Journal Template `Type` option value for a journal type (the fixture writes templates). */
export const TEMPLATE_TYPE_OF: Readonly<Record<JournalType, number>> = { general: 0, sales: 1, purchase: 2, financial: 3 };

export const journalSource: EntitySource<'journal'> = {
  entity: 'journal',
  content: ['name', 'template_type'],
  rows: ({ db, tables }) =>
    db.raw(
      `SELECT sc.[Code] AS id, sc.[timestamp] AS ts, 0 AS seq, sc.[Description] AS name, COALESCE(t.[Type], -1) AS template_type
  FROM ?? sc OUTER APPLY (SELECT TOP 1 jt.[Type] FROM ?? jt WHERE jt.[Source Code] = sc.[Code] ORDER BY jt.[Name]) t`,
      [tables.ref(db, 'sourceCode'), tables.ref(db, 'genJournalTemplate')],
    ),
  toRecord(id, [row]): Journal {
    const read = new RowReader('journal', id, row);
    // a blank description is common in BC: the code is what users see then
    return { id, name: read.optionalText('name') ?? id, type: TEMPLATE_TYPES[read.integer('template_type')] ?? 'general' };
  },
};
