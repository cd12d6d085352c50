import { BucketRange, EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { EntitySource, SourceContext } from '../sources';
import { bucketSql, CODE_UNIT_COLLATION, fingerprintHalvesSql, xorAggregateSql } from './hashing';
import { keyedReadPageQuery } from './keyed-listing';
import { ACTIVE_ROWVERSION_BOUND, checkedMarker, MARKER_PARAMETER } from './markers';

/**
 * The three listings of the contract (read, keys, digests) as keyset-paged queries over one
 * entity's rows. Each page is one statement; bounds come back as bound parameters, so no text the
 * engine or the source sends ever becomes SQL text. The one exception is numbers: bucket widths
 * and bucket lists (`ranges`) are written in as integers, after they are checked (see inBuckets).
 */

/** Where a read listing resumes: behind (marker, id) when reading `since`, else behind id. */
export interface ReadPosition {
  marker?: string;
  id: string;
}

export interface ReadPageOptions {
  since?: string;
  range?: BucketRange;
  /** Bucket lists (`ReadOptions.ranges`): records in any of these buckets. */
  ranges?: readonly BucketRange[];
  after?: ReadPosition;
  limit: number;
}

/** The entity's rows with their fingerprint halves (`fp_hi`, `fp_lo`), the common base of every listing. */
export function fingerprintedRows(context: SourceContext, source: EntitySource<EntityName>): Knex.QueryBuilder {
  const { db } = context;
  return db.select('f.*', fingerprintHalvesSql(db, 'f', ['id', 'seq', ...source.content])).from(db.raw('(?) AS ??', [source.rows(context), 'f']));
}

function checkedBucket(range: BucketRange): BucketRange {
  if (!Number.isInteger(range.value) || range.value < 0 || range.value >= 2 ** range.bits) throw new RangeError(`bucket ${range.value} does not exist at ${range.bits} bits`);
  return range;
}

function inBucket(context: SourceContext, query: Knex.QueryBuilder, column: string, range: BucketRange): Knex.QueryBuilder {
  const { bits, value } = checkedBucket(range);
  return query.whereRaw('? = ?', [bucketSql(context.db, column, bits, context.utf8Collation !== false), value]);
}

/**
 * The id falls in any of `ranges` (bucket lists: `ReadOptions.ranges`, `DigestOptions.ranges`).
 * BC's tables have no index on the id's bucket (HASHBYTES per row), so any bucket filter is a pass
 * over the entity's rows; a list makes it one pass instead of one per bucket. Of one width, as the
 * engine sends them: one bucket expression, `IN` a list of the values (not one comparison of its
 * own per bucket). Mixed widths: one such `IN` per width, ORed. A width of 0 is the whole key space; no range at all, no row.
 *
 * The values are written into the SQL, not bound: SQL Server takes at most 2,100 parameters per
 * statement, and the contract does not bound the list (the engine sends up to 100 per call). Each
 * is checked to be a bucket that exists at its width (as a single `range` is) and then written
 * as `value >>> 0`, an unsigned 32-bit integer: digits only, nothing a caller could inject.
 */
function inBuckets(context: SourceContext, query: Knex.QueryBuilder, column: string, ranges: readonly BucketRange[]): Knex.QueryBuilder {
  if (ranges.length === 0) return query.whereRaw('1 = 0');
  const byWidth = new Map<number, Set<number>>();
  for (const range of ranges) {
    if (!Number.isInteger(range.bits) || range.bits < 0 || range.bits > 32) throw new RangeError(`bucket bits must be 0..32, got ${range.bits}`);
    const { bits, value } = checkedBucket(range);
    byWidth.set(bits, (byWidth.get(bits) ?? new Set<number>()).add(value >>> 0));
  }
  // bucket 0 of width 0 holds every id
  if (byWidth.has(0)) return query;
  const widths = [...byWidth.keys()].sort((a, b) => a - b);
  const lists = widths.map((bits) => `? IN (${[...byWidth.get(bits)!].sort((a, b) => a - b).join(', ')})`);
  return query.whereRaw(lists.length === 1 ? lists[0] : `(${lists.join(' OR ')})`, widths.map((bits) => bucketSql(context.db, column, bits, context.utf8Collation !== false)));
}

const byId = (_column: string): string => `?? COLLATE ${CODE_UNIT_COLLATION}`;

/**
 * One page of records (all rows of each), by (marker, id) when `since` is given, else by id; lines
 * by `seq`. Entities with a table key (entries) are paged along it (see keyed-listing.ts), except
 * within buckets: no index holds a bucket, so that listing is one pass over the rows either way.
 * Since a marker, rows at or above `MIN_ACTIVE_ROWVERSION()` are left to the next read.
 */
export function readPageQuery(context: SourceContext, source: EntitySource<EntityName>, options: ReadPageOptions): Knex.QueryBuilder {
  if (source.pagingKey && !options.range && !options.ranges) return keyedReadPageQuery(context, source, source.pagingKey, options);
  const { db } = context;
  const page = db.select('id').max({ ts: 'ts' }).from('r').groupBy('id');
  if (options.range) inBucket(context, page, 'id', options.range);
  if (options.ranges) inBuckets(context, page, 'id', options.ranges);
  const since = options.since === undefined ? undefined : checkedMarker(options.since, 'since');
  if (since !== undefined) {
    page.whereRaw(`?? < ${ACTIVE_ROWVERSION_BOUND}`, ['ts']);
    page.havingRaw(`MAX(??) >= ${MARKER_PARAMETER}`, ['ts', since]);
    if (options.after) {
      const marker = checkedMarker(options.after.marker ?? '', 'after');
      page.havingRaw(`(MAX(??) > ${MARKER_PARAMETER} OR (MAX(??) = ${MARKER_PARAMETER} AND ${byId('id')} > ?))`, ['ts', marker, 'ts', marker, 'id', options.after.id]);
    }
    page.orderByRaw(`MAX(??), ${byId('id')}`, ['ts', 'id']);
  } else {
    if (options.after) page.whereRaw(`${byId('id')} > ?`, ['id', options.after.id]);
    page.orderByRaw(byId('id'), ['id']);
  }
  page.limit(options.limit);
  const order = since !== undefined ? `??, ${byId('p.id')}, ??` : `${byId('p.id')}, ??`;
  const orderBindings = since !== undefined ? ['p.ts', 'p.id', 'r.seq'] : ['p.id', 'r.seq'];
  return db
    .with('r', fingerprintedRows(context, source))
    .with('p', page)
    .select('r.*', 'p.ts AS record_ts')
    .from('r')
    .join('p', 'p.id', 'r.id')
    .orderByRaw(order, orderBindings);
}

/** One page of ids with marker and fingerprint (XOR over an entry's lines), in id order. */
export function keysPageQuery(context: SourceContext, source: EntitySource<EntityName>, options: { range?: BucketRange; afterId?: string; limit: number }): Knex.QueryBuilder {
  const { db } = context;
  const query = db
    .with('r', fingerprintedRows(context, source))
    .select('id')
    .max({ ts: 'ts' })
    .select(xorAggregateSql(db, 'fp_hi', 'x_hi'), xorAggregateSql(db, 'fp_lo', 'x_lo'))
    .from('r')
    .groupBy('id');
  if (options.range) inBucket(context, query, 'id', options.range);
  if (options.afterId !== undefined) query.whereRaw(`${byId('id')} > ?`, ['id', options.afterId]);
  return query.orderByRaw(byId('id'), ['id']).limit(options.limit);
}

export interface DigestsPageOptions {
  bits: number;
  within?: BucketRange;
  /** Bucket lists (`DigestOptions.ranges`): the buckets inside any of these coarser ones. */
  ranges?: readonly BucketRange[];
  afterBucket?: number;
  limit: number;
}

/**
 * Per non-empty bucket: record count and XOR of fingerprints, one aggregate over the entity, in
 * bucket order. With `ranges`, one statement (one pass) for all of them: the bucket at `bits`
 * for the GROUP BY, the bucket at the coarser width for the IN list.
 */
export function digestsPageQuery(context: SourceContext, source: EntitySource<EntityName>, options: DigestsPageOptions): Knex.QueryBuilder {
  const { db } = context;
  const bucketed = db.select('r.*', db.raw('? AS ??', [bucketSql(db, 'r.id', options.bits, context.utf8Collation !== false), 'bucket'])).from('r');
  if (options.within) {
    if (options.within.bits >= options.bits) throw new RangeError(`within.bits (${options.within.bits}) must be smaller than bits (${options.bits})`);
    inBucket(context, bucketed, 'r.id', options.within);
  }
  if (options.ranges) {
    for (const range of options.ranges) {
      if (range.bits >= options.bits) throw new RangeError(`ranges' bits (${range.bits}) must be smaller than bits (${options.bits})`);
    }
    inBuckets(context, bucketed, 'r.id', options.ranges);
  }
  const query = db
    .with('r', fingerprintedRows(context, source))
    .with('b', bucketed)
    .select('bucket', db.raw('COUNT(DISTINCT ??) AS ??', ['id', 'n']), xorAggregateSql(db, 'fp_hi', 'x_hi'), xorAggregateSql(db, 'fp_lo', 'x_lo'))
    .from('b')
    .groupBy('bucket');
  if (options.afterBucket !== undefined) query.where('bucket', '>', options.afterBucket);
  return query.orderBy('bucket').limit(options.limit);
}
