import { expect } from 'chai';
import { Entry, readRecordedLedgerFile, replay } from '@ledgersync/sdk';
import { BcCodeKeys, BusinessCentralFixtureDriver, ENTRY_PAGING_KEY, entryIdOf, entryIdParts } from '../src';
import { PUBLIC_LEDGERS } from './helpers';

/**
 * Entry ids are `TXN|DOC|date` (sources/entries.ts). A Document No. may itself hold `|` (a Code
 * field takes it), so an id must be read from its fixed-width ends, and the fixture maps such a
 * number to a key without `|`, so the ids it writes split into exactly three parts.
 */
describe('business-central: entry ids with `|` in the Document No.', () => {
  it('the adapter reads an id from its fixed-width ends: TXN (10 digits) and date (10 characters), the Document No. between, whatever it holds', () => {
    for (const documentNo of ['A|B', '|', 'A|', '|2025-01-01|', '0000000001|X|2025-01-01', '']) {
      const id = entryIdOf(52, documentNo, '2025-01-08');
      expect(entryIdParts(id), JSON.stringify(documentNo)).to.deep.equal({ transaction: 52, documentNo, date: '2025-01-08' });
      expect(ENTRY_PAGING_KEY.ofId(id)).to.equal(52);
    }
    for (const notAnId of ['52|A|2025-01-08', '0000000052|A|2025-1-08', '0000000052|A', 'C:52', '0000000052A|2025-01-08']) {
      expect(entryIdParts(notAnId), notAnId).to.equal(undefined);
      expect(() => ENTRY_PAGING_KEY.ofId(notAnId), notAnId).to.throw(RangeError);
    }
  });

  it('a Document No. holding `|` is mapped to a key without it (it otherwise fits Code[20]); other numbers stay as written', () => {
    const keys = new BcCodeKeys(20, /\|/);
    expect(keys.bcKey('INV 0001')).to.equal('INV 0001');
    const key = keys.bcKey('INV|0001');
    expect(key).to.match(/^#[0-9A-F]{19}$/);
    expect(keys.ledgerValue(key)).to.equal('INV|0001');
    expect(keys.fits('INV|0001')).to.equal(false);
  });

  it('hold(): an entry numbered `INV|0001` gets an id of exactly three parts, and its number maps back through the driver\'s map', () => {
    const ledger = readRecordedLedgerFile(PUBLIC_LEDGERS[0]);
    const [first] = [...replay(ledger)];
    const [entryId, held] = [...first.source.entry.entries()][0];
    held.record = { ...(held.record as Entry), number: 'INV|0001' };
    const bc = new BusinessCentralFixtureDriver({ url: 'mssql://reader:secret@127.0.0.1:1/?encrypt=false' });
    const holding = bc.holding.hold({ step: 1, dossier: ledger.dossier, clock: first.marker, source: first.source, deleted: [] });
    const entries = [...holding.entry.values()].map((kept) => kept.record as Entry);
    const entry = entries.find((candidate) => bc.keys.documentNos.ledgerValue(candidate.number) === 'INV|0001');
    expect(entry, `the entry ${entryId}`).to.not.equal(undefined);
    expect(entry!.number).to.not.contain('|');
    expect(entry!.id.split('|')).to.have.length(3);
    expect(entryIdParts(entry!.id)?.documentNo).to.equal(entry!.number);
    for (const other of entries) expect(entryIdParts(other.id)?.documentNo, other.id).to.equal(other.number);
  });
});
