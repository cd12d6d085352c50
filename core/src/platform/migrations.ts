import { Knex } from 'knex';

/**
 * The platform reference store's tables, as knex migrations with their own bookkeeping table so
 * they live beside the connector's state store in one database without clashing.
 * Ids are at most 191 characters: the longest a utf8mb4 column can be and still sit in a MariaDB index.
 */
interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

const ID = 191;

/**
 * On MariaDB/MySQL every platform table is utf8mb4 with a binary collation, whatever the database's
 * default: ids are case- and accent-sensitive (`k1` and `K1` are two counterparties) and compare in
 * code-unit order, as everywhere else in ledgersync. SQLite compares binary already.
 */
function binaryIds(db: Knex, t: Knex.CreateTableBuilder): void {
  if (/mysql/.test(String(db.client.config.client))) {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin');
  }
}
const DOSSIER = 64;

const initial: Migration = {
  name: '001_platform_initial',
  async up(db) {
    await db.schema.createTable('pf_dossiers', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).primary();
      t.string('name', 255).notNullable();
      t.string('currency', 8).notNullable().defaultTo('EUR');
      t.string('client_email', 255).nullable();
      t.string('connector_id', 64).nullable();
      t.string('adapter_id', 64).nullable();
      t.string('adapter_version', 64).nullable();
      t.string('updated_until', 10).nullable();
      t.string('active_period_id', ID).nullable();
      t.integer('proposal_counter').notNullable().defaultTo(0);
      t.string('probe_token', 128).nullable();
      t.string('last_full_at', 30).nullable();
      t.string('last_incremental_at', 30).nullable();
      t.string('last_proposal_at', 30).nullable();
      t.string('last_manual_at', 30).nullable();
    });
    await db.schema.createTable('pf_closed_periods', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('period_id', ID).notNullable();
      t.string('closed_at', 30).notNullable();
      t.primary(['dossier_id', 'period_id']);
    });
    await db.schema.createTable('pf_records', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('entity', 16).notNullable();
      t.string('record_id', ID).notNullable();
      t.text('json', 'mediumtext').notNullable();
      t.string('digest', 64).notNullable();
      t.primary(['dossier_id', 'entity', 'record_id']);
    });
    await db.schema.createTable('pf_accounts', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('account_id', ID).notNullable();
      t.boolean('reconcilable').notNullable();
      t.primary(['dossier_id', 'account_id']);
    });
    await db.schema.createTable('pf_entry_lines', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('entry_id', ID).notNullable();
      t.integer('line').notNullable();
      t.string('account_id', ID).notNullable();
      t.bigInteger('amount').notNullable();
      t.string('period_id', ID).notNullable();
      // the line's counterparty, else the entry's: whose open items the line counts in
      t.string('counterparty_id', ID).nullable();
      t.primary(['dossier_id', 'entry_id', 'line']);
      t.index(['dossier_id', 'account_id']);
    });
    await db.schema.createTable('pf_matching_items', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('matching_id', ID).notNullable();
      t.integer('item').notNullable();
      t.string('entry_id', ID).notNullable();
      t.integer('line').notNullable();
      t.bigInteger('amount').notNullable();
      t.primary(['dossier_id', 'matching_id', 'item']);
      t.index(['dossier_id', 'entry_id', 'line']);
    });
    await db.schema.createTable('pf_changesets', (t) => {
      binaryIds(db, t);
      t.string('changeset_id', 64).primary();
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('kind', 16).notNullable();
      t.string('started_at', 30).notNullable();
      t.string('completed_at', 30).nullable();
      t.text('summary', 'mediumtext').nullable();
    });
    await db.schema.createTable('pf_applied_pages', (t) => {
      binaryIds(db, t);
      t.string('changeset_id', 64).notNullable();
      t.integer('sequence').notNullable();
      t.integer('operations').notNullable();
      t.string('applied_at', 30).notNullable();
      t.primary(['changeset_id', 'sequence']);
    });
    await db.schema.createTable('pf_proposals', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('proposal_id', ID).notNullable();
      t.text('json').notNullable();
      t.string('state', 16).notNullable();
      t.string('entry_id', ID).nullable();
      t.string('created_at', 30).notNullable();
      t.primary(['dossier_id', 'proposal_id']);
    });
    await db.schema.createTable('pf_tasks', (t) => {
      binaryIds(db, t);
      t.increments('task_id').primary();
      t.string('dossier_id', DOSSIER).notNullable();
      t.string('kind', 16).notNullable();
      t.string('origin', 16).notNullable();
      t.string('state', 16).notNullable();
      t.text('fields').nullable();
      t.string('created_at', 30).notNullable();
      t.string('not_before', 30).notNullable();
      t.string('claimed_at', 30).nullable();
      t.string('started_at', 30).nullable();
      t.string('finished_at', 30).nullable();
      t.string('lease_until', 30).nullable();
      t.string('connector_id', 64).nullable();
      t.integer('attempt').notNullable().defaultTo(0);
      t.integer('max_attempts').notNullable().defaultTo(5);
      t.string('changeset_id', 64).nullable();
      t.integer('count_read').nullable();
      t.integer('count_upserted').nullable();
      t.integer('count_deleted').nullable();
      t.integer('count_quarantined').nullable();
      t.text('methods').nullable();
      t.text('quarantined', 'mediumtext').nullable();
      t.string('outcome', 255).nullable();
      t.string('error_code', 64).nullable();
      t.text('error_message').nullable();
      t.string('email_error_code', 64).nullable();
      t.text('email_error_message').nullable();
      t.text('history').nullable();
      t.index(['state', 'not_before']);
      t.index(['dossier_id', 'state']);
    });
    await db.schema.createTable('pf_connectors', (t) => {
      binaryIds(db, t);
      t.string('connector_id', 64).primary();
      t.integer('poll_interval_ms').notNullable();
      t.string('last_poll_at', 30).nullable();
      t.string('registered_at', 30).notNullable();
    });
  },
  async down(db) {
    for (const table of ['pf_connectors', 'pf_tasks', 'pf_proposals', 'pf_applied_pages', 'pf_changesets', 'pf_matching_items', 'pf_entry_lines', 'pf_accounts', 'pf_records', 'pf_closed_periods', 'pf_dossiers']) {
      await db.schema.dropTableIfExists(table);
    }
  },
};

