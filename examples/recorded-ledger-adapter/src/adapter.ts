import {
  AdapterCapabilities, BucketDigest, bucketDigests, BucketRange, bucketOf, canonicalFingerprint, ChangeMarker, compareIds, DeletedRecord,
  DigestOptions, DossierInfo, ENTITIES, entryFromProposal, EntityName, ExtractionAdapter, KeyRecord, Period, Proposal, ReadOptions,
  SourceRecord, UnknownDossierError, xorFingerprints, ZERO_FINGERPRINT,
} from '@ledgersync/sdk';
import { createHash } from 'node:crypto';
import { MemorySource } from './source-file';
import { SourceProvider } from './source-provider';

export interface RecordedLedgerAdapterOptions {
  /** Offer the deletion log; without it the engine must find deletes by digests. */
  deletionLog: boolean;
}

interface Row {
  id: string;
  marker: ChangeMarker;
  record: unknown;
}

/**
 * Serves a recorded ledger's source state through the whole extraction contract. Every listing
 * works on the state as it was when the listing started, in the documented order, so it is what a
 * SQL adapter does with `ORDER BY` — only in memory.
 */
export class RecordedLedgerAdapter implements ExtractionAdapter {
  constructor(private readonly provider: SourceProvider, private readonly options: RecordedLedgerAdapterOptions = { deletionLog: true }) {}

  capabilities(): AdapterCapabilities {
    return {
      entities: ENTITIES,
      markers: 'timestamp',
      keys: true,
      digests: true,
      deletedSince: this.options.deletionLog ? ENTITIES : [],
      push: true,
      probe: true,
      silentChangesPossible: ENTITIES,
      bucketLists: true,
    };
  }

  async *listDossiers(): AsyncIterable<DossierInfo> {
    yield this.provider.current().dossier;
  }

  async *read<E extends EntityName>(dossierId: string, entity: E, options: ReadOptions = {}): AsyncIterable<SourceRecord<E>> {
    const bySince = options.since !== undefined;
    let rows = this.rows(dossierId, entity, options.ranges ?? options.range);
    if (bySince) rows = rows.filter((row) => row.marker >= options.since!).sort((a, b) => compareIds(a.marker, b.marker) || compareIds(a.id, b.id));
    const cursorOf = (row: Row) => JSON.stringify(bySince ? [row.marker, row.id] : [row.id]);
    if (options.after !== undefined) {
      const after = JSON.parse(options.after) as string[];
      rows = rows.filter((row) => compareKeys(bySince ? [row.marker, row.id] : [row.id], after) > 0);
    }
    // Each row is fingerprinted as it is handed out, not all before the first: the listing streams.
    for (const row of rows) {
      yield { id: row.id, marker: row.marker, fingerprint: canonicalFingerprint(entity, row.record), cursor: cursorOf(row), record: row.record as SourceRecord<E>['record'] };
    }
  }

  async *keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    for (const row of this.rows(dossierId, entity, range)) yield { id: row.id, marker: row.marker, fingerprint: canonicalFingerprint(entity, row.record) };
  }

  async *digests(dossierId: string, entity: EntityName, options: DigestOptions): AsyncIterable<BucketDigest> {
    const rows = this.rows(dossierId, entity, options.ranges ?? options.within);
    yield* bucketDigests(rows.map((row) => ({ id: row.id, fingerprint: canonicalFingerprint(entity, row.record) })), options.bits);
  }

  async *deletedSince(dossierId: string, since: ChangeMarker): AsyncIterable<DeletedRecord> {
    const source = this.source(dossierId);
    if (!this.options.deletionLog) return;
    yield* source.deletions.filter((d) => d.marker >= since).sort((a, b) => compareIds(a.marker, b.marker));
  }

  async push(dossierId: string, proposal: Proposal): Promise<SourceRecord<'entry'>> {
    const source = this.source(dossierId);
    const existing = source.pushed.get(proposal.id);
    const held = existing !== undefined ? source.snapshot.entry.get(existing) : undefined;
    if (held) return this.asSourceRecord(existing!, held.marker, held.record);
    const sequence = source.pushed.size + 1;
    const periods = [...source.snapshot.period.values()].map((h) => h.record as Period);
    const entry = entryFromProposal(dossierId, proposal, {
      id: `${proposal.journalId}-P${sequence}`,
      number: `P${sequence}`,
      currency: source.dossier.currency,
      periods,
    });
    source.snapshot.entry.set(entry.id, { record: entry, marker: source.clock });
    source.pushed.set(proposal.id, entry.id);
    this.provider.save(source);
    return this.asSourceRecord(entry.id, source.clock, entry);
  }

  async probe(dossierId: string): Promise<string> {
    const source = this.source(dossierId);
    const hash = createHash('sha256');
    for (const entity of ENTITIES) {
      let xor = ZERO_FINGERPRINT;
      for (const [id, held] of source.snapshot[entity]) xor = xorFingerprints(xor, canonicalFingerprint(entity, { id, ...(held.record as object) }));
      hash.update(`${entity}:${source.snapshot[entity].size}:${xor};`);
    }
    return hash.digest('hex');
  }

  async close(): Promise<void> {
    // nothing held open
  }

  private source(dossierId: string): MemorySource {
    const source = this.provider.current();
    if (source.dossier.id !== dossierId) throw new UnknownDossierError(dossierId);
    return source;
  }

  /** The entity's rows in id order, restricted to a bucket or to any of several. */
  private rows(dossierId: string, entity: EntityName, range?: BucketRange | readonly BucketRange[]): Row[] {
    const ranges = range === undefined ? undefined : Array.isArray(range) ? (range as readonly BucketRange[]) : [range as BucketRange];
    const rows: Row[] = [];
    for (const [id, held] of this.source(dossierId).snapshot[entity]) {
      if (ranges && !ranges.some((r) => bucketOf(id, r.bits) === r.value)) continue;
      rows.push({ id, marker: held.marker, record: held.record });
    }
    return rows.sort((a, b) => compareIds(a.id, b.id));
  }

  private asSourceRecord(id: string, marker: ChangeMarker, record: unknown): SourceRecord<'entry'> {
    return { id, marker, fingerprint: canonicalFingerprint('entry', record), cursor: JSON.stringify([id]), record: record as SourceRecord<'entry'>['record'] };
  }
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareIds(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}
