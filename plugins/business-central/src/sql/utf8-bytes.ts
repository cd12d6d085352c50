import { Knex } from 'knex';

/**
 * An id's UTF-8 bytes computed in T-SQL, for SQL Server versions before 2019 (no `_UTF8`
 * collation), which BC on-premises still supports. HASHBYTES over nvarchar would hash UTF-16 and
 * over varchar the code page: either puts every non-ASCII id in another bucket than the sdk's
 * `bucketOf` (MD5 over UTF-8). So each UTF-16 code unit `u` (with the next one, `nx`, for
 * surrogate pairs) becomes its UTF-8 bytes by the standard encoding, written as hex, concatenated
 * in order with FOR XML PATH, and converted back to binary (style 2). Only SQL Server 2008 features.
 *
 * The byte formulas are one expression tree, rendered to T-SQL here and evaluated in JS by the
 * tests (test/hashing.test.ts), so what SQL Server computes is what was checked against Node's
 * own UTF-8 encoder.
 */
export type Expr = number | 'u' | 'nx' | ['+' | '*' | '/' | '%', Expr, Expr];

/** The code point of a surrogate pair: 0x10000 + (u - 0xD800) * 0x400 + (nx - 0xDC00). */
const CODE_POINT: Expr = ['+', ['+', 65536, ['*', ['+', 'u', -55296], 1024]], ['+', 'nx', -56320]];
const cont = (value: Expr, divisor: number): Expr => ['+', 128, ['%', divisor === 1 ? value : ['/', value, divisor], 64]];

/** Per range of the code unit `u` (low..high inclusive): its bytes. A low surrogate has none (its pair's high one wrote them). */
export const UTF8_RANGES: readonly { low: number; high: number; bytes: readonly Expr[] }[] = [
  { low: 0, high: 127, bytes: ['u'] },
  { low: 128, high: 2047, bytes: [['+', 192, ['/', 'u', 64]], cont('u', 1)] },
  { low: 2048, high: 55295, bytes: [['+', 224, ['/', 'u', 4096]], cont('u', 64), cont('u', 1)] },
  { low: 55296, high: 56319, bytes: [['+', 240, ['/', CODE_POINT, 262144]], cont(CODE_POINT, 4096), cont(CODE_POINT, 64), cont(CODE_POINT, 1)] },
  { low: 56320, high: 57343, bytes: [] },
  { low: 57344, high: 65535, bytes: [['+', 224, ['/', 'u', 4096]], cont('u', 64), cont('u', 1)] },
];

/** Integer arithmetic as T-SQL does it on int operands (division truncates). */
export function evaluate(expr: Expr, u: number, nx: number): number {
  if (typeof expr === 'number') return expr;
  if (expr === 'u') return u;
  if (expr === 'nx') return nx;
  const [op, a, b] = expr;
  const x = evaluate(a, u, nx);
  const y = evaluate(b, u, nx);
  if (op === '+') return x + y;
  if (op === '*') return x * y;
  if (op === '/') return Math.trunc(x / y);
  return x % y;
}

function render(expr: Expr): string {
  if (typeof expr === 'number') return String(expr);
  if (expr === 'u') return 'c.u';
  if (expr === 'nx') return 'c.nx';
  return `(${render(expr[1])} ${expr[0]} ${render(expr[2])})`;
}

const hex = (expr: Expr): string => `CONVERT(char(2), CONVERT(binary(1), ${render(expr)}), 2)`;

/** Longest id (in UTF-16 code units) encoded: BC's ids here are at most 42 (entries), far below. */
export const MAX_ENCODED_ID = 1000;
const DIGITS = '(VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))';
const POSITIONS = `(SELECT d2.n * 100 + d1.n * 10 + d0.n + 1 AS i FROM ${DIGITS} d2(n) CROSS JOIN ${DIGITS} d1(n) CROSS JOIN ${DIGITS} d0(n))`;

/** `varbinary(max)` of the UTF-8 bytes of the nvarchar column `idColumn` (an identifier, bound). */
export function utf8BytesSql(db: Knex, idColumn: string): Knex.Raw {
  const cases = UTF8_RANGES.map((range) => `WHEN c.u BETWEEN ${range.low} AND ${range.high} THEN ${range.bytes.length === 0 ? "''" : range.bytes.map(hex).join(' + ')}`).join(' ');
  const sql = `CONVERT(varbinary(max), COALESCE((SELECT CASE ${cases} END
    FROM (SELECT t.i, UNICODE(SUBSTRING(??, t.i, 1)) AS u, COALESCE(UNICODE(SUBSTRING(??, t.i + 1, 1)), 0) AS nx FROM ${POSITIONS} t WHERE t.i <= DATALENGTH(??) / 2) c
    ORDER BY c.i FOR XML PATH(''), TYPE).value('.', 'varchar(max)'), ''), 2)`;
  return db.raw(sql, [idColumn, idColumn, idColumn]);
}
