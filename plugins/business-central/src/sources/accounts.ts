import { Account } from '@ledgersync/sdk';
import { EntitySource, reconcilableCondition } from './source';
import { RowReader } from './values';

/** Posting accounts (`Account Type` = 0) of the chart; headings and totals carry no entries. */
export const accountSource: EntitySource<'account'> = {
  entity: 'account',
  content: ['name', 'reconcilable'],
  rows: (context) => {
    const reconcilable = reconcilableCondition(context, 'a.[No_]');
    return context.db.raw(
      `SELECT a.[No_] AS id, a.[timestamp] AS ts, 0 AS seq, a.[Name] AS name, CASE WHEN ${reconcilable.sql} THEN 1 ELSE 0 END AS reconcilable
  FROM ?? a WHERE a.[Account Type] = 0`,
      [...reconcilable.bindings, context.tables.ref(context.db, 'glAccount')],
    );
  },
  toRecord(id, [row]): Account {
    const read = new RowReader('account', id, row);
    return { id, name: read.text('name'), reconcilable: read.integer('reconcilable') === 1 };
  },
};
