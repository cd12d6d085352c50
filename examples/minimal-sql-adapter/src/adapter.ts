import {
  AdapterCapabilities, BucketDigest, BucketRange, DigestOptions, DossierInfo, ENTITIES, EntityName, ExtractionAdapter, KeyRecord, ReadOptions, SourceRecord, SQL_DIALECTS,
  SqlDialectName, SqlExtraction, UnknownDossierError,
} from '@ledgersync/sdk';
import { Knex } from 'knex';
import { entityQueries } from './queries';
import { TABLES } from './tables';

type Row = Record<string, unknown>;
const DIALECTS: Record<string, SqlDialectName> = { 'better-sqlite3': 'sqlite', mysql2: 'mysql', pg: 'postgres' };

/**
 * The generic SQL adapter: one database holds one dossier in the tables of tables.ts. SqlExtraction
 * does the reading (keyset pages), keys and bucket digests from the queries of queries.ts; this
 * class adds the dossier, the probe and the connection. No deletion log: the engine finds hard
 * deletes by digests.
 */
export class SqlAdapter implements ExtractionAdapter {
  private readonly dialect: SqlDialectName;
  private readonly extraction: SqlExtraction;
  private dossierId?: string;

  constructor(private readonly db: Knex, pageSize = 1000) {
    this.dialect = DIALECTS[String(db.client.config.client)] ?? 'sqlite';
    // schema.ts indexes ls_bucket32(id) on SQLite: digests of bucket lists go through it
    this.extraction = new SqlExtraction({ query: (sql, bindings) => this.rows(sql, bindings) }, this.dialect, entityQueries(SQL_DIALECTS[this.dialect]), { pageSize, bucketIndex: this.dialect === 'sqlite' });
  }

  capabilities(): AdapterCapabilities {
    return { entities: ENTITIES, markers: 'timestamp', keys: true, digests: true, deletedSince: [], push: false, probe: true, silentChangesPossible: ENTITIES, bucketLists: true };
  }

  async *listDossiers(): AsyncIterable<DossierInfo> {
    const [row] = await this.db('dossier').select('*');
    if (row) yield { id: row.id, name: row.name, currency: row.currency, ...(row.country ? { country: row.country } : {}), ...(row.vat_number ? { vatNumber: row.vat_number } : {}) };
  }

  read<E extends EntityName>(dossierId: string, entity: E, options?: ReadOptions): AsyncIterable<SourceRecord<E>> {
    return this.checked(dossierId, this.extraction.read(dossierId, entity, options));
  }

  keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    return this.checked(dossierId, this.extraction.keys(dossierId, entity, range));
  }

  digests(dossierId: string, entity: EntityName, options: DigestOptions): AsyncIterable<BucketDigest> {
    return this.checked(dossierId, this.extraction.digests(dossierId, entity, options));
  }

  /** Row counts and latest markers of every table: cheap, and changes with every stamped write. */
  async probe(dossierId: string): Promise<string> {
    await this.checkDossier(dossierId);
    const q = SQL_DIALECTS[this.dialect].quote;
    const parts = ENTITIES.map((entity) => `SELECT '${entity}' AS e, COUNT(*) AS n, MAX(${q('modified')}) AS m FROM ${q(TABLES[entity].name)}`);
    return JSON.stringify((await this.rows(parts.join(' UNION ALL '), [])).map((row) => [row.e, Number(row.n), row.m]));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** A statement's rows: mysql2 answers [rows, fields], pg { rows }, better-sqlite3 the rows. */
  private async rows(sql: string, bindings: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.raw(sql, bindings as Knex.RawBinding[]);
    return this.dialect === 'mysql' ? result[0] : this.dialect === 'postgres' ? result.rows : result;
  }

  /** `items`, once `dossierId` is this database's dossier (SqlExtraction's generators start no query before the first item). */
  private async *checked<T>(dossierId: string, items: AsyncIterable<T>): AsyncIterable<T> {
    await this.checkDossier(dossierId);
    yield* items;
  }

  private async checkDossier(dossierId: string): Promise<void> {
    this.dossierId ??= (await this.db('dossier').first('id'))?.id;
    if (this.dossierId !== dossierId) throw new UnknownDossierError(dossierId);
  }
}
