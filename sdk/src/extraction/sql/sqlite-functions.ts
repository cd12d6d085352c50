import { createHash } from 'node:crypto';

/** The part of a better-sqlite3 `Database` the helper needs (no dependency on the driver). */
export interface SqliteFunctionHost {
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

/**
 * SQLite has no MD5: registers `ls_md5(text)` (hex MD5 of the text's UTF-8 bytes) and
 * `ls_bucket32(id)` (`bucketOf(id, 32)`) on a connection, so the SQLite dialect's SQL runs.
 */
export function registerSqliteFunctions(db: SqliteFunctionHost): void {
  db.function('ls_md5', { deterministic: true }, (text) => (text === null ? null : createHash('md5').update(String(text), 'utf8').digest('hex')));
  db.function('ls_bucket32', { deterministic: true }, (id) => createHash('md5').update(String(id), 'utf8').digest().readUInt32BE(0));
}
