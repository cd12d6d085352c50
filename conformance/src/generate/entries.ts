import { Counterparty, Entry, EntryLine, Matching, Period, Random } from '@ledgersync/sdk';
import { Books } from './books';

/** The largest amount the generator writes: 9·10¹¹ cents, nine billion in the book currency. */
export const LARGEST_AMOUNT = 900_000_000_000;

/** Makes the entries and matchings of a generated ledger, numbering documents per journal. */
export class EntryMaker {
  private readonly numbers = new Map<string, number>();
  private count = 0;

  constructor(private readonly random: Random, private readonly books: Books, private readonly currency: string) {}

  /** A period of the books (not the opening one) and a date inside it. */
  private when(): { period: Period; date: string } {
    const periods = this.books.periods.filter((p) => p.number > 0);
    const period = this.random.pick(periods);
    const from = Date.parse(`${period.start}T00:00:00Z`);
    const to = Date.parse(`${period.end}T00:00:00Z`);
    return { period, date: new Date(from + this.random.int(0, Math.round((to - from) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10) };
  }

  private number(journalId: string): string {
    const next = (this.numbers.get(journalId) ?? 0) + 1;
    this.numbers.set(journalId, next);
    return String(next).padStart(5, '0');
  }

  private id(prefix: string): string {
    this.count += 1;
    return `${prefix} ${String(this.count).padStart(5, '0')}${this.random.chance(0.2) ? ' «ß»' : ''}`;
  }

  /** A sales invoice (receivable / revenue / VAT) or a purchase invoice, sometimes in another currency. */
  invoice(party: Counterparty, amount = this.random.int(100, 2_500_00)): Entry {
    const sales = party.type !== 'supplier';
    const { journals, accounts } = this.books;
    const journal = sales ? journals.sales : journals.purchase;
    const { period, date } = this.when();
    const vat = Math.round(amount * 0.21);
    const sign = sales ? 1 : -1;
    const foreign = this.random.chance(0.2);
    const lines: EntryLine[] = [
      { line: 1, accountId: (sales ? accounts.receivable : accounts.payable).id, amount: sign * (amount + vat), counterpartyId: party.id },
      { line: 2, accountId: (sales ? accounts.revenue : accounts.expense).id, amount: -sign * amount, description: 'goods «naïve» "quoted"', vatCode: '21' },
      { line: 3, accountId: accounts.vat.id, amount: -sign * vat, vatCode: '21' },
    ];
    if (foreign) for (const line of lines) line.currencyAmount = Math.round(line.amount * 1.08);
    const entry: Entry = { id: this.id(sales ? 'INV' : 'BILL'), journalId: journal.id, fiscalYearId: period.fiscalYearId, periodId: period.id, number: this.number(journal.id), date, currency: foreign ? 'USD' : this.currency, counterpartyId: party.id, lines };
    if (this.random.chance(0.5)) entry.dueDate = date;
    if (this.random.chance(0.6)) entry.description = `Invoice for ${party.name}`;
    if (this.random.chance(0.1)) entry.kind = 'regular';
    return entry;
  }

  /** A bank payment settling `amount` of a counterparty's receivable or payable. */
  payment(party: Counterparty, amount: number): Entry {
    const { journals, accounts } = this.books;
    const { period, date } = this.when();
    const reconcilable = party.type === 'supplier' ? accounts.payable : accounts.receivable;
    return {
      id: this.id('PAY'), journalId: journals.financial.id, fiscalYearId: period.fiscalYearId, periodId: period.id, number: this.number(journals.financial.id), date, currency: this.currency,
      lines: [
        { line: 1, accountId: accounts.bank.id, amount },
        { line: 2, accountId: reconcilable.id, amount: -amount, counterpartyId: party.id },
      ],
    };
  }

  /** A general entry of `lines` lines (an 800-line payroll or allocation), balanced. */
  wide(lines: number): Entry {
    const { journals, accounts } = this.books;
    const { period, date } = this.when();
    const body: EntryLine[] = [];
    let total = 0;
    for (let i = 1; i < lines; i++) {
      const amount = this.random.int(1, 99_999);
      total += amount;
      body.push({ line: i, accountId: accounts.expense.id, amount, description: `allocation ${i}` });
    }
    body.push({ line: lines, accountId: accounts.bank.id, amount: -total });
    return { id: this.id('WIDE'), journalId: journals.general.id, fiscalYearId: period.fiscalYearId, periodId: period.id, number: this.number(journals.general.id), date, currency: this.currency, lines: body, description: `${lines} lines` };
  }

  /** An entry of 9·10¹¹ cents: no adapter may lose precision on it. */
  huge(): Entry {
    const entry = this.wide(2);
    entry.lines = [
      { line: 1, accountId: this.books.accounts.bank.id, amount: LARGEST_AMOUNT },
      { line: 2, accountId: this.books.accounts.equity.id, amount: -LARGEST_AMOUNT },
    ];
    return entry;
  }

  /** The opening entry (period 0 of the first year) and a closing entry at the end of it. */
  openingAndClosing(): Entry[] {
    const { journals, accounts, periods, fiscalYears } = this.books;
    const opening = periods.find((p) => p.number === 0)!;
    const last = periods.filter((p) => p.fiscalYearId === fiscalYears[0].id).at(-1)!;
    const amount = this.random.int(10_000_00, 50_000_00);
    return [
      { id: this.id('OPEN'), journalId: journals.general.id, fiscalYearId: fiscalYears[0].id, periodId: opening.id, number: this.number(journals.general.id), date: opening.start, currency: this.currency, kind: 'opening', lines: [{ line: 1, accountId: accounts.bank.id, amount }, { line: 2, accountId: accounts.equity.id, amount: -amount }] },
      { id: this.id('CLOSE'), journalId: journals.general.id, fiscalYearId: fiscalYears[0].id, periodId: last.id, number: this.number(journals.general.id), date: last.end, currency: this.currency, kind: 'closing', lines: [{ line: 1, accountId: accounts.revenue.id, amount: 1 }, { line: 2, accountId: accounts.equity.id, amount: -1 }] },
    ];
  }

  /** A partial matching: a payment settles part of an invoice's reconcilable line. */
  partial(invoice: Entry, payment: Entry): Matching {
    const amount = payment.lines[1].amount;
    return { id: this.id('M'), date: payment.date, items: [{ entryId: invoice.id, line: 1, amount: -amount }, { entryId: payment.id, line: 2, amount }] };
  }

  /** A three-item matching: one payment settles two invoices in full. */
  threeItems(first: Entry, second: Entry, payment: Entry): Matching {
    return {
      id: this.id('M3'), date: payment.date,
      items: [{ entryId: first.id, line: 1, amount: first.lines[0].amount }, { entryId: second.id, line: 1, amount: second.lines[0].amount }, { entryId: payment.id, line: 2, amount: payment.lines[1].amount }],
    };
  }
}
