import { DossierInfo, ENTITIES } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { Table, TABLES } from './tables';

/**
 * Creates the tables of tables.ts (and `dossier`, the one dossier a database holds). Ids sort in
 * code-point order: binary collation on MariaDB, SQLite's default BINARY; on PostgreSQL the
 * queries order by `COLLATE "C"` (SqlExtraction's dialect).
 */
export async function createSchema(db: Knex, dossier: DossierInfo): Promise<void> {
  const binary = db.client.config.client === 'mysql2';
  const create = (table: Table, parent: boolean) =>
    db.schema.createTable(table.name, (t) => {
      if (binary) t.collate('utf8mb4_bin');
      for (const column of table.columns) {
        if (column.kind === 'text') t.string(column.name, column.name === 'description' ? 1000 : 255);
        else if (column.kind === 'integer') t.bigInteger(column.name);
        else t.boolean(column.name);
      }
      if (parent) {
        t.primary(['id']);
        t.string('modified', 40).notNullable();
        t.index(['modified', 'id']);
      }
    });
  await db.schema.createTable('dossier', (t) => {
    for (const name of ['id', 'name', 'currency', 'country', 'vat_number']) t.string(name, 255);
  });
  await db('dossier').insert({ id: dossier.id, name: dossier.name, currency: dossier.currency, country: dossier.country ?? null, vat_number: dossier.vatNumber ?? null });
  for (const entity of ENTITIES) {
    const table = TABLES[entity];
    await create(table, true);
    if (table.child) {
      const { table: child, parentKey, order } = table.child;
      await create(child, false);
      // child rows are reached through their parent (queries.ts), never by a bucket of their own
      await db.schema.alterTable(child.name, (t) => t.index([parentKey, order]));
    }
    await bucketIndex(db, table.name, 'id');
  }
}

/**
 * SQLite: an index on the ids' 32-bit bucket (an expression index on the deterministic function
 * connect.ts registers), so that reading or digesting one bucket touches only its rows. On
 * MariaDB and PostgreSQL the same is a virtual column or an expression index; left out here to keep the tables plain.
 */
async function bucketIndex(db: Knex, table: string, column: string): Promise<void> {
  if (db.client.config.client !== 'better-sqlite3') return;
  await db.raw(`CREATE INDEX \`${table}_bucket\` ON \`${table}\` (ls_bucket32(\`${column}\`))`);
}
