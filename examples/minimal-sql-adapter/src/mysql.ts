import type { Dialect } from './dialect';
import { Column } from './tables';

/** MariaDB/MySQL: everything in SQL, native MD5, CONV and BIT_XOR; a digests call is one GROUP BY. */
export const mysql: Dialect = {
  fingerprint,
  bucket32: (column) => `CAST(CONV(LEFT(MD5(\`${column}\`), 8), 16, 10) AS UNSIGNED)`,
  indexedBuckets: false,
  digestStatement: (parts) => {
    const rows = parts.map((part) => `SELECT ${part.bucket} AS b, ${part.count} AS n, ${fingerprint(part.columns)} AS fp FROM ${part.from}`);
    const xor = `LOWER(LPAD(HEX(BIT_XOR(CAST(CONV(fp, 16, 10) AS UNSIGNED))), 16, '0'))`;
    return `SELECT b AS \`bucket\`, SUM(n) AS \`count\`, ${xor} AS \`xor\` FROM (${rows.join(' UNION ALL ')}) t GROUP BY b ORDER BY b`;
  },
  digestRows: (rows) => rows.map((row) => ({ bucket: Number(row.bucket), count: Number(row.count), xor: String(row.xor) })),
};

/** Each column as `=value`, or `-` when NULL (CONCAT is NULL when a part is), joined by `|`. */
function fingerprint(columns: Column[]): string {
  const cells = columns.map((c) => `COALESCE(CONCAT('=', \`${c.name}\`), '-')`);
  return `LEFT(MD5(CONCAT_WS('|', ${cells.join(', ')})), 16)`;
}
