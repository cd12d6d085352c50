import { Entry, EntryLine, Matching } from '../model/entities';
import { GENERATED_ACCOUNTS as A, GENERATED_JOURNALS as J } from './chart';
import { cyclePlace, laterInYear, periodOf } from './calendar';
import { Random, seededRandom } from './random';
import { foreignCurrencyOf, inForeignCurrency, realBooksGeneralLines } from './real-books';
import { DossierShape, ENTRIES_PER_CYCLE } from './shape';

/**
 * Entries come in cycles of five, so that every payment has an invoice to settle:
 * slot 0 a sales invoice, 1 a purchase invoice, 2 the bank receipt for 0, 3 the bank payment for
 * 1, 4 a general entry (wages, depreciation: never matched, so it can be hard-deleted alone).
 * Each entry is a pure function of (seed, index, revision).
 */
export enum Slot {
  Sales = 0,
  Purchase = 1,
  Receipt = 2,
  Payment = 3,
  General = 4,
}

export function slotOf(index: number): Slot {
  return index % ENTRIES_PER_CYCLE;
}

/** How a cycle's invoice is settled: in full, in part (a fraction), or not matched (payment on account). */
type Settlement = { kind: 'full' } | { kind: 'partial'; fraction: number } | { kind: 'none' };

export function entryIdAt(shape: DossierShape, index: number): string {
  const { journal, year, number } = numbering(shape, index);
  return `${journal}-${year}-${number}`;
}

/**
 * Entry `index` at `revision`: revision 0 is as first booked; a later revision is the same entry
 * corrected (another description, one cent moved `revision` times between two non-reconcilable
 * lines), so it still balances and its matchings still hold.
 */
export function entryAt(shape: DossierShape, index: number, revision = 0): Entry {
  const entry = baseEntry(shape, index);
  if (revision > 0) correct(entry, revision);
  return entry;
}

/** The matchings of one cycle among the first `entryCount` entries, in id order. */
export function matchingsOfCycle(shape: DossierShape, cycle: number, entryCount = shape.entries): Matching[] {
  const matchings: Matching[] = [];
  for (const [invoiceSlot, paymentSlot, prefix] of [[Slot.Sales, Slot.Receipt, 'MC'], [Slot.Purchase, Slot.Payment, 'MS']] as const) {
    const paymentIndex = cycle * ENTRIES_PER_CYCLE + paymentSlot;
    if (paymentIndex >= entryCount || settlementOf(shape, cycle, invoiceSlot).kind === 'none') continue;
    const invoice = baseEntry(shape, cycle * ENTRIES_PER_CYCLE + invoiceSlot);
    const payment = baseEntry(shape, paymentIndex);
    const paymentSide = payment.lines[1].amount; // the payment's reconcilable line, opposite in sign to the invoice's
    matchings.push({
      id: matchingIdOf(prefix, cycle),
      date: payment.date,
      items: [
        { entryId: invoice.id, line: 1, amount: -paymentSide },
        { entryId: payment.id, line: 2, amount: paymentSide },
      ],
    });
  }
  return matchings;
}

export function matchingIdOf(prefix: 'MC' | 'MS', cycle: number): string {
  return `${prefix}-${String(cycle + 1).padStart(7, '0')}`;
}

function numbering(shape: DossierShape, index: number): { journal: string; year: number; number: string } {
  const cycle = Math.floor(index / ENTRIES_PER_CYCLE);
  const slot = slotOf(index);
  const { year, position } = cyclePlace(shape, cycle);
  const journal = [J.sales, J.purchase, J.bank, J.bank, J.general][slot];
  const sequence = slot === Slot.Receipt || slot === Slot.Payment ? 2 * position + (slot - Slot.Receipt) + 1 : position + 1;
  return { journal, year, number: String(sequence).padStart(6, '0') };
}

