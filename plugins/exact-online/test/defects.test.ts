import { expect } from 'chai';
import { Entry, Proposal, readRecordedLedgerFile, RecordedLedger } from '@ledgersync/sdk';
import { syncQuery } from '../src/endpoints';
import { closedPeriodsOf } from '../src/mapping/calendar';
import { entryOf } from '../src/mapping/entries';
import { counterpartyTypeOf, journalOf, mainIbans } from '../src/mapping/master-data';
import { TransactionLineRow } from '../src/mapping/rows';
import { bookingRequest } from '../src/push/booking';
import { parseConfiguration } from '../src/configuration';
import { ErrorBudget } from '../src/http/error-budget';
import { ExactClient } from '../src/http/exact-client';
import { AccessTokens, MemoryRefreshTokenStore } from '../src/http/oauth';
import { RateLimiter } from '../src/http/rate-limit';
import { DivisionReader } from '../src/reader';
import { ServedLedger } from './fixture-support';
import { CapturingLogger, collect, LEDGERS, services } from './support';

/*
 * Issue 14's Exact Online defects, each on a fixture or row that behaves as Exact documents it.
 * Every test here failed on the adapter before the fix named in its title.
 */

/** A reader on the served division, outside the adapter (which lists whole and hands rows to keys). */
function readerOf(configuration: Record<string, unknown>): DivisionReader {
  const config = parseConfiguration(configuration);
  const clock = { now: () => new Date() };
  const http = services().http;
  const tokens = new AccessTokens(config, http, clock, new MemoryRefreshTokenStore());
  const client = new ExactClient(config.baseUrl, config.division, http, tokens, new RateLimiter(clock, async () => undefined, 0), async () => undefined, new CapturingLogger(), new ErrorBudget(clock));
  return new DivisionReader(client, config.division);
}

const line = (overrides: Partial<TransactionLineRow>): TransactionLineRow => ({
  ID: 'l1', EntryID: 'E1', EntryNumber: 7, LineNumber: 1, JournalCode: 'VK', FinancialYear: 2025, FinancialPeriod: 3, Date: '/Date(1741824000000)/',
  GLAccountCode: '1300', AmountDC: 0, Currency: 'EUR', Timestamp: '1', ...overrides,
});

