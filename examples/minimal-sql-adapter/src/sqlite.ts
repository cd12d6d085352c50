import type { Dialect } from './dialect';
import { digestsOf } from './sqlite-functions';

/**
 * SQLite (≥ 3.44, for ORDER BY inside group_concat): record texts built natively, MD5 and buckets
 * through the JS functions of sqlite-functions.ts, one call a record. A digests call is one
 * `ls_digest` aggregate, grouping by bucket in its own state (no GROUP BY sorting every
 * fingerprint). Its records are found through the bucket index (which gives the bucket without
 * hashing the id again) but visited in rowid order: a record's rows then lie next to the previous
 * record's, where bucket order made every record a random read (1M lines: 4.1 s -> 2.5 s).
 */
export const sqlite: Dialect = {
  concat: (parts) => parts.join(' || '),
  rowText: (table, columns) => `json_array(${columns.map((column) => `\`${table}\`.\`${column.name}\``).join(', ')})`,
  concatRows: (text, order) => `group_concat(${text}, '' ORDER BY ${order})`,
  fingerprint: (text) => `ls_fingerprint(${text})`,
  bucket32: (column) => `ls_bucket(\`${column}\`)`,
  indexedBuckets: true,
  digestStatement: ({ table, bucket, filter, text }) => {
    // `+rowid`: sorted after the index found the rows; a plain `ORDER BY rowid` lets SQLite walk the
    // table in rowid order instead and test ORed bucket ranges on every row (100 ranges, 1M lines: 44 s, not 0.4 s)
    const keys = `SELECT rowid AS k, ${bucket} AS b FROM \`${table}\`${filter ? ` WHERE ${filter}` : ''} ORDER BY +rowid`;
    return `SELECT ls_digest(keys.b, ${text}) AS digests FROM (${keys}) AS keys JOIN \`${table}\` ON \`${table}\`.rowid = keys.k`;
  },
  digestRows: ([row]) => digestsOf(String(row.digests)),
};
