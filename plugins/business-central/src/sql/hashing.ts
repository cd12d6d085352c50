import { Knex } from 'knex';
import { utf8BytesSql } from './utf8-bytes';

/**
 * Hash expressions shared by keys, digests and read, so that all three give the same values.
 *
 * Bucket: the sdk's `bucketOf` (first 4 bytes of MD5 over the id's UTF-8 bytes). The id is turned
 * into UTF-8 by collating it with a `_UTF8` collation before the varchar conversion: this needs SQL
 * Server 2019 (15.x) or later. On older servers HASHBYTES would see UTF-16 (nvarchar) or the
 * database code page (varchar), and buckets would disagree with the engine's for every non-ASCII
 * id; there the UTF-8 bytes are computed in T-SQL instead (utf8-bytes.ts), slower but equal.
 */
export const UTF8_COLLATION = 'Latin1_General_100_BIN2_UTF8';
/** Binary order of nvarchar = UTF-16 code-unit order for the BMP, the order the contract asks for. */
export const CODE_UNIT_COLLATION = 'Latin1_General_100_BIN2';

const TWO_POW_32 = 4294967296;

/** The largest integer literal T-SQL types as int; a larger one is numeric(10,0), not bigint. */
const INT_MAX = 2147483647;

/**
 * `bucketOf(id, bits)` in T-SQL; `bits` is checked here because it is written into the SQL text.
 * The divisor stays an integer type: at 1 bit it is 2^31, which T-SQL would read as numeric, and
 * BIGINT / numeric is a fraction (1.39…), not the half the engine asks for. So it is cast to BIGINT.
 */
export function bucketSql(db: Knex, idColumn: string, bits: number, utf8Collation = true): Knex.Raw {
  if (!Number.isInteger(bits) || bits < 1 || bits > 32) throw new RangeError(`bucket bits must be 1..32, got ${bits}`);
  const divisor = TWO_POW_32 / 2 ** bits;
  const divisorSql = divisor > INT_MAX ? `CAST(${divisor} AS BIGINT)` : String(divisor);
  if (!utf8Collation) return db.raw(`CAST(SUBSTRING(HASHBYTES('MD5', ?), 1, 4) AS BIGINT) / ${divisorSql}`, [utf8BytesSql(db, idColumn)]);
  return db.raw(`CAST(SUBSTRING(HASHBYTES('MD5', CONVERT(varchar(4000), ?? COLLATE ${UTF8_COLLATION})), 1, 4) AS BIGINT) / ${divisorSql}`, [idColumn]);
}

/** SQL Server's major version (15 = 2019, the first with `_UTF8` collations). */
export function serverVersionQuery(db: Knex): Knex.Raw {
  return db.raw("SELECT CAST(SERVERPROPERTY('ProductMajorVersion') AS int) AS [major]");
}

export const FIRST_UTF8_COLLATION_VERSION = 15;

/**
 * A row's 64-bit fingerprint as two unsigned 32-bit halves (BIGINT, so the XOR below never meets a
 * sign bit): MD5 over the row's content columns, each as `<byte length>:<text>`, joined with `|`.
 * The length prefix keeps the text unambiguous: with the separator alone, a `|` moving from one
 * column to the next (`A|`,`B` → `A`,`|B`) hashed the same and digests missed that silent change.
 * DATALENGTH of the nvarchar text, not LEN, which ignores trailing spaces. Columns are NOT NULL in
 * BC; CONCAT turns a NULL into '' anyway (and DATALENGTH(NULL) into '').
 */
export function fingerprintHalvesSql(db: Knex, alias: string, columns: readonly string[]): Knex.Raw {
  const parts = columns.map(() => "DATALENGTH(CAST(?? AS nvarchar(max))), N':', ??").join(", N'|', ");
  const hash = `HASHBYTES('MD5', CONCAT(${parts}, N''))`;
  const qualified = columns.flatMap((column) => [`${alias}.${column}`, `${alias}.${column}`]);
  return db.raw(`CAST(SUBSTRING(${hash}, 1, 4) AS BIGINT) AS [fp_hi], CAST(SUBSTRING(${hash}, 5, 4) AS BIGINT) AS [fp_lo]`, [...qualified, ...qualified]);
}

/**
 * XOR over a group of 32-bit halves. T-SQL has no XOR aggregate, so each bit is the parity of the
 * number of rows that have it: SUM(c & 2^k) / 2^k counts them. One aggregate, 32 terms per half.
 */
export function xorAggregateSql(db: Knex, column: string, as: string): Knex.Raw {
  const terms: string[] = [];
  const bindings: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    const weight = 2 ** bit;
    terms.push(`(SUM(?? & CAST(${weight} AS BIGINT)) / ${weight}) % 2 * ${weight}`);
    bindings.push(column);
  }
  return db.raw(`(${terms.join(' + ')}) AS ??`, [...bindings, as]);
}

/** The fingerprint as the contract writes it (16 lowercase hex digits) from the two halves SQL returns. */
export function fingerprintHex(hi: unknown, lo: unknown): string {
  return half(hi) + half(lo);
}

function half(value: unknown): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= TWO_POW_32) throw new RangeError(`fingerprint half out of range: ${String(value)}`);
  return n.toString(16).padStart(8, '0');
}