describe('exact-online: issue 14 defects', () => {
  it('AmountDC is the book amount, AmountFC the transaction-currency amount (currencyAmount only where the currency differs)', () => {
    const usd = entryOf([
      line({ LineNumber: 1, GLAccountCode: '1300', AmountDC: 92.5, AmountFC: 100, Currency: 'USD' }),
      line({ ID: 'l2', LineNumber: 2, GLAccountCode: '8000', AmountDC: -92.5, AmountFC: -100, Currency: 'USD' }),
    ], 'EUR');
    expect(usd.currency).to.equal('USD');
    expect(usd.lines.map((l) => [l.amount, l.currencyAmount])).to.deep.equal([[9250, 10000], [-9250, -10000]]);
    const jpy = entryOf([line({ AmountDC: 6.4, AmountFC: 1000, Currency: 'JPY' })], 'EUR');
    expect(jpy.lines[0].currencyAmount, 'JPY has no minor unit').to.equal(1000);
    const eur = entryOf([line({ AmountDC: 10, AmountFC: 10 })], 'EUR');
    expect(eur.lines[0]).to.not.have.property('currencyAmount');
  });

  it('an opening-balance transaction (Type 10) is an entry of kind opening', () => {
    expect(entryOf([line({ Type: 10 })], 'EUR').kind).to.equal('opening');
    expect(entryOf([line({ Type: 20 })], 'EUR')).to.not.have.property('kind');
  });

  it('crm/BankAccounts: the number is BankAccount (the documented model has no IBAN)', () => {
    expect(mainIbans([{ Account: 'A', BankAccount: 'NL91ABNA0417164300', Main: true }]).get('A')).to.equal('NL91ABNA0417164300');
  });

  it('only CRM Status C is a customer; suppliers by IsSupplier; prospects, suspects and none are other parties', () => {
    expect(['C', 'P', 'S', 'A', null].map((Status) => counterpartyTypeOf({ Status, IsSupplier: false }))).to.deep.equal(['customer', 'other', 'other', 'other', 'other']);
    expect(counterpartyTypeOf({ Status: 'C', IsSupplier: true })).to.equal('supplier');
  });

  it('journal types are 10/12/16 financial, 20/21 sales, 22/23 purchase, 90 general', () => {
    const typeOf = (Type: number) => journalOf({ ID: 'j', Code: 'J', Description: 'j', Type, Modified: '/Date(0)/' }).type;
    expect([10, 12, 16, 20, 21, 22, 23, 90, 14].map(typeOf)).to.deep.equal(['financial', 'financial', 'financial', 'sales', 'sales', 'purchase', 'purchase', 'general', 'general']);
  });

  it('Int64 Timestamp filters are written as Exact expects: Timestamp gt 123L', () => {
    expect(syncQuery('ID', 123n).$filter).to.equal('Timestamp gt 123L');
  });

  it('period status comes from JournalStatusByFinancialPeriod: closed when every journal is closed in it', () => {
    const closed = closedPeriodsOf([
      { Journal: 'VK', Year: 2025, Period: 1, Status: 1 },
      { Journal: 'BNK', Year: 2025, Period: 1, Status: 1 },
      { Journal: 'VK', Year: 2025, Period: 2, Status: 1 },
      { Journal: 'BNK', Year: 2025, Period: 2, Status: 0 },
    ]);
    expect([...closed]).to.deep.equal(['2025-01']);
  });

  it('a closed period that is not the earliest is read as closed (Exact closes periods one by one; the fixture refused this before)', async () => {
    const ledger = readRecordedLedgerFile(LEDGERS[0]);
    const march = ledger.steps[0].changes.find((c) => c.op === 'put' && c.entity === 'period' && (c.record as { id: string }).id === '2025-03')!;
    (march as unknown as { record: { status: string } }).record.status = 'closed';
    await ServedLedger.with(ledger, async (served, dossier) => {
      await served.goTo(0);
      const periods = await collect(served.adapter.read(dossier, 'period'));
      expect(periods.filter((p) => p.record.status === 'closed').map((p) => p.id)).to.deep.equal(['2025-03']);
    });
  });

  it('Timestamp is per row: an entry with one changed line comes back whole from a since read (failed before: an unbalanced fragment)', async () => {
    const ledger: RecordedLedger = readRecordedLedgerFile(LEDGERS[0]);
    const first = ledger.steps[0].changes.find((c) => c.op === 'put' && c.entity === 'entry')!;
    const entry = structuredClone((first as unknown as { record: Entry }).record);
    entry.lines[entry.lines.length - 1].description = 'corrected text on one line';
    ledger.steps.push({ label: 'one line edited', at: '2025-03-01T02:00:00Z', changes: [{ op: 'put', entity: 'entry', record: entry as never }], sync: 'incremental' } as never);
    await ServedLedger.with(ledger, async (served, dossier) => {
      const last = served.steps.length - 1;
      await served.goTo(last - 1);
      const before = await collect(served.adapter.read(dossier, 'entry'));
      const watermark = before.map((r) => r.marker).sort().pop()!;
      await served.goTo(last);
      const changed = await collect(served.adapter.read(dossier, 'entry', { since: watermark }));
      const read = changed.find((r) => r.id === entry.id)!;
      expect(read.record.lines).to.have.length(entry.lines.length);
      expect(read.record.lines.reduce((sum, l) => sum + l.amount, 0)).to.equal(0);
      expect(read.record.lines[entry.lines.length - 1].description).to.equal('corrected text on one line');
      // the reader's own since read: the changed line's key from the sync endpoint, then every line of its entry by EntryID
      const reader = readerOf(served.configuration);
      const calls = served.calls;
      const rows = await reader.read('entry', watermark);
      const alone = rows.find((r) => r.id === entry.id)!;
      expect((alone.record as Entry).lines).to.deep.equal(read.record.lines);
      expect(alone.marker).to.equal(read.marker);
      expect(served.calls).to.equal(calls, 'the reader made its own calls, not the adapter’s');
    });
  });

  it('a general entry carries no EntryDate/YourRef/Description header (GeneralJournalEntries has none); its lines carry Date and the tagged Notes', () => {
    const proposal: Proposal = { id: 'P-9', journalId: 'MEM', date: '2025-02-04', description: 'accrual', counterpartyId: 'C1', lines: [{ line: 1, accountId: 'A', amount: 100 }, { line: 2, accountId: 'B', amount: -100 }] } as Proposal;
    const glAccounts = new Map([['A', { guid: 'ga', reconcilable: false }], ['B', { guid: 'gb', reconcilable: false }]]);
    const request = bookingRequest(proposal, { dossierId: 'D', journalType: 'general', glAccounts });
    expect(request.body).to.not.have.any.keys('EntryDate', 'YourRef', 'Description');
    expect(request.body.GeneralJournalEntryLines).to.deep.include.members([{ GLAccount: 'ga', Date: '2025-02-04T00:00:00', AmountFC: 1, Account: 'C1', Notes: 'accrual [ledgersync:P-9]' }]);
    expect(request.readBack).to.equal("JournalCode eq 'MEM' and Notes eq 'accrual [ledgersync:P-9]'");
  });

  it('books a general proposal once, however often it is pushed (failed before: the read-back by YourRef never found it)', async () => {
    const ledger = readRecordedLedgerFile(LEDGERS[1]);
    const base = ledger.steps[2].proposals![0];
    const general = ledger.steps.flatMap((s) => s.changes).find((c) => c.op === 'put' && c.entity === 'journal' && (c.record as unknown as { type: string }).type === 'general');
    expect(general, 'the ledger has a general journal').to.not.equal(undefined);
    await ServedLedger.with(ledger, async (served, dossier) => {
      await served.goTo(1);
      const proposal: Proposal = { ...base, id: 'P-GEN', journalId: (general as unknown as { record: { id: string } }).record.id };
      const first = await served.adapter.push!(dossier, proposal);
      const second = await served.adapter.push!(dossier, proposal);
      expect(second.id).to.equal(first.id);
      expect(first.record.description).to.equal(base.description);
      const entries = await collect(served.adapter.read(dossier, 'entry'));
      expect(entries.filter((e) => e.id === first.id)).to.have.length(1);
    });
  });

  it('a batch written in one millisecond does not tie with the watermark every night (failed before: all 12 periods came back)', async () => {
    await ServedLedger.with(readRecordedLedgerFile(LEDGERS[0]), async (served, dossier) => {
      await served.goTo(0);
      const periods = await collect(served.adapter.read(dossier, 'period'));
      expect(new Set(periods.map((p) => p.marker)).size, 'distinct markers').to.equal(periods.length);
      const watermark = periods.map((p) => p.marker).sort().pop()!;
      expect(await collect(served.adapter.read(dossier, 'period', { since: watermark }))).to.have.length(1);
    });
  });
});