/** The dossier's running task, set and cleared by conditional updates: the guard that one dossier never runs two syncs. */
const activeTask: Migration = {
  name: '002_dossier_active_task',
  async up(db) {
    await db.schema.alterTable('pf_dossiers', (t) => {
      t.integer('active_task_id').nullable();
    });
  },
  async down(db) {
    await db.schema.alterTable('pf_dossiers', (t) => {
      t.dropColumn('active_task_id');
    });
  },
};

/**
 * The format's 1.1 additions on the lines the figures are computed from: the entry's transaction
 * currency and the line's `currencyAmount` (open items in the transaction currency), the entry's
 * kind and fiscal year (a year's result without its closing entries). Lines written before this
 * migration get currency and fiscal year from their entry's stored record; they cannot hold a
 * `currencyAmount` or a kind (the version-1 schema rejected both), so those stay null = absent/regular.
 */
const model11: Migration = {
  name: '003_model_1_1',
  async up(db) {
    await db.schema.alterTable('pf_entry_lines', (t) => {
      t.string('currency', 8).nullable();
      t.bigInteger('currency_amount').nullable();
      t.string('kind', 8).nullable();
      t.string('fiscal_year_id', ID).nullable();
    });
    await backfillEntryLines(db);
    await db.schema.alterTable('pf_entry_lines', (t) => {
      t.index(['dossier_id', 'fiscal_year_id']);
    });
  },
  async down(db) {
    await db.schema.alterTable('pf_entry_lines', (t) => {
      t.dropIndex(['dossier_id', 'fiscal_year_id']);
    });
    await db.schema.alterTable('pf_entry_lines', (t) => {
      t.dropColumn('fiscal_year_id');
      t.dropColumn('kind');
      t.dropColumn('currency_amount');
      t.dropColumn('currency');
    });
  },
};

/** Stored entries read in pages; their lines updated per (dossier, currency, fiscal year) group, a few statements per page. */
async function backfillEntryLines(db: Knex): Promise<void> {
  const PAGE = 500;
  let after: { dossier_id: string; record_id: string } | undefined;
  for (;;) {
    const query = db('pf_records').where({ entity: 'entry' }).select('dossier_id', 'record_id', 'json').orderBy(['dossier_id', 'record_id']).limit(PAGE);
    if (after) {
      const { dossier_id: dossierId, record_id: recordId } = after;
      query.andWhere((q) => q.where('dossier_id', '>', dossierId).orWhere((r) => r.where('dossier_id', dossierId).andWhere('record_id', '>', recordId)));
    }
    const rows: { dossier_id: string; record_id: string; json: string }[] = await query;
    if (rows.length === 0) return;
    const groups = new Map<string, { dossierId: string; currency: string; fiscalYearId: string; entryIds: string[] }>();
    for (const row of rows) {
      const entry = JSON.parse(row.json) as { currency: string; fiscalYearId: string };
      const key = JSON.stringify([row.dossier_id, entry.currency, entry.fiscalYearId]);
      const group = groups.get(key) ?? { dossierId: row.dossier_id, currency: entry.currency, fiscalYearId: entry.fiscalYearId, entryIds: [] };
      group.entryIds.push(row.record_id);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      await db('pf_entry_lines')
        .where({ dossier_id: group.dossierId })
        .whereIn('entry_id', group.entryIds)
        .update({ currency: group.currency, fiscal_year_id: group.fiscalYearId });
    }
    after = rows[rows.length - 1];
  }
}

