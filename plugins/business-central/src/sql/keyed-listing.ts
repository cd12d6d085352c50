import { EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { EntitySource, PagingKey, SourceContext } from '../sources';
import { CODE_UNIT_COLLATION } from './hashing';
import { fingerprintedRows, ReadPageOptions } from './listing';
import { ACTIVE_ROWVERSION_BOUND, checkedMarker, MARKER_PARAMETER } from './markers';

/**
 * A read page cut along a table key (G/L Entry's `Transaction No.`, an index BC keeps), instead of
 * a `GROUP BY` over a computed id with `HAVING MAX(timestamp)`, which made SQL Server build every
 * record's id and aggregate the whole table before it could take a page, and then read the rows
 * again. Here the page is chosen from the base table's key and rowversion columns only:
 * - by id: `key > @after ORDER BY key`, a seek on the key's index;
 * - since a marker: `[timestamp] >= @from AND [timestamp] < MIN_ACTIVE_ROWVERSION()` (sargable:
 *   a seek where an index on `timestamp` exists, as the README advises), grouped by the key; the
 *   cursor's tie-break is on the key, not on an id built per row.
 * The page's rows are then joined on the key, so the per-row work (ids, periods, fingerprints)
 * is done for the page's records only. Record ids begin with the key zero-padded, so key order is
 * id order, the order the contract asks for.
 */
export function keyedReadPageQuery(context: SourceContext, source: EntitySource<EntityName>, key: PagingKey, options: ReadPageOptions): Knex.QueryBuilder {
  const { db } = context;
  const column = `t.${key.column}`;
  const page = db
    .select(db.raw(`${column} AS [k]`), db.raw('MAX(t.[timestamp]) AS [ts]'))
    .from(db.raw('?? AS t', [context.tables.ref(db, key.table)]))
    .groupByRaw(column);
  const since = options.since === undefined ? undefined : checkedMarker(options.since, 'since');
  if (since !== undefined) {
    const after = options.after && { marker: checkedMarker(options.after.marker ?? '', 'after'), key: key.ofId(options.after.id) };
    // behind a cursor, every later record has a row at or above the cursor's marker (which is >= since)
    const from = after && after.marker > since ? after.marker : since;
    page.whereRaw(`t.[timestamp] >= ${MARKER_PARAMETER}`, [from]).whereRaw(`t.[timestamp] < ${ACTIVE_ROWVERSION_BOUND}`);
    if (after) page.havingRaw(`(MAX(t.[timestamp]) > ${MARKER_PARAMETER} OR ${column} > ?)`, [after.marker, after.key]);
    page.orderByRaw(`MAX(t.[timestamp]), ${column}`);
  } else {
    if (options.after) page.whereRaw(`${column} > ?`, [key.ofId(options.after.id)]);
    page.orderByRaw(column);
  }
  page.limit(options.limit);
  const byId = `?? COLLATE ${CODE_UNIT_COLLATION}`;
  return db
    .with('p', page)
    .with('r', fingerprintedRows(context, source))
    .select('r.*', 'p.ts AS record_ts')
    .from('r')
    .join('p', 'p.k', 'r.k')
    .orderByRaw(since !== undefined ? `??, ${byId}, ??` : `${byId}, ??`, since !== undefined ? ['p.ts', 'r.id', 'r.seq'] : ['r.id', 'r.seq']);
}