function baseEntry(shape: DossierShape, index: number): Entry {
  const cycle = Math.floor(index / ENTRIES_PER_CYCLE);
  const slot = slotOf(index);
  const random = seededRandom(shape.seed, 0xe0, index);
  const place = cyclePlace(shape, cycle);
  const { journal, year, number } = numbering(shape, index);
  const customer = counterpartyId(shape, seededRandom(shape.seed, 0xc1, cycle), 'customer');
  const supplier = counterpartyId(shape, seededRandom(shape.seed, 0xc2, cycle), 'supplier');
  let date = place.date;
  let lines: EntryLine[];
  let counterparty: string | undefined;
  let description: string;
  switch (slot) {
    case Slot.Sales:
      lines = invoiceLines(random, 1, A.receivable, A.revenue, A.vatPayable);
      counterparty = customer;
      description = `Invoice ${number}`;
      break;
    case Slot.Purchase:
      lines = invoiceLines(random, -1, A.payable, A.expenses, A.vatReceivable);
      counterparty = supplier;
      description = `Supplier invoice ${number}`;
      break;
    case Slot.Receipt:
    case Slot.Payment: {
      const invoiceSlot = slot === Slot.Receipt ? Slot.Sales : Slot.Purchase;
      const invoice = baseEntry(shape, cycle * ENTRIES_PER_CYCLE + invoiceSlot);
      date = laterInYear(invoice.date, random.int(5, 40));
      lines = settlementLines(random, invoice.lines[0], settlementOf(shape, cycle, invoiceSlot));
      counterparty = slot === Slot.Receipt ? customer : supplier;
      description = `Bank ${slot === Slot.Receipt ? 'receipt' : 'payment'} for ${invoice.id}`;
      break;
    }
    default: {
      const real = realBooksGeneralLines(shape, index);
      lines = real?.lines ?? generalLines(random);
      counterparty = real?.counterpartyId;
      description = real?.description ?? random.pick(['Wages', 'Depreciation', 'Accruals', 'Interest']);
    }
  }
  const entry: Entry = { id: `${journal}-${year}-${number}`, journalId: journal, fiscalYearId: String(year), periodId: periodOf(date), number, date, currency: shape.dossier.currency, lines };
  if (counterparty !== undefined) entry.counterpartyId = counterparty;
  if (slot === Slot.Sales || slot === Slot.Purchase) entry.dueDate = laterInYear(date, 30);
  entry.description = description;
  const foreign = slot === Slot.Sales || slot === Slot.Receipt ? foreignCurrencyOf(shape, cycle) : undefined;
  if (foreign) inForeignCurrency(entry, foreign);
  return entry;
}

/** Line 1 the receivable (sign +1) or payable (sign -1); then revenue/expense lines; last the VAT. */
function invoiceLines(random: Random, sign: 1 | -1, partyAccount: string, accounts: readonly string[], vatAccount: string): EntryLine[] {
  const count = random.int(1, 6);
  const lines: EntryLine[] = [];
  let net = 0;
  for (let i = 0; i < count; i++) {
    const amount = random.int(1000, 250000);
    net += amount;
    lines.push({ line: i + 2, accountId: random.pick(accounts), amount: -sign * amount, vatCode: '21' });
  }
  const vat = Math.round(net * 0.21);
  lines.push({ line: count + 2, accountId: vatAccount, amount: -sign * vat, vatCode: '21' });
  return [{ line: 1, accountId: partyAccount, amount: sign * (net + vat) }, ...lines];
}

/** Line 1 the bank, line 2 the receivable/payable settled (matched), line 3 bank charges sometimes. */
function settlementLines(random: Random, invoiceLine: EntryLine, settlement: Settlement): EntryLine[] {
  const total = invoiceLine.amount;
  const settled = settlement.kind === 'partial' ? Math.trunc(total * settlement.fraction) || Math.sign(total) : total;
  const fee = random.chance(0.3) ? random.int(10, 250) : 0;
  const lines: EntryLine[] = [
    { line: 1, accountId: A.bank, amount: settled - fee },
    { line: 2, accountId: invoiceLine.accountId, amount: -settled },
  ];
  if (fee > 0) lines.push({ line: 3, accountId: A.bankCharges, amount: fee });
  return lines;
}

function generalLines(random: Random): EntryLine[] {
  const count = random.int(2, 8);
  const lines: EntryLine[] = [];
  let sum = 0;
  for (let i = 1; i < count; i++) {
    const amount = random.int(-300000, 300000) || 1;
    sum += amount;
    lines.push({ line: i, accountId: random.pick(A.general), amount });
  }
  lines.push({ line: count, accountId: random.pick(A.general), amount: -sum });
  return lines;
}

function settlementOf(shape: DossierShape, cycle: number, invoiceSlot: Slot): Settlement {
  const random = seededRandom(shape.seed, 0x5e, cycle, invoiceSlot);
  const draw = random.next();
  if (draw < 0.7) return { kind: 'full' };
  if (draw < 0.9) return { kind: 'partial', fraction: 0.3 + random.next() * 0.6 };
  return { kind: 'none' };
}

function counterpartyId(shape: DossierShape, random: Random, type: 'customer' | 'supplier'): string {
  const customers = Math.ceil(shape.counterparties / 2);
  const count = type === 'customer' ? customers : shape.counterparties - customers;
  return `${type === 'customer' ? 'C' : 'S'}${String(random.int(1, count)).padStart(5, '0')}`;
}

function correct(entry: Entry, revision: number): void {
  entry.description = `${entry.description ?? ''} (correction ${revision})`;
  const movable = entry.lines.filter((line) => line.accountId !== A.receivable && line.accountId !== A.payable);
  if (movable.length >= 2) {
    movable[0].amount += revision;
    movable[1].amount -= revision;
  }
}
