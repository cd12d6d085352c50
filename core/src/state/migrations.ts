import { EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { scanBucketDigests, STORED_BUCKET_BITS } from './bucket-digests';
import { insertRows } from './sql';

/**
 * The state store's tables, as knex migrations with their own bookkeeping table (`st_migrations`)
 * so they live beside the platform store in one database without clashing.
 *
 * - `st_records`: what the engine last acknowledged per (dossier, entity, id): the source's
 *   record (canonical JSON), fingerprint, 32-bit bucket hash, marker, content digest, and whether
 *   it was sent or quarantined (with its errors).
 * - `st_refs`, `st_match_items`: the reference index and the matched amounts of sent matchings,
 *   so that an incremental sync revalidates only what a change can affect.
 * - `st_buckets`: per (dossier, entity, bucket of 1,024), count and XOR of the records' fingerprints;
 *   the records' bucket index holds their fingerprints too (004), so finer digests read the index alone.
 * - `st_watermarks`: per (dossier, entity), the highest marker seen and how many records held it (005).
 * - `st_changesets` and the `st_staged_*` tables: a changeset being sent, with its planned rows
 *   (and their references, as JSON), so that a sync interrupted between pages resumes where the
 *   receiver stopped.
 */
export interface StateMigration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

const DOSSIER = 64;
const ENTITY = 16;
const ID = 190;
const CHANGESET = 64;

/** Record ids sort by code point in every dialect (the engine merges sorted listings). */
function idColumn(db: Knex, table: Knex.CreateTableBuilder, name: string): void {
  const client = String(db.client.config.client);
  if (client === 'mssql') table.specificType(name, `nvarchar(${ID}) COLLATE Latin1_General_100_BIN2`).notNullable();
  else if (client.startsWith('mysql')) table.string(name, ID).collate('utf8mb4_bin').notNullable();
  else table.string(name, ID).notNullable();
}

function longText(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.text(name, 'longtext');
}

/** Version 1's table of planned references (replaced by `st_staged_plan.refs_json` in 002). */
async function createStagedRefs(db: Knex): Promise<void> {
  await db.schema.createTable('st_staged_refs', (t) => {
    t.string('changeset_id', CHANGESET).notNullable();
    t.string('from_entity', ENTITY).notNullable();
    idColumn(db, t, 'from_id');
    t.string('to_entity', ENTITY).notNullable();
    idColumn(db, t, 'to_id');
    t.index(['changeset_id', 'from_entity', 'from_id'], 'st_staged_refs_from');
  });
}

const initial: StateMigration = {
  name: '001_state_initial',
  async up(db) {
    await db.schema.createTable('st_records', (t) => {
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('entity', ENTITY).notNullable();
      idColumn(db, t, 'record_id');
      t.bigInteger('bucket').notNullable();
      t.string('fingerprint', 16).notNullable();
      t.string('marker', 64).notNullable();
      t.string('digest', 64).notNullable();
      t.string('status', 12).notNullable();
      longText(t, 'record_json').notNullable();
      longText(t, 'error_json').nullable();
      t.primary(['dossier_id', 'entity', 'record_id']);
      t.index(['dossier_id', 'entity', 'bucket'], 'st_records_bucket');
      t.index(['dossier_id', 'status'], 'st_records_status');
    });
    await db.schema.createTable('st_refs', (t) => {
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('from_entity', ENTITY).notNullable();
      idColumn(db, t, 'from_id');
      t.string('to_entity', ENTITY).notNullable();
      idColumn(db, t, 'to_id');
      t.index(['dossier_id', 'to_entity', 'to_id'], 'st_refs_to');
      t.index(['dossier_id', 'from_entity', 'from_id'], 'st_refs_from');
    });
    await db.schema.createTable('st_match_items', (t) => {
      t.string('dossier_id', DOSSIER).notNullable();
      idColumn(db, t, 'matching_id');
      idColumn(db, t, 'entry_id');
      t.integer('line').notNullable();
      t.bigInteger('amount').notNullable();
      t.index(['dossier_id', 'entry_id', 'line'], 'st_match_items_line');
      t.index(['dossier_id', 'matching_id'], 'st_match_items_matching');
    });
    await db.schema.createTable('st_watermarks', (t) => {
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('entity', ENTITY).notNullable();
      t.string('watermark', 64).notNullable();
      t.primary(['dossier_id', 'entity']);
    });
    await db.schema.createTable('st_changesets', (t) => {
      t.string('changeset_id', CHANGESET).primary();
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('kind', 16).notNullable();
      t.string('status', 12).notNullable();
      t.integer('page_size').notNullable();
      t.integer('op_count').notNullable().defaultTo(0);
      t.integer('last_acked').notNullable().defaultTo(0);
      t.string('started_at', 30).notNullable();
      t.string('finished_at', 30).nullable();
      longText(t, 'plan_json').nullable();
      t.index(['dossier_id', 'status'], 'st_changesets_open');
    });
    await db.schema.createTable('st_staged_records', (t) => {
      t.string('changeset_id', CHANGESET).notNullable();
      t.string('entity', ENTITY).notNullable();
      idColumn(db, t, 'record_id');
      t.string('origin', 8).notNullable();
      t.bigInteger('bucket').nullable();
      t.string('fingerprint', 16).nullable();
      t.string('marker', 64).nullable();
      t.string('digest', 64).nullable();
      longText(t, 'record_json').nullable();
      t.primary(['changeset_id', 'entity', 'record_id']);
    });
    await db.schema.createTable('st_staged_plan', (t) => {
      t.string('changeset_id', CHANGESET).notNullable();
      t.string('entity', ENTITY).notNullable();
      idColumn(db, t, 'record_id');
      t.string('status', 12).notNullable();
      t.string('op', 8).notNullable();
      longText(t, 'error_json').nullable();
      t.primary(['changeset_id', 'entity', 'record_id']);
      t.index(['changeset_id', 'op', 'entity', 'record_id'], 'st_staged_plan_op');
    });
    await createStagedRefs(db);
    await db.schema.createTable('st_staged_items', (t) => {
      t.string('changeset_id', CHANGESET).notNullable();
      idColumn(db, t, 'matching_id');
      idColumn(db, t, 'entry_id');
      t.integer('line').notNullable();
      t.bigInteger('amount').notNullable();
      t.index(['changeset_id', 'entry_id', 'line'], 'st_staged_items_line');
      t.index(['changeset_id', 'matching_id'], 'st_staged_items_matching');
    });
  },
  async down(db) {
    for (const table of ['st_staged_items', 'st_staged_refs', 'st_staged_plan', 'st_staged_records', 'st_changesets', 'st_watermarks', 'st_match_items', 'st_refs', 'st_records']) {
      await db.schema.dropTableIfExists(table);
    }
  },
};

/**
 * A planned record's references travel as one JSON column of its plan row instead of one indexed
 * row each in `st_staged_refs`: written once per record, read back only when its page is applied.
 */
const planRefs: StateMigration = {
  name: '002_state_plan_refs',
  async up(db) {
    await db.schema.alterTable('st_staged_plan', (t) => {
      longText(t, 'refs_json').nullable();
    });
    await db.schema.dropTableIfExists('st_staged_refs');
  },
  async down(db) {
    await db.schema.alterTable('st_staged_plan', (t) => {
      t.dropColumn('refs_json');
    });
    await createStagedRefs(db);
  },
};

/**
 * Count and XOR per stored bucket (`STORED_BUCKET_BITS`), kept up to date as pages are
 * acknowledged, so that a night's level-1 comparison reads 1,024 rows instead of folding every
 * record of the entity. Filled from the records a store already holds.
 */
const bucketDigests: StateMigration = {
  name: '003_state_bucket_digests',
  async up(db) {
    await db.schema.createTable('st_buckets', (t) => {
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('entity', ENTITY).notNullable();
      t.integer('bucket').notNullable();
      t.bigInteger('count').notNullable();
      t.string('xor', 16).notNullable();
      t.primary(['dossier_id', 'entity', 'bucket']);
    });
    const held = (await db('st_records').distinct('dossier_id', 'entity')) as { dossier_id: string; entity: EntityName }[];
    for (const { dossier_id: dossierId, entity } of held) {
      const digests = await scanBucketDigests(db, dossierId, entity, STORED_BUCKET_BITS);
      await insertRows(db, 'st_buckets', [...digests].map(([bucket, { count, xor }]) => ({ dossier_id: dossierId, entity, bucket, count, xor })));
    }
  },
  async down(db) {
    await db.schema.dropTableIfExists('st_buckets');
  },
};

const BUCKET_INDEX = ['dossier_id', 'entity', 'bucket'];

/**
 * The bucket index also holds each record's fingerprint, so that the digests finer than the stored
 * ones (a night's level 2: every record of each differing stored bucket) are read from the index
 * alone instead of one table row a record: a 5M-line night's 106 buckets, 129,223 records, 1,061 ms
 * -> 157 ms. Not the id: with it, SQLite chose a covering scan of the entity's whole index over
 * primary-key probes for the records leaving the state (`bucket, fingerprint … record_id IN`).
 * Same name and leading columns, so every other reader keeps its plan.
 */
const coveringBucketIndex: StateMigration = {
  name: '004_state_bucket_index_covering',
  async up(db) {
    await db.schema.alterTable('st_records', (t) => {
      t.dropIndex(BUCKET_INDEX, 'st_records_bucket');
    });
    await db.schema.alterTable('st_records', (t) => {
      t.index([...BUCKET_INDEX, 'fingerprint'], 'st_records_bucket');
    });
  },
  async down(db) {
    await db.schema.alterTable('st_records', (t) => {
      t.dropIndex([...BUCKET_INDEX, 'fingerprint'], 'st_records_bucket');
    });
    await db.schema.alterTable('st_records', (t) => {
      t.index(BUCKET_INDEX, 'st_records_bucket');
    });
  },
};

/**
 * How many records the source held at the watermark marker when it was set: the ties an inclusive
 * `since` listing gives back. After a load whose records share one marker that is the whole entity,
 * and a digest night does without that listing (core/src/engine/detect/ladder.ts). Null for a
 * watermark set before this migration: the engine then lists as before.
 */
const watermarkTies: StateMigration = {
  name: '005_state_watermark_ties',
  async up(db) {
    await db.schema.alterTable('st_watermarks', (t) => {
      t.bigInteger('ties').nullable();
    });
  },
  async down(db) {
    await db.schema.alterTable('st_watermarks', (t) => {
      t.dropColumn('ties');
    });
  },
};

export const STATE_MIGRATIONS: readonly StateMigration[] = [initial, planRefs, bucketDigests, coveringBucketIndex, watermarkTies];

/** A knex migration source over {@link STATE_MIGRATIONS}. */
export const stateMigrationSource: Knex.MigrationSource<StateMigration> = {
  async getMigrations() {
    return [...STATE_MIGRATIONS];
  },
  getMigrationName(migration) {
    return migration.name;
  },
  async getMigration(migration) {
    return { up: (db: Knex) => migration.up(db), down: (db: Knex) => migration.down(db) };
  },
};

export const STATE_MIGRATION_TABLE = 'st_migrations';
