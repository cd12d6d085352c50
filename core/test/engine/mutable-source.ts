import { MemorySource, RecordedLedgerAdapter, SourceProvider } from '@ledgersync/example-recorded-ledger';
import { AdapterCapabilities, emptySnapshot, EntityName, EPOCH_MARKER, ExtractionAdapter, HeldRecord, recordsOf, validState, ValidatedState } from '@ledgersync/sdk';

export const DOSSIER = { id: 'BE0999999999', name: 'Test BV', currency: 'EUR', country: 'BE' };

/**
 * A source held in memory and changed by tests: puts (marked or silent), hard deletes (logged),
 * served through the recorded-ledger adapter.
 */
export class MutableSource implements SourceProvider {
  private tick = 0;
  readonly source: MemorySource;

  constructor(readonly dossierId = DOSSIER.id) {
    this.source = { dossier: { ...DOSSIER, id: dossierId }, clock: EPOCH_MARKER, snapshot: emptySnapshot(), deletions: [], pushed: new Map() };
  }

  current(): MemorySource {
    return this.source;
  }

  save(): void {
    // held in memory
  }

  /** Moves the source's clock on: changes from now on carry a later marker. */
  advance(): void {
    this.tick += 1;
    this.source.clock = new Date(Date.UTC(2025, 0, 1, 0, 0, this.tick)).toISOString();
  }

  put(entity: EntityName, record: { id: string } & Record<string, unknown>, silent = false): void {
    const previous = this.source.snapshot[entity].get(record.id);
    const marker = silent ? (previous?.marker ?? EPOCH_MARKER) : this.source.clock;
    this.source.snapshot[entity].set(record.id, { record, marker });
  }

  delete(entity: EntityName, id: string): void {
    if (!this.source.snapshot[entity].delete(id)) return;
    this.source.deletions.push({ entity, id, marker: this.source.clock });
  }

  /** The raw snapshot of one entity, for changes no marker or log records (a restored backup). */
  snapshot(entity: EntityName): Map<string, HeldRecord> {
    return this.source.snapshot[entity];
  }

  truth(): ValidatedState {
    return validState(this.dossierId, recordsOf(this.source.snapshot), { bookCurrency: this.source.dossier.currency });
  }

  adapter(options: { deletionLog?: boolean; capabilities?: Partial<AdapterCapabilities> } = {}): ExtractionAdapter {
    const inner = new RecordedLedgerAdapter(this, { deletionLog: options.deletionLog ?? true });
    if (!options.capabilities) return inner;
    return withCapabilities(inner, options.capabilities);
  }
}

/** The same adapter declaring fewer capabilities, and without the optional methods it no longer declares. */
export function withCapabilities(inner: RecordedLedgerAdapter, override: Partial<AdapterCapabilities>): ExtractionAdapter {
  const capabilities = { ...inner.capabilities(), ...override };
  return {
    capabilities: () => capabilities,
    listDossiers: () => inner.listDossiers(),
    read: (dossierId, entity, options) => inner.read(dossierId, entity, options),
    keys: capabilities.keys ? (dossierId, entity, range) => inner.keys(dossierId, entity, range) : undefined,
    digests: capabilities.digests ? (dossierId, entity, options) => inner.digests(dossierId, entity, options) : undefined,
    deletedSince: capabilities.deletedSince.length > 0 ? (dossierId, since) => inner.deletedSince(dossierId, since) : undefined,
    push: capabilities.push ? (dossierId, proposal) => inner.push(dossierId, proposal) : undefined,
    close: () => inner.close(),
  };
}

/** A small ledger every test starts from: one fiscal year, one period, one journal. */
export function seedBasics(source: MutableSource): void {
  source.put('fiscalYear', { id: 'FY', start: '2025-01-01', end: '2025-12-31', status: 'open' });
  source.put('period', { id: 'P1', fiscalYearId: 'FY', number: 1, start: '2025-01-01', end: '2025-12-31', status: 'open' });
  source.put('journal', { id: 'J', name: 'General', type: 'general' });
}

export function entry(id: string, lines: { accountId: string; amount: number; counterpartyId?: string }[], extra: Record<string, unknown> = {}) {
  return {
    id,
    journalId: 'J',
    fiscalYearId: 'FY',
    periodId: 'P1',
    number: id,
    date: '2025-03-01',
    currency: 'EUR',
    lines: lines.map((l, i) => ({ line: i + 1, ...l })),
    ...extra,
  };
}
