import type { Dialect } from './dialect';
import { digestsOf } from './sqlite-functions';
import { Column } from './tables';

/**
 * SQLite: fingerprints, buckets and digests through the JS functions of sqlite-functions.ts. A
 * digests call is one statement holding one `ls_digest` aggregate a table, their JSON results
 * merged in JS: the aggregate groups by bucket in its own state, which spares SQLite a GROUP BY that
 * sorted every row with its fingerprint string (1.8 s of 5 on 1M entry lines). One
 * aggregate over a UNION ALL of both tables measured no faster, and had to pad the shorter rows.
 */
export const sqlite: Dialect = {
  fingerprint: (columns) => `ls_fingerprint(${cells(columns)})`,
  bucket32: (column) => `ls_bucket(\`${column}\`)`,
  indexedBuckets: true,
  digestStatement: (parts) => `SELECT ${parts.map((part, i) => `(SELECT ls_digest(${part.bucket}, ${part.count}, ${cells(part.columns)}) FROM ${part.from}) AS p${i}`).join(', ')}`,
  digestRows: ([row]) => digestsOf(Object.values(row).map(String)),
};

/** Each column as SQLite writes it as text (what `'=' || column` gave), or NULL: the JS side adds `=` and `-`. */
function cells(columns: Column[]): string {
  return columns.map((c) => `CAST(\`${c.name}\` AS TEXT)`).join(', ');
}
