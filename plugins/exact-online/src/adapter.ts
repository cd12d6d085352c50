import {
  AdapterCapabilities, BucketRange, bucketOf, canonicalFingerprint, ChangeMarker, compareIds, DeletedRecord, DossierInfo, ENTITIES, EntityName, ExtractionAdapter, KeyRecord,
  Proposal, ReadOptions, SourceRecord, UnknownDossierError,
} from '@ledgersync/sdk';
import { Booker } from './push/booker';
import { listing, ReadRow } from './listing';
import { DivisionReader } from './reader';

/**
 * Entities whose content can change with their marker standing still (a bank account, a journal's
 * period status, a derived year, a matching rebuilt per EndDate that loses a match set: mapping/settled.ts).
 */
const SILENT_CHANGES: readonly EntityName[] = ['counterparty', 'fiscalYear', 'period', 'matching'];

/**
 * One Exact Online division as a dossier, read through the REST API.
 *
 * - markers: Exact's `Timestamp` row versions (sync endpoints) and `Modified` dates (journals,
 *   periods, match sets), zero-padded to 20 digits;
 * - deletions: `sync/Deleted` logs deleted CRM accounts by the key the adapter uses as their id;
 *   deleted GL accounts and transaction lines are logged by keys the adapter cannot map back
 *   (a GL account's id is its number, a line's key is not its entry's), so those deletes are
 *   found from `keys` listings;
 * - no digests: Exact computes nothing over its rows, the engine falls back to keys and reads.
 */
export class ExactOnlineAdapter implements ExtractionAdapter {
  /**
   * The rows of each entity's latest listing. The engine reads a record whose key moved through
   * its 32-bit bucket, right after the `since` read or key listing that found it; Exact cannot
   * read by bucket, and a whole listing per record would spend the call quota, so such reads are
   * answered from the listing just made. Every new listing of the entity replaces it.
   */
  private readonly recent = new Map<EntityName, ReadRow[]>();
  /**
   * The entity whose `since` read just listed it whole. Every entity here is found by keys (none
   * is both logged and free of silent changes), so the engine follows each `since` read with a
   * key listing of the same entity: that listing is answered from the rows just read instead of a
   * second listing. A night then costs one listing per entity, as a full read does, plus nothing.
   */
  private handoff?: EntityName;

  constructor(private readonly reader: DivisionReader, private readonly booker: Booker, private readonly dossierId: string) {}

  capabilities(): AdapterCapabilities {
    return {
      entities: ENTITIES,
      markers: 'api-timestamp',
      keys: true,
      digests: false,
      deletedSince: ['counterparty'],
      push: true,
      probe: false,
      silentChangesPossible: [...SILENT_CHANGES],
    };
  }

  async *listDossiers(): AsyncIterable<DossierInfo> {
    yield await this.reader.dossier(this.dossierId);
  }

  async *read<E extends EntityName>(dossierId: string, entity: E, options: ReadOptions = {}): AsyncIterable<SourceRecord<E>> {
    this.check(dossierId);
    this.handoff = undefined;
    const range = options.range;
    const recent = range?.bits === 32 && options.since === undefined ? this.recent.get(entity)?.filter((row) => bucketOf(row.id, 32) === range.value) : undefined;
    let rows = recent !== undefined && recent.length > 0 ? recent : undefined;
    if (!rows) {
      // a since read lists the entity whole (filtered below) and hands the rows to the key listing that follows
      rows = await this.reader.read(entity);
      if (!range) this.recent.set(entity, rows);
      if (!range && options.since !== undefined) this.handoff = entity;
    }
    const inRange = range ? rows.filter((row) => bucketOf(row.id, range.bits) === range.value) : rows;
    yield* listing<E>(inRange, options);
  }

  async *keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    this.check(dossierId);
    const handed = this.handoff === entity ? this.recent.get(entity) : undefined;
    this.handoff = undefined;
    const { keys, rows } = handed ? { keys: keysOf(entity, handed), rows: handed } : await this.reader.keys(entity);
    if (rows) this.recent.set(entity, rows);
    yield* keys.filter((key) => !range || bucketOf(key.id, range.bits) === range.value).sort((a, b) => compareIds(a.id, b.id));
  }

  async *deletedSince(dossierId: string, since: ChangeMarker): AsyncIterable<DeletedRecord> {
    this.check(dossierId);
    yield* this.reader.deletedCounterparties(since);
  }

  /** Books a proposal as a purchase, sales or general entry (see push/booking.ts); once per proposal id. */
  async push(dossierId: string, proposal: Proposal): Promise<SourceRecord<'entry'>> {
    this.check(dossierId);
    return this.booker.push(dossierId, proposal);
  }

  async close(): Promise<void> {
    // fetch keeps no connection of ours open
  }

  private check(dossierId: string): void {
    if (dossierId !== this.dossierId) throw new UnknownDossierError(dossierId);
  }
}

/** Keys of rows already read, as the reader's key listing gives them: GL accounts and entries by row version alone, the others with fingerprints. */
function keysOf(entity: EntityName, rows: ReadRow[]): KeyRecord[] {
  const versioned = entity === 'account' || entity === 'entry';
  return rows.map(({ id, marker, record }) => (versioned ? { id, marker } : { id, marker, fingerprint: canonicalFingerprint(entity, record) }));
}
