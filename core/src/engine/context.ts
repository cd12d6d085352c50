import { AdapterCapabilities, ChangeMarker, DossierFacts, EntityName, ExtractionAdapter, Logger } from '@ledgersync/sdk';
import { StagedRow, StateRecords, StateStore, Staging } from '../state';

/** Buffers staged rows and writes them in batches; a later row for the same record replaces an earlier one. */
export class Stager {
  private readonly buffer = new Map<string, StagedRow>();

  constructor(private readonly staging: Staging, private readonly limit = 500) {}

  async add(row: StagedRow): Promise<void> {
    this.buffer.set(`${row.entity}\u0000${row.id}`, row);
    if (this.buffer.size >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.size === 0) return;
    const rows = [...this.buffer.values()];
    this.buffer.clear();
    await this.staging.put(rows);
  }
}

/** Rows read from the source per entity, the highest marker seen, and how many records carried it. */
export class ReadTally {
  readonly rows: Partial<Record<EntityName, number>> = {};
  readonly maxMarker: Partial<Record<EntityName, ChangeMarker>> = {};
  /** Records seen at `maxMarker` (a record listed twice, by the marker listing and a leaf, counts twice: an estimate). */
  readonly atMax: Partial<Record<EntityName, number>> = {};

  count(entity: EntityName, rows = 1): void {
    this.rows[entity] = (this.rows[entity] ?? 0) + rows;
  }

  marker(entity: EntityName, marker: ChangeMarker): void {
    const seen = this.maxMarker[entity];
    if (seen === undefined || marker > seen) {
      this.maxMarker[entity] = marker;
      this.atMax[entity] = 1;
    } else if (marker === seen) this.atMax[entity] = (this.atMax[entity] ?? 0) + 1;
  }

  total(): number {
    return Object.values(this.rows).reduce((sum, n) => sum + (n ?? 0), 0);
  }
}

/** Everything one changeset's detection and planning share. */
export interface SyncContext {
  adapter: ExtractionAdapter;
  capabilities: AdapterCapabilities;
  dossierId: string;
  /** The dossier's book currency, for the record checks that need it (absent: those checks are skipped). */
  facts?: DossierFacts;
  store: StateStore;
  records: StateRecords;
  staging: Staging;
  stager: Stager;
  tally: ReadTally;
  logger?: Logger;
}
