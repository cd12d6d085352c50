import { SqlCell, SqlDialect, SqlDialectName } from './dialect';

/** `quote` for backticks (SQLite, MariaDB/MySQL) and double quotes (PostgreSQL, SQL Server). */
const backticks = (name: string) => `\`${name.replace(/`/g, '``')}\``;
const doubleQuotes = (name: string) => `"${name.replace(/"/g, '""')}"`;
const limit = (count: number) => ` LIMIT ${Math.max(1, count | 0)}`;
/** A JSON array text cell by cell, for dialects whose own JSON writer puts spaces after commas. */
const cellByCell = (cell: (c: SqlCell) => string, concat: (parts: readonly string[]) => string) => (cells: readonly SqlCell[]) =>
  concat(["'['", ...cells.flatMap((c, i) => (i === 0 ? [cell(c)] : ["','", cell(c)])), "']'"]);
const pipes = (parts: readonly string[]) => `(${parts.join(' || ')})`;

/**
 * SQLite has no MD5: the connection must carry `ls_md5(text)` (see registerSqliteFunctions).
 * Its BINARY collation orders UTF-8 bytes, which is code point order.
 */
const sqlite: SqlDialect = {
  name: 'sqlite',
  bucket32: (id) => `ls_bucket32(${id})`,
  shiftRight: (value, bits) => `(${value} >> ${bits})`,
  fingerprint: (text) => `substr(ls_md5(${text}), 1, 16)`,
  // a JS aggregate keeping bucket -> count and XOR: no GROUP BY sorting every record's text, and
  // one row back, not a fingerprint a record (1M-line bench: the night's digest pass, see benchmarks.md);
  // it hashes the id for its bucket itself, so a scan calls JS once a record, not twice (ls_bucket32)
  foldDigests: (id, bits, text) => `ls_fold_id_digests(${id}, ${bits | 0}, ${text})`,
  byCodePoint: (id) => `${id}`,
  derived: (query, alias) => `(${query}) AS ${alias}`,
  quote: backticks,
  limit,
  // json_array writes integers as numbers and text as strings, compactly (booleans are stored 0/1)
  jsonArray: (cells) => `json_array(${cells.map((c) => c.sql).join(', ')})`,
  concat: pipes,
  // the rows from an ordered subquery, not `group_concat(… ORDER BY …)`, which sorts each record's
  // rows in a temp B-tree of their own (a night's digest pass: once a record); the subquery's rows
  // come in index order, and SQLite keeps a FROM subquery's ORDER BY under any aggregate but
  // count/min/max (select.c, "omit superfluous ORDER BY", condition 4), see docs/benchmarks.md
  joinRows: ({ text, from, where, order }) => `(SELECT group_concat(ls_row, ',') FROM (SELECT ${text} AS ls_row FROM ${from} WHERE ${where} ORDER BY ${order}))`,
};

/** MariaDB and MySQL: MD5, CONV and the 64-bit BIT_XOR; utf8mb4_bin orders by code point. */
const mysql: SqlDialect = {
  name: 'mysql',
  bucket32: (id) => `CAST(CONV(LEFT(MD5(${id}), 8), 16, 10) AS UNSIGNED)`,
  shiftRight: (value, bits) => `(${value} >> ${bits})`,
  fingerprint: (text) => `LEFT(MD5(${text}), 16)`,
  byCodePoint: (id) => `CAST(${id} AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin`,
  xorFingerprints: (text) => `LPAD(LOWER(CONV(BIT_XOR(CAST(CONV(LEFT(MD5(${text}), 16), 16, 10) AS UNSIGNED)), 10, 16)), 16, '0')`,
  derived: (query, alias) => `(${query}) AS ${alias}`,
  quote: backticks,
  limit,
  // JSON_ARRAY puts a space after each comma: built cell by cell
  jsonArray: cellByCell((c) => (c.kind === 'text' ? `COALESCE(JSON_QUOTE(${c.sql}), 'null')` : `COALESCE(${c.sql}, 'null')`), (parts) => `CONCAT(${parts.join(', ')})`),
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  // GROUP_CONCAT cuts silently at group_concat_max_len (MariaDB 1 MiB, MySQL 1 KiB): raise it per session
  joinRows: ({ text, from, where, order }) => `(SELECT GROUP_CONCAT(${text} ORDER BY ${order} SEPARATOR ',') FROM ${from} WHERE ${where})`,
};

