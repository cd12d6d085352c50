import type { Dialect } from './dialect';
import type { Column } from './tables';

/**
 * MariaDB/MySQL: everything in SQL, native MD5, CONV and BIT_XOR; a digests call is one GROUP BY.
 * GROUP_CONCAT cuts its result at `group_concat_max_len`: connect.ts raises it for every session.
 */
export const mysql: Dialect = {
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  rowText,
  concatRows: (text, order) => `GROUP_CONCAT(${text} ORDER BY ${order} SEPARATOR '')`,
  fingerprint,
  bucket32: (column) => `CAST(CONV(LEFT(MD5(\`${column}\`), 8), 16, 10) AS UNSIGNED)`,
  indexedBuckets: false,
  digestStatement: ({ table, bucket, filter, text }) => {
    const rows = `SELECT ${bucket} AS b, ${fingerprint(text)} AS fp FROM \`${table}\`${filter ? ` WHERE ${filter}` : ''}`;
    const xor = `LOWER(LPAD(HEX(BIT_XOR(CAST(CONV(fp, 16, 10) AS UNSIGNED))), 16, '0'))`;
    return `SELECT b AS \`bucket\`, COUNT(*) AS \`count\`, ${xor} AS \`xor\` FROM (${rows}) t GROUP BY b ORDER BY b`;
  },
  digestRows: (rows) => rows.map((row) => ({ bucket: Number(row.bucket), count: Number(row.count), xor: String(row.xor) })),
};

/**
 * SQLite's `json_array` text, built cell by cell: MariaDB's `JSON_ARRAY` puts a space after each
 * comma, and `JSON_COMPACT` over it cost a third more on the level-1 digest.
 */
function rowText(table: string, columns: readonly Column[]): string {
  const cells = columns.map((column) => {
    const value = `\`${table}\`.\`${column.name}\``;
    return column.kind === 'text' ? `COALESCE(JSON_QUOTE(${value}), 'null')` : `COALESCE(${value}, 'null')`;
  });
  return `CONCAT('[', ${cells.join(", ',', ")}, ']')`;
}

function fingerprint(text: string): string {
  return `LEFT(MD5(${text}), 16)`;
}
