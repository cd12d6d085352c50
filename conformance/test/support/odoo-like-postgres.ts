import { randomBytes } from 'node:crypto';
import knex, { Knex } from 'knex';
import {
  AdapterCapabilities, AdapterConfigurationError, AdapterFactory, DossierInfo, ENTITIES, EntityName, ExtractionAdapter, RecordedLedger, SqlEntityQueries, SqlExtraction,
} from '@ledgersync/sdk';
import { SourceState, StepNotExpressibleError } from '../../src';
import { OdooLikeDriver } from './odoo-like-driver';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/**
 * The Odoo-like package on PostgreSQL: a database of its own per ledger, created on set-up and
 * dropped on tear-down without FORCE — so an adapter still connected makes the drop fail, as it does
 * for a real package ("being accessed by other users"). Rows hold the ledger as the package does
 * (integer keys, derived periods, no line descriptions).
 */
export class OdooLikePostgresDriver extends OdooLikeDriver {
  override readonly describes = { package: 'Odoo-like test package (integer keys, derived periods)', backend: 'PostgreSQL' };
  private admin?: Knex;
  private db?: Knex;
  private database?: string;

  override async setUp(ledger: RecordedLedger): Promise<Record<string, unknown>> {
    this.ledgerRef = ledger;
    this.ids.clear();
    this.database = `ls_odoo_${randomBytes(5).toString('hex')}`;
    this.admin = knex({ client: 'pg', connection: { ...PG, database: 'test' }, pool: { min: 0, max: 1 } });
    await this.admin.raw(`CREATE DATABASE ${this.database}`);
    this.db = knex({ client: 'pg', connection: { ...PG, database: this.database }, pool: { min: 0, max: 1 } });
    await this.db.schema.createTable('ls_record', (t) => {
      t.string('entity', 20);
      t.string('id', 200);
      t.string('marker', 40);
      t.jsonb('record');
      t.primary(['entity', 'id']);
    });
    return { database: this.database, dossierId: ledger.dossier.id, dossierName: ledger.dossier.name, currency: ledger.dossier.currency };
  }

  override async materialise(state: SourceState): Promise<void> {
    const proposal = this.ledgerRef?.steps[state.step]?.proposals?.[0];
    if (proposal) throw new StepNotExpressibleError(state.step, 'entry', proposal.id, 'the package books proposals only under its own integer ids');
    const held = this.hold(state);
    await this.db!.transaction(async (trx) => {
      await trx('ls_record').del();
      const rows = ENTITIES.flatMap((entity) => [...held[entity]].map(([id, { record, marker }]) => ({ entity, id, marker, record: JSON.stringify(record) })));
      for (let i = 0; i < rows.length; i += 500) await trx('ls_record').insert(rows.slice(i, i + 500));
    });
  }

  override async tearDown(): Promise<void> {
    await this.db?.destroy();
    this.db = undefined;
    if (this.admin && this.database) {
      try {
        await this.admin.raw(`DROP DATABASE ${this.database}`);
      } finally {
        await this.admin.destroy();
        this.admin = undefined;
      }
    }
  }
}

/** The adapter: SqlExtraction over the package's table, one query per entity. */
export const odooLikePostgresAdapter: AdapterFactory = (configuration) => {
  if (typeof configuration.database !== 'string') throw new AdapterConfigurationError('database', 'is required (a string)');
  const db = knex({ client: 'pg', connection: { ...PG, database: configuration.database }, pool: { min: 0, max: 2 } });
  const queries: SqlEntityQueries = {};
  for (const entity of ENTITIES) {
    (queries as Record<EntityName, unknown>)[entity] = {
      sql: 'SELECT id, marker, record::text AS text, record FROM ls_record WHERE entity = ?',
      bindings: () => [entity],
      toRecord: (row: Record<string, unknown>) => row.record,
    };
  }
  const sql = new SqlExtraction({ query: async (text, bindings) => (await db.raw(text, bindings as Knex.RawBinding[])).rows }, 'postgres', queries);
  const dossier: DossierInfo = { id: String(configuration.dossierId), name: String(configuration.dossierName), currency: String(configuration.currency) };
  const adapter: ExtractionAdapter = {
    capabilities: (): AdapterCapabilities => ({ entities: ENTITIES, markers: 'timestamp', keys: true, digests: true, deletedSince: [], push: false, probe: false, bucketLists: true }),
    listDossiers: async function* () {
      await db.raw('SELECT 1');
      yield dossier;
    },
    read: (dossierId, entity, options) => sql.read(dossierId, entity, options),
    keys: (dossierId, entity, range) => sql.keys(dossierId, entity, range),
    digests: (dossierId, entity, options) => sql.digests(dossierId, entity, options),
    close: () => db.destroy(),
  };
  return adapter;
};
