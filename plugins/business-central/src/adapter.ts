import {
  AdapterCapabilities, BucketDigest, BucketRange, ChangeMarker, DeletedRecord, DigestOptions, DossierInfo, ENTITIES, EntityName,
  ExtractionAdapter, KeyRecord, ReadOptions, SourceRecord, UnknownDossierError,
} from '@ledgersync/sdk';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { BusinessCentralConfig } from './config';
import { ChangeTrackingLog } from './change-log';
import { readDossier } from './dossier';
import { ENTITY_SOURCES, EntitySource, MappingContext, SourceContext, SourceRow } from './sources';
import { fingerprintHex } from './sql/hashing';
import { digestsPageQuery, keysPageQuery, ReadPosition, readPageQuery } from './sql/listing';
import { markerOf } from './sql/markers';
import { probeQuery } from './sql/probe';

/** Entities whose content depends on rows of other tables, which do not advance their marker. */
const DERIVED_CONTENT: readonly EntityName[] = ['fiscalYear', 'period', 'account', 'journal', 'entry', 'matching'];

/**
 * Business Central / NAV on SQL Server, one company per connection (one dossier, its id the
 * company name). Every listing is keyset-paged: memory holds one page, whatever the ledger's size.
 */
export class BusinessCentralAdapter implements ExtractionAdapter {
  private readonly context: SourceContext;
  private mapping?: Promise<MappingContext>;

  /** `server.utf8Collation`: SQL Server 2019+ hashes ids as UTF-8 through a collation; older ones encode UTF-8 in T-SQL. */
  constructor(private readonly db: Knex, private readonly config: BusinessCentralConfig, private readonly changeLog: ChangeTrackingLog, server: { utf8Collation: boolean } = { utf8Collation: true }) {
    this.context = {
      db, tables: config.tables, prefixCounterpartyIds: config.prefixCounterpartyIds, reconcilableAccounts: config.reconcilableAccounts,
      sourceCurrency: config.sourceCurrency, utf8Collation: server.utf8Collation,
    };
  }

  capabilities(): AdapterCapabilities {
    return {
      entities: ENTITIES,
      markers: 'rowversion',
      keys: true,
      digests: true,
      deletedSince: this.changeLog.entities,
      push: false,
      probe: true,
      silentChangesPossible: DERIVED_CONTENT,
      // no index on an id's bucket (HASHBYTES per row): many buckets per statement, one pass over the rows
      bucketLists: true,
    };
  }

  async *listDossiers(): AsyncIterable<DossierInfo> {
    yield await readDossier(this.db, this.config.tables);
  }

  async *read<E extends EntityName>(dossierId: string, entity: E, options: ReadOptions = {}): AsyncIterable<SourceRecord<E>> {
    this.checkDossier(dossierId);
    const source = ENTITY_SOURCES[entity] as EntitySource<E>;
    const bySince = options.since !== undefined;
    let after = options.after === undefined ? undefined : parseCursor(options.after, bySince);
    const mapping = await this.mappingContext();
    for (;;) {
      const rows: SourceRow[] = await readPageQuery(this.context, source as EntitySource<EntityName>, { since: options.since, range: options.range, ranges: options.ranges, after, limit: this.config.pageSize });
      let records = 0;
      for (const group of groupById(rows)) {
        records += 1;
        const marker = markerOf(group[0].record_ts);
        const fingerprint = xorOfRows(group);
        after = bySince ? { marker, id: group[0].id as string } : { id: group[0].id as string };
        yield { id: after.id, marker, fingerprint, cursor: JSON.stringify(bySince ? [marker, after.id] : [after.id]), record: source.toRecord(after.id, group, mapping) };
      }
      if (records < this.config.pageSize) return;
    }
  }

  async *keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    this.checkDossier(dossierId);
    let afterId: string | undefined;
    for (;;) {
      const rows: SourceRow[] = await keysPageQuery(this.context, ENTITY_SOURCES[entity] as EntitySource<EntityName>, { range, afterId, limit: this.config.pageSize });
      for (const row of rows) {
        afterId = row.id as string;
        yield { id: afterId, marker: markerOf(row.ts), fingerprint: fingerprintHex(row.x_hi, row.x_lo) };
      }
      if (rows.length < this.config.pageSize) return;
    }
  }

  async *digests(dossierId: string, entity: EntityName, options: DigestOptions): AsyncIterable<BucketDigest> {
    this.checkDossier(dossierId);
    let afterBucket: number | undefined;
    for (;;) {
      const rows: SourceRow[] = await digestsPageQuery(this.context, ENTITY_SOURCES[entity] as EntitySource<EntityName>, { ...options, afterBucket, limit: this.config.pageSize });
      for (const row of rows) {
        afterBucket = Number(row.bucket);
        yield { bucket: afterBucket, count: Number(row.n), xor: fingerprintHex(row.x_hi, row.x_lo) };
      }
      if (rows.length < this.config.pageSize) return;
    }
  }

  async *deletedSince(dossierId: string, since: ChangeMarker): AsyncIterable<DeletedRecord> {
    this.checkDossier(dossierId);
    yield* this.changeLog.deletedSince(this.context, since);
  }

  async probe(dossierId: string): Promise<string> {
    this.checkDossier(dossierId);
    const rows = (await probeQuery(this.db, this.config.tables)) as SourceRow[];
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${String(row.tbl)}:${String(row.n)}:${row.ts === null ? '-' : markerOf(row.ts)};`);
    return hash.digest('hex');
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private checkDossier(dossierId: string): void {
    if (dossierId !== this.config.tables.companyName) throw new UnknownDossierError(dossierId);
  }

  private mappingContext(): Promise<MappingContext> {
    this.mapping ??= readDossier(this.db, this.config.tables).then((dossier) => ({ currency: dossier.currency }));
    return this.mapping;
  }
}

/** XOR of the rows' fingerprints (an entry's lines), half by half as 32-bit numbers: no BigInt per row. */
export function xorOfRows(rows: readonly SourceRow[]): string {
  let hi = 0;
  let lo = 0;
  for (const row of rows) {
    hi ^= Number(row.fp_hi);
    lo ^= Number(row.fp_lo);
  }
  return fingerprintHex(hi >>> 0, lo >>> 0);
}

/** Consecutive rows of one record (the page query orders them so). */
export function* groupById(rows: readonly SourceRow[]): Generator<SourceRow[]> {
  let group: SourceRow[] = [];
  for (const row of rows) {
    if (group.length > 0 && group[0].id !== row.id) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) yield group;
}

function parseCursor(cursor: string, bySince: boolean): ReadPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    parsed = undefined;
  }
  const ok = Array.isArray(parsed) && parsed.length === (bySince ? 2 : 1) && parsed.every((part) => typeof part === 'string');
  if (!ok) throw new RangeError(`cursor ${JSON.stringify(cursor)} does not belong to this listing`);
  const parts = parsed as string[];
  return bySince ? { marker: parts[0], id: parts[1] } : { id: parts[0] };
}
