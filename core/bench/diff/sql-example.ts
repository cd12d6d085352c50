import type { DossierInfo, EntityName, ExtractionAdapter } from '@ledgersync/sdk';
import type { Knex } from 'knex';

/**
 * The parts of `@ledgersync/example-minimal-sql-adapter` the benchmark uses. Loaded at run time by
 * package name: the example depends on nothing in core, and core's build does not wait for it.
 */
export interface SqlExample {
  connect(url: string): Knex;
  createSchema(db: Knex, dossier: DossierInfo): Promise<void>;
  putRecords(db: Knex, records: Iterable<HeldRow> | AsyncIterable<HeldRow>, options?: { replace: boolean }): Promise<number>;
  deleteRecords(db: Knex, entity: EntityName, ids: string[]): Promise<void>;
  SqlAdapter: new (db: Knex, pageSize?: number) => ExtractionAdapter;
}

export interface HeldRow {
  entity: EntityName;
  record: unknown;
  marker: string;
}

export function sqlExample(): SqlExample {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@ledgersync/example-minimal-sql-adapter') as SqlExample;
}