/** PostgreSQL: md5(), bit strings for the hex, bit_xor over bigint (two's complement, so to_hex gives all 16 digits). */
const postgres: SqlDialect = {
  name: 'postgres',
  bucket32: (id) => `(('x' || left(md5(${id}), 8))::bit(32)::bigint & 4294967295)`,
  shiftRight: (value, bits) => `(${value} >> ${bits})`,
  fingerprint: (text) => `left(md5(${text}), 16)`,
  byCodePoint: (id) => `${id} COLLATE "C"`,
  xorFingerprints: (text) => `lpad(to_hex(bit_xor(('x' || left(md5(${text}), 16))::bit(64)::bigint)), 16, '0')`,
  derived: (query, alias) => `(${query}) AS ${alias}`,
  quote: doubleQuotes,
  limit,
  // json_build_array writes ", ": built cell by cell; a boolean column is PostgreSQL's own boolean
  jsonArray: cellByCell((c) => (c.kind === 'text' ? `COALESCE(to_json((${c.sql})::text)::text, 'null')` : c.kind === 'boolean' ? `COALESCE((${c.sql})::int::text, 'null')` : `COALESCE((${c.sql})::text, 'null')`), pipes),
  concat: pipes,
  joinRows: ({ text, from, where, order }) => `(SELECT string_agg(${text}, ',' ORDER BY ${order}) FROM ${from} WHERE ${where})`,
};

/** SQL Server: HASHBYTES over the id as UTF-8; no XOR aggregate (the helper folds the fingerprints). */
const mssql: SqlDialect = {
  name: 'mssql',
  bucket32: (id) => `CAST(CAST(SUBSTRING(HASHBYTES('MD5', CAST(${id} AS VARCHAR(4000)) COLLATE Latin1_General_100_BIN2_UTF8), 1, 4) AS BINARY(4)) AS BIGINT) & CAST(4294967295 AS BIGINT)`,
  fingerprint: (text) => `LOWER(LEFT(CONVERT(VARCHAR(32), HASHBYTES('MD5', CAST(${text} AS VARCHAR(MAX)) COLLATE Latin1_General_100_BIN2_UTF8), 2), 16))`,
  byCodePoint: (id) => `${id} COLLATE Latin1_General_100_BIN2`,
  shiftRight: (value, bits) => `(${value} / ${2 ** bits})`,
  derived: (query, alias) => `(${query}) AS ${alias}`,
  quote: doubleQuotes,
  limit: (count) => ` OFFSET 0 ROWS FETCH NEXT ${Math.max(1, count | 0)} ROWS ONLY`,
  // compiled, not run here; STRING_ESCAPE also writes '/' as '\/', so a text holding '/' differs from the other dialects' bytes
  jsonArray: cellByCell(
    (c) => (c.kind === 'text' ? `COALESCE('"' + STRING_ESCAPE(${c.sql}, 'json') + '"', 'null')` : c.kind === 'boolean' ? `COALESCE(CAST(CAST(${c.sql} AS INT) AS VARCHAR(1)), 'null')` : `COALESCE(CAST(${c.sql} AS VARCHAR(40)), 'null')`),
    (parts) => `CONCAT(${parts.join(', ')})`,
  ),
  // `+`, not CONCAT: CONCAT reads NULL as ''
  concat: (parts) => `(${parts.join(' + ')})`,
  joinRows: ({ text, from, where, order }) => `(SELECT STRING_AGG(CAST(${text} AS NVARCHAR(MAX)), ',') WITHIN GROUP (ORDER BY ${order}) FROM ${from} WHERE ${where})`,
};

export const SQL_DIALECTS: Record<SqlDialectName, SqlDialect> = { sqlite, mysql, postgres, mssql };