/** In order; a new migration goes at the end under the next number. */

/**
 * Who may call the platform: one credential per connector and the dossiers the operator assigned to
 * it, accountants with their sessions and API tokens, and the lease secret of each claimed task.
 * Every secret is stored as its SHA-256 (random 256-bit secrets need no slow hash); passwords as scrypt.
 */
const access: Migration = {
  name: '004_access',
  async up(db) {
    await db.schema.createTable('pf_connector_credentials', (t) => {
      binaryIds(db, t);
      t.string('connector_id', 64).primary();
      t.string('secret_sha256', 64).notNullable();
      t.string('issued_at', 30).notNullable();
      t.string('revoked_at', 30).nullable();
    });
    await db.schema.createTable('pf_dossier_assignments', (t) => {
      binaryIds(db, t);
      t.string('dossier_id', DOSSIER).primary();
      t.string('connector_id', 64).notNullable();
      t.string('assigned_at', 30).notNullable();
    });
    await db.schema.createTable('pf_accountants', (t) => {
      binaryIds(db, t);
      t.string('user_id', 64).primary();
      t.string('password_scrypt', 255).notNullable();
      t.string('created_at', 30).notNullable();
    });
    await db.schema.createTable('pf_sessions', (t) => {
      binaryIds(db, t);
      t.string('session_sha256', 64).primary();
      t.string('user_id', 64).notNullable();
      t.string('csrf_sha256', 64).notNullable();
      t.string('expires_at', 30).notNullable();
    });
    await db.schema.createTable('pf_api_tokens', (t) => {
      binaryIds(db, t);
      t.string('token_sha256', 64).primary();
      t.string('user_id', 64).notNullable();
      t.string('created_at', 30).notNullable();
      t.string('revoked_at', 30).nullable();
      t.index(['user_id']);
    });
    await db.schema.alterTable('pf_tasks', (t) => {
      t.string('lease_sha256', 64).nullable();
    });
    // a store from before: its dossiers stay with the connectors that registered them
    const served: { dossier_id: string; connector_id: string }[] = await db('pf_dossiers').whereNotNull('connector_id').select('dossier_id', 'connector_id');
    const now = new Date().toISOString();
    for (const row of served) await db('pf_dossier_assignments').insert({ dossier_id: row.dossier_id, connector_id: row.connector_id, assigned_at: now });
  },
  async down(db) {
    await db.schema.alterTable('pf_tasks', (t) => {
      t.dropColumn('lease_sha256');
    });
    for (const table of ['pf_api_tokens', 'pf_sessions', 'pf_accountants', 'pf_dossier_assignments', 'pf_connector_credentials']) {
      await db.schema.dropTableIfExists(table);
    }
  },
};

const MIGRATIONS: Migration[] = [initial, activeTask, model11, access];

const source: Knex.MigrationSource<Migration> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => ({ up: (db: Knex) => migration.up(db), down: (db: Knex) => migration.down(db) }),
};

/** The platform migrations' names, in order. */
export const PLATFORM_MIGRATIONS: readonly string[] = MIGRATIONS.map((migration) => migration.name);

/**
 * Brings the platform tables up to date; safe to call on every start. `until` (a migration's
 * name) stops after that migration: tests build the previous schema, fill it, then migrate up.
 */
export async function migratePlatform(db: Knex, until?: string): Promise<void> {
  const config = { migrationSource: source, tableName: 'pf_migrations' };
  if (until === undefined) {
    await serialisedOnMysql(db, () => db.migrate.latest(config));
    return;
  }
  const last = MIGRATIONS.findIndex((migration) => migration.name === until);
  if (last < 0) throw new RangeError(`no platform migration named ${until}; known: ${PLATFORM_MIGRATIONS.join(', ')}`);
  const done = new Set<string>((await db.migrate.list(config))[0].map((m: { name?: string } | string) => (typeof m === 'string' ? m : m.name ?? '')));
  for (const migration of MIGRATIONS.slice(0, last + 1)) if (!done.has(migration.name)) await db.migrate.up({ ...config, name: migration.name });
}

/**
 * Several platform processes starting at once on an empty MariaDB race to create knex's own
 * migration tables (its migration lock lives in one of them, so it cannot guard their creation):
 * a named server lock (GET_LOCK, held by one connection for the duration) makes them take turns.
 */
async function serialisedOnMysql(db: Knex, migrate: () => Promise<unknown>): Promise<void> {
  if (db.client.config.client !== 'mysql2') {
    await migrate();
    return;
  }
  const connection = await db.client.acquireConnection();
  const lock = (sql: string) => new Promise<void>((resolve, reject) => connection.query(sql, ['ledgersync_platform_migrations'], (error: Error | null) => (error ? reject(error) : resolve())));
  try {
    await lock('SELECT GET_LOCK(?, 120)');
    try {
      await migrate();
    } finally {
      await lock('SELECT RELEASE_LOCK(?)');
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
