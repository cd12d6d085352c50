/**
 * The SQL side of sdk/src/extraction/fingerprint.ts, for MariaDB.
 *
 * - bucket: top `bits` bits of the first 32 bits of MD5(id) — equal to the SDK's `bucketOf`;
 * - fingerprint: first 64 bits of MD5 over the record's columns, each passed through QUOTE() so that
 *   NULL, '' and separators inside values cannot be confused (CONCAT_WS alone skips NULLs);
 * - XOR: BIT_XOR over the fingerprints read as unsigned 64-bit integers.
 */
export function bucketSql(idExpression: string, bitsPlaceholder = '?'): string {
  return `(CAST(CONV(LEFT(MD5(${idExpression}), 8), 16, 10) AS UNSIGNED) >> (32 - ${bitsPlaceholder}))`;
}

export function fingerprintSql(columns: readonly string[]): string {
  return `LEFT(MD5(CONCAT_WS('|', ${columns.map((c) => `QUOTE(${c})`).join(', ')})), 16)`;
}

/** Aggregate: XOR of the 16-hex-digit fingerprints in `fingerprint`, as 16 lowercase hex digits. */
export function xorSql(fingerprint: string): string {
  return `LOWER(LPAD(HEX(BIT_XOR(CAST(CONV(${fingerprint}, 16, 10) AS UNSIGNED))), 16, '0'))`;
}

/** Integer cents of a DECIMAL amount: exact decimal arithmetic, rounded half away from zero. */
export function centsSql(decimal: string): string {
  return `CAST(ROUND((${decimal}) * 100) AS SIGNED)`;
}

export function dateSql(column: string): string {
  return `DATE_FORMAT(${column}, '%Y-%m-%d')`;
}
