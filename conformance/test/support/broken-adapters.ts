import { AdapterFactory, copySnapshot, Counterparty, Entry, HeldRecord } from '@ledgersync/sdk';
import { FileSourceProvider, MemorySource, RecordedLedgerAdapter, SourceProvider } from '@ledgersync/example-recorded-ledger';

/**
 * Deliberately broken adapters: the example adapter reading through a provider that spoils what
 * the source holds in one way each. The suite must fail each with a message naming the defect.
 */
class SpoilingProvider implements SourceProvider {
  constructor(private readonly inner: SourceProvider, private readonly spoil: (source: MemorySource) => MemorySource) {}

  current(): MemorySource {
    return this.spoil(this.inner.current());
  }

  save(source: MemorySource): void {
    this.inner.save(source);
  }
}

function brokenFactory(spoil: () => (source: MemorySource) => MemorySource): AdapterFactory {
  return (configuration) => new RecordedLedgerAdapter(new SpoilingProvider(new FileSourceProvider(String(configuration.sourceFile)), spoil()));
}

/** Keeps serving every record it has ever seen, and has no deletion log: hard deletes never show. */
export const ignoresDeletes = brokenFactory(() => {
  const seen = new Map<string, { entity: keyof MemorySource['snapshot']; id: string; held: HeldRecord }>();
  return (source) => {
    const snapshot = copySnapshot(source.snapshot);
    for (const entity of Object.keys(snapshot) as (keyof typeof snapshot)[]) {
      for (const [id, held] of snapshot[entity]) seen.set(`${entity} ${id}`, { entity, id, held });
    }
    for (const { entity, id, held } of seen.values()) if (!snapshot[entity].has(id)) snapshot[entity].set(id, held);
    return { ...source, snapshot, deletions: [] };
  };
});

/** Forgets counterparties' e-mail addresses. */
export const dropsAField = brokenFactory(() => (source) => {
  const snapshot = copySnapshot(source.snapshot);
  for (const [id, held] of snapshot.counterparty) {
    const { email: _email, ...rest } = held.record as Counterparty;
    snapshot.counterparty.set(id, { ...held, record: rest });
  }
  return { ...source, snapshot };
});

/** Reads each entry's first line twice (a join that fans out): every entry stops balancing. */
export const doubleCountsALine = brokenFactory(() => (source) => {
  const snapshot = copySnapshot(source.snapshot);
  for (const [id, held] of snapshot.entry) {
    const entry = held.record as Entry;
    if (!Array.isArray(entry.lines) || entry.lines.length === 0) continue;
    const lines = [...entry.lines, { ...entry.lines[0], line: entry.lines.length + 1 }];
    snapshot.entry.set(id, { ...held, record: { ...entry, lines } });
  }
  return { ...source, snapshot };
});

/** Forgets which proposals it already booked: a proposal pushed again is booked a second time. */
export const booksTwice = brokenFactory(() => (source) => ({ ...source, pushed: new Map([...source.pushed].map(([proposal, entry]) => [`${proposal}#forgotten`, entry])) }));

/** Reads every entry line without `currencyAmount` (a mapping that only knows the book currency). */
export const dropsCurrencyAmount = brokenFactory(() => (source) => {
  const snapshot = copySnapshot(source.snapshot);
  for (const [id, held] of snapshot.entry) {
    const entry = held.record as Entry;
    if (!Array.isArray(entry.lines)) continue;
    snapshot.entry.set(id, { ...held, record: { ...entry, lines: entry.lines.map(({ currencyAmount: _currencyAmount, ...line }) => line) } });
  }
  return { ...source, snapshot };
});

/** Reads a year-end closing entry as a regular one (a package's closing voucher taken for a journal entry). */
export const mergesClosingEntries = brokenFactory(() => (source) => {
  const snapshot = copySnapshot(source.snapshot);
  for (const [id, held] of snapshot.entry) {
    const entry = held.record as Entry;
    if (entry.kind !== 'closing') continue;
    const { kind: _kind, ...regular } = entry;
    snapshot.entry.set(id, { ...held, record: regular });
  }
  return { ...source, snapshot };
});
