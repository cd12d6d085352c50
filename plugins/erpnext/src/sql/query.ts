import { Knex } from 'knex';
import { AdapterError, AdapterErrorCode } from '@ledgersync/sdk';
import { Row, SqlValue } from '../entities/mapping';

/** A query the site database refused (a table missing on a site that is not ERPNext, a lost connection…). */
export class SiteQueryError extends AdapterError {
  constructor(readonly what: string, cause: unknown) {
    const { code, sqlMessage } = cause as { code?: string; sqlMessage?: string };
    super(AdapterErrorCode.Source, `${what}: the site database refused the query (${code ?? 'error'}${sqlMessage ? `: ${sqlMessage}` : ''})`, { cause });
  }
}

/** Runs a SELECT and returns its rows; `what` names the dossier and entity for the error. */
export async function selectRows<T = Row>(db: Knex, sql: string, bindings: readonly SqlValue[], what: string): Promise<T[]> {
  try {
    const [rows] = (await db.raw(sql, bindings as SqlValue[])) as [T[]];
    return rows;
  } catch (cause) {
    throw new SiteQueryError(what, cause);
  }
}
