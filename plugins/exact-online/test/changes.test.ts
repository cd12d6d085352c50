import { expect } from 'chai';
import { bucketOf, generateRecordedLedger, readRecordedLedgerFile } from '@ledgersync/sdk';
import { ServedLedger } from './fixture-support';
import { collect, LEDGERS } from './support';

describe('exact-online: changes, deletes and paging through the fixture', () => {
  it('reads entries changed since a marker, inclusive, in marker order', async () => {
    await ServedLedger.with(readRecordedLedgerFile(LEDGERS[0]), async (served, dossier) => {
      await served.goTo(0);
      const before = await collect(served.adapter.read(dossier, 'entry'));
      const latest = before.map((r) => r.marker).sort().pop()!;
      await served.goTo(1);
      const changed = await collect(served.adapter.read(dossier, 'entry', { since: latest }));
      const atLatest = before.filter((r) => r.marker === latest).map((r) => r.id);
      expect(changed.map((r) => r.id).sort()).to.deep.equal([...atLatest, 'BNK-2025-0001', 'VK-2025-0003'].sort());
      const markers = changed.map((r) => r.marker);
      expect(markers).to.deep.equal([...markers].sort());
      const rest = await collect(served.adapter.read(dossier, 'entry', { since: latest, after: changed[0].cursor }));
      expect(rest.map((r) => r.id)).to.deep.equal(changed.slice(1).map((r) => r.id));
      // the engine then reads each moved record by its 32-bit bucket: answered from that listing, no call
      const before32 = served.calls;
      const [one] = await collect(served.adapter.read(dossier, 'entry', { range: { bits: 32, value: bucketOf('BNK-2025-0001', 32) } }));
      expect(one.id).to.equal('BNK-2025-0001');
      expect(served.calls).to.equal(before32);
    });
  });

  it('advances the row version of a silently changed entry, as Exact does on every write (a declared limitation)', async () => {
    await ServedLedger.with(readRecordedLedgerFile(LEDGERS[1]), async (served, dossier) => {
      await served.goTo(0);
      const [before] = (await collect(served.adapter.read(dossier, 'entry'))).filter((r) => r.id === 'AK-1');
      await served.goTo(1);
      const [after] = (await collect(served.adapter.read(dossier, 'entry'))).filter((r) => r.id === 'AK-1');
      expect(served.driver.limitations.silentPut).to.match(/advances the marker/);
      expect(after.marker > before.marker).to.equal(true);
      expect(after.record.lines[0].amount).to.not.equal(before.record.lines[0].amount);
      const [vk] = (await collect(served.adapter.read(dossier, 'entry'))).filter((r) => r.id === 'VK-1');
      expect(vk.marker < after.marker, 'an untouched entry keeps its row version').to.equal(true);
    });
  });

  it('reports a deleted supplier from sync/Deleted and drops a deleted entry from its keys', async () => {
    await ServedLedger.with(readRecordedLedgerFile(LEDGERS[1]), async (served, dossier) => {
      await served.goTo(3);
      const keysBefore = await collect(served.adapter.keys!(dossier, 'entry'));
      const latest = keysBefore.map((k) => k.marker).sort().pop()!;
      expect(await collect(served.adapter.deletedSince!(dossier, latest))).to.deep.equal([]);
      await served.goTo(4);
      const deleted = await collect(served.adapter.deletedSince!(dossier, latest));
      expect(deleted.map(({ entity, id }) => ({ entity, id }))).to.deep.equal([{ entity: 'counterparty', id: 'L201' }]);
      expect(deleted[0].marker > latest).to.equal(true);
      const keysAfter = await collect(served.adapter.keys!(dossier, 'entry'));
      expect(keysBefore.map((k) => k.id)).to.include('AK-2');
      expect(keysAfter.map((k) => k.id)).to.deep.equal(keysBefore.map((k) => k.id).filter((id) => id !== 'AK-2'));
      const counterpartyKeys = await collect(served.adapter.keys!(dossier, 'counterparty'));
      expect(counterpartyKeys.map((k) => k.id)).to.deep.equal(['K100', 'L200']);
      expect(counterpartyKeys.every((k) => /^[0-9a-f]{16}$/.test(k.fingerprint ?? '')), 'counterparties can change silently: keys carry fingerprints').to.equal(true);
    });
  });

  it('pages through more than 1000 transaction lines by row version', async () => {
    const ledger = generateRecordedLedger({ seed: 7, entries: 450, steps: 2 });
    await ServedLedger.with(ledger, async (served, dossier) => {
      await served.goTo(1);
      const entries = await collect(served.adapter.read(dossier, 'entry'));
      const expected = [...served.steps[1].source.entry.keys()].sort();
      const lines = [...served.steps[1].source.entry.values()].reduce((n, held) => n + (held.record as { lines: unknown[] }).lines.length, 0);
      expect(lines).to.be.greaterThan(1000);
      expect(entries.map((r) => r.id)).to.deep.equal(expected);
      for (const entry of entries) expect(entry.record, entry.id).to.deep.equal(served.steps[1].source.entry.get(entry.id)!.record);
    });
  });
});
