import { SqlDialect, SqlDialectName } from './dialect';

/**
 * SQLite has no MD5: the connection must carry `ls_md5(text)` (see registerSqliteFunctions).
 * Its BINARY collation orders UTF-8 bytes, which is code point order.
 */
const sqlite: SqlDialect = {
  name: 'sqlite',
  bucket32: (id) => `ls_bucket32(${id})`,
  shiftRight: (value, bits) => `(${value} >> ${bits})`,
  fingerprint: (text) => `substr(ls_md5(${text}), 1, 16)`,
  byCodePoint: (id) => `${id}`,
  derived: (query, alias) => `(${query}) AS ${alias}`,
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
};

/** SQL Server: HASHBYTES over the id as UTF-8; no XOR aggregate (the helper folds the fingerprints). */
const mssql: SqlDialect = {
  name: 'mssql',
  bucket32: (id) => `CAST(CAST(SUBSTRING(HASHBYTES('MD5', CAST(${id} AS VARCHAR(4000)) COLLATE Latin1_General_100_BIN2_UTF8), 1, 4) AS BINARY(4)) AS BIGINT) & CAST(4294967295 AS BIGINT)`,
  fingerprint: (text) => `LOWER(LEFT(CONVERT(VARCHAR(32), HASHBYTES('MD5', CAST(${text} AS VARCHAR(MAX)) COLLATE Latin1_General_100_BIN2_UTF8), 2), 16))`,
  byCodePoint: (id) => `${id} COLLATE Latin1_General_100_BIN2`,
  shiftRight: (value, bits) => `(${value} / ${2 ** bits})`,
  derived: (query, alias) => `(${query}) AS ${alias}`,
};

export const SQL_DIALECTS: Record<SqlDialectName, SqlDialect> = { sqlite, mysql, postgres, mssql };
