import { ENTITIES, EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { toRows } from './rows';
import { TABLES } from './tables';

export interface HeldRow {
  entity: EntityName;
  record: unknown;
  marker: string;
}

/** Rows per INSERT: below SQLite's bound-parameter limit for the widest table. */
const BATCH = 400;

/**
 * Inserts or replaces records (with their markers), in batches, streaming: what a package's own
 * writes look like to the adapter. Replacing deletes the record's rows first.
 */
export async function putRecords(db: Knex, records: Iterable<HeldRow> | AsyncIterable<HeldRow>, options: { replace: boolean } = { replace: true }): Promise<number> {
  let batch: HeldRow[] = [];
  let written = 0;
  const flush = async () => {
    await db.transaction(async (trx) => {
      for (const entity of ENTITIES) {
        const mine = batch.filter((held) => held.entity === entity);
        if (mine.length === 0) continue;
        const table = TABLES[entity];
        const rows = mine.map((held) => toRows(table, held.record as Record<string, unknown>, held.marker));
        if (options.replace) await deleteIds(trx, entity, rows.map((r) => String(r.row.id)));
        await trx.batchInsert(table.name, rows.map((r) => r.row), BATCH);
        if (table.child) await trx.batchInsert(table.child.table.name, rows.flatMap((r) => r.children), BATCH);
      }
    });
    written += batch.length;
    batch = [];
  };
  for await (const held of records) {
    batch.push(held);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return written;
}

/** Hard deletes: the rows vanish, no trace left (no deletion log). */
export async function deleteRecords(db: Knex, entity: EntityName, ids: string[]): Promise<void> {
  await db.transaction((trx) => deleteIds(trx, entity, ids));
}

/** Empties every table but `dossier`. */
export async function clearRecords(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    for (const entity of [...ENTITIES].reverse()) {
      const table = TABLES[entity];
      if (table.child) await trx(table.child.table.name).delete();
      await trx(table.name).delete();
    }
  });
}

async function deleteIds(trx: Knex.Transaction, entity: EntityName, ids: string[]): Promise<void> {
  const table = TABLES[entity];
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    if (table.child) await trx(table.child.table.name).whereIn(table.child.parentKey, chunk).delete();
    await trx(table.name).whereIn('id', chunk).delete();
  }
}
