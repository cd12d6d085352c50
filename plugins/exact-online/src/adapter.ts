import {
  AdapterCapabilities, BucketRange, bucketOf, ChangeMarker, compareIds, DeletedRecord, DossierInfo, ENTITIES, EntityName, ExtractionAdapter, KeyRecord,
  Proposal, ReadOptions, SourceRecord, UnknownDossierError,
} from '@ledgersync/sdk';
import { Booker } from './push/booker';
import { listing, ReadRow } from './listing';
import { DivisionReader } from './reader';

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
      silentChangesPossible: ['counterparty', 'fiscalYear', 'period'],
    };
  }

  async *listDossiers(): AsyncIterable<DossierInfo> {
    yield await this.reader.dossier(this.dossierId);
  }

  async *read<E extends EntityName>(dossierId: string, entity: E, options: ReadOptions = {}): AsyncIterable<SourceRecord<E>> {
    this.check(dossierId);
    const range = options.range;
    const recent = range?.bits === 32 && options.since === undefined ? this.recent.get(entity)?.filter((row) => bucketOf(row.id, 32) === range.value) : undefined;
    let rows = recent !== undefined && recent.length > 0 ? recent : undefined;
    if (!rows) {
      rows = await this.reader.read(entity, options.since);
      if (!range) this.recent.set(entity, rows);
    }
    const inRange = range ? rows.filter((row) => bucketOf(row.id, range.bits) === range.value) : rows;
    yield* listing<E>(inRange, options);
  }

  async *keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    this.check(dossierId);
    const { keys, rows } = await this.reader.keys(entity);
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
