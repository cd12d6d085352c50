import { expect } from 'chai';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore, StateStore } from '../../src/state';
import { digestsOf } from './ledger-replay';
import { entry, MutableSource, seedBasics } from './mutable-source';

/** The format's 1.1 additions through the engine: checks that need the book currency, and detection of the new fields. */
describe('diff engine and the 1.1 additions', () => {
  let store: StateStore;
  beforeEach(async () => {
    store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  function foreignInvoice(id: string, currencyAmount: number, extra: Record<string, unknown> = {}) {
    return entry(id, [
      { accountId: '400000', amount: 9200, currencyAmount, counterpartyId: 'C1' } as never,
      { accountId: '700000', amount: -9200, currencyAmount: -currencyAmount } as never,
    ], { currency: 'USD', ...extra });
  }

  function seed(source: MutableSource): void {
    seedBasics(source);
    source.put('account', { id: '400000', name: 'Receivables', reconcilable: true });
    source.put('account', { id: '700000', name: 'Sales', reconcilable: false });
    source.put('counterparty', { id: 'C1', type: 'customer', name: 'Customer' });
    source.put('counterparty', { id: 'EMP', type: 'employee', name: 'An Employee' });
    source.put('counterparty', { id: 'SH', type: 'other', name: 'A Shareholder' });
  }

  it('quarantines a currencyAmount on a book-currency entry (the book currency read through listDossiers) and one of the wrong sign, naming entry, line and field', async () => {
    const source = new MutableSource('FX1');
    source.advance();
    seed(source);
    source.put('entry', foreignInvoice('USD-OK', 10000));
    source.put('entry', foreignInvoice('EUR-WITH-FX', 10000, { currency: 'EUR' }));
    const wrongSign = foreignInvoice('USD-SIGN', 10000);
    (wrongSign.lines[1] as unknown as { currencyAmount: number }).currencyAmount = 10000;
    source.put('entry', wrongSign);
    const receiver = new MemoryReceiver();
    const result = await createDiffEngine({ store }).sync(source.adapter(), source.dossierId, { kind: 'full', receiver });
    expect(result.quarantined.map((e) => [e.code, e.recordId, e.field])).to.deep.equal([
      ['LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY', 'EUR-WITH-FX', 'lines[0].currencyAmount'],
      ['LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY', 'EUR-WITH-FX', 'lines[1].currencyAmount'],
      ['LEDGER_CURRENCY_AMOUNT_SIGN', 'USD-SIGN', 'lines[1].currencyAmount'],
    ]);
    expect(result.quarantined[0].message).to.contain('dossier FX1').and.contain('line 1').and.contain('book currency EUR');
    expect([...receiver.state.entry.keys()]).to.deep.equal(['USD-OK']);
    expect(receiver.state.counterparty.get('EMP')).to.include({ type: 'employee' });
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
  });

  for (const deletionLog of [true, false]) {
    it(`finds a silent change of a foreign amount alone, and of kind alone (deletion log ${deletionLog ? 'on' : 'off'})`, async () => {
      const source = new MutableSource('FX2');
      source.advance();
      seed(source);
      source.put('entry', foreignInvoice('INV', 10000));
      const engine = createDiffEngine({ store });
      const receiver = new MemoryReceiver();
      const adapter = source.adapter({ deletionLog });
      await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
      source.advance();
      // a restored backup: only the USD amount differs, the book amount and the marker do not
      source.put('entry', foreignInvoice('INV', 10050), true);
      const second = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
      expect(second.counts.upserted).to.equal(1);
      expect(receiver.state.entry.get('INV')!.lines[0].currencyAmount).to.equal(10050);
      source.advance();
      source.put('entry', foreignInvoice('INV', 10050, { kind: 'closing' }), true);
      await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
      expect(receiver.state.entry.get('INV')!.kind).to.equal('closing');
      expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    });
  }
});
