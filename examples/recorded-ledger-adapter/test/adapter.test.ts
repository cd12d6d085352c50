import { expect } from 'chai';
import { join } from 'node:path';
import {
  bucketOf, canonicalFingerprint, ENTITIES, EntityName, readRecordedLedgerFile, replay, ReplayedStep, SourceRecord, xorFingerprints, ZERO_FINGERPRINT,
} from '@ledgersync/sdk';
import { FileSourceProvider, RecordedLedgerAdapter, ReplaySourceProvider, SourceFileFixture } from '../src';

const LEDGERS = ['bakery-basic.json', 'closed-period-edit.json', 'real-books-1.1.json'].map((name) => join(__dirname, '..', '..', '..', '..', 'conformance', 'ledgers', name));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function expectedRows(replayed: ReplayedStep, entity: EntityName) {
  return [...replayed.source[entity]].map(([id, held]) => ({ id, marker: held.marker, record: held.record })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('recorded-ledger example adapter', () => {
  for (const file of LEDGERS) {
    const ledger = readRecordedLedgerFile(file);
    it(`${ledger.name}: reads every entity at every step as the replay holds it`, async () => {
      const fixture = new SourceFileFixture(ledger);
      const adapter = new RecordedLedgerAdapter(new FileSourceProvider(fixture.path));
      try {
        for (const replayed of replay(ledger)) {
          fixture.materialise(replayed);
          for (const entity of ENTITIES) {
            const rows = await collect(adapter.read(ledger.dossier.id, entity));
            expect(rows.map((r) => ({ id: r.id, marker: r.marker, record: r.record })), `${entity} at step ${replayed.index}`).to.deep.equal(expectedRows(replayed, entity));
          }
        }
      } finally {
        fixture.dispose();
      }
    });
  }

  describe('listings', () => {
    const ledger = readRecordedLedgerFile(LEDGERS[0]);
    const dossier = ledger.dossier.id;
    const adapter = new RecordedLedgerAdapter(new ReplaySourceProvider(LEDGERS[0]));

    it('streams: hands out the first record before it has looked into the later ones (no fingerprint of the whole listing up front)', async () => {
      const provider = new ReplaySourceProvider(LEDGERS[0]);
      const entries = provider.current().snapshot.entry;
      const lastId = [...entries.keys()].sort().at(-1)!;
      let looked = 0;
      const watched = { ...(entries.get(lastId)!.record as object) };
      Object.defineProperty(watched, 'description', { enumerable: true, get: () => ((looked += 1), 'watched') });
      entries.set(lastId, { ...entries.get(lastId)!, record: watched });
      const streaming = new RecordedLedgerAdapter(provider);
      for await (const first of streaming.read(dossier, 'entry')) {
        expect(first.id).to.not.equal(lastId);
        break;
      }
      expect(looked, 'reads of the last record while the first was handed out').to.equal(0);
      const all = await collect(streaming.read(dossier, 'entry'));
      expect(all.at(-1)!.fingerprint).to.equal(canonicalFingerprint('entry', watched));
      expect(looked).to.be.greaterThan(0);
    });

    it('reads changes since a marker, inclusive, in marker order', async () => {
      const rows = await collect(adapter.read(dossier, 'entry', { since: '2025-02-06T02:00:00.000Z' }));
      expect(rows.map((r) => r.id)).to.deep.equal(['BNK-2025-0001', 'VK-2025-0003', 'AK-2025-0002']);
    });

    it('resumes a listing behind a cursor', async () => {
      const all = await collect(adapter.read(dossier, 'period'));
      const rest = await collect(adapter.read(dossier, 'period', { after: all[4].cursor }));
      expect(rest.map((r) => r.id)).to.deep.equal(all.slice(5).map((r) => r.id));
    });

    it('computes bucket digests that match the fingerprints it reads', async () => {
      const rows: SourceRecord[] = await collect(adapter.read(dossier, 'period'));
      const digests = await collect(adapter.digests(dossier, 'period', { bits: 2 }));
      for (const digest of digests) {
        const inBucket = rows.filter((r) => bucketOf(r.id, 2) === digest.bucket);
        expect(digest.count).to.equal(inBucket.length);
        expect(digest.xor).to.equal(inBucket.reduce((x, r) => xorFingerprints(x, canonicalFingerprint('period', r.record)), ZERO_FINGERPRINT));
      }
      expect(digests.reduce((n, d) => n + d.count, 0)).to.equal(12);
      const within = await collect(adapter.digests(dossier, 'period', { bits: 4, within: { bits: 2, value: digests[0].bucket } }));
      expect(within.every((d) => d.bucket >>> 2 === digests[0].bucket)).to.equal(true);
    });

    it('lists logged deletions', async () => {
      const deleted = await collect(adapter.deletedSince(dossier, '2025-02-01T00:00:00.000Z'));
      expect(deleted).to.deep.equal([{ entity: 'entry', id: 'VK-2025-0002', marker: '2025-02-07T02:00:00.000Z' }]);
    });

    it('books a proposal once, however often it is pushed', async () => {
      const proposal = { id: 'P1', journalId: 'AK', date: '2025-02-20', counterpartyId: 'S001', lines: [{ line: 1, accountId: '440000', amount: -100 }, { line: 2, accountId: '604000', amount: 100 }] };
      const first = await adapter.push(dossier, proposal);
      const second = await adapter.push(dossier, proposal);
      expect(second).to.deep.equal(first);
      expect(first.record).to.include({ periodId: '2025-02', fiscalYearId: '2025', currency: 'EUR' });
    });

    it('changes its probe on a silent change', async () => {
      const closed = readRecordedLedgerFile(LEDGERS[1]);
      const fixture = new SourceFileFixture(closed);
      const fileAdapter = new RecordedLedgerAdapter(new FileSourceProvider(fixture.path));
      try {
        const steps = [...replay(closed)];
        fixture.materialise(steps[0]);
        const before = await fileAdapter.probe(closed.dossier.id);
        fixture.materialise(steps[1]);
        expect(await fileAdapter.probe(closed.dossier.id)).to.not.equal(before);
      } finally {
        fixture.dispose();
      }
    });

    it('refuses a dossier it does not hold', async () => {
      const error = await collect(adapter.read('unknown', 'entry')).catch((e: unknown) => e);
      expect(error).to.have.property('code', 'ADAPTER_UNKNOWN_DOSSIER');
    });
  });
});
