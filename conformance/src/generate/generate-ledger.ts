import { Change, Counterparty, Entry, EntityName, portalFigures, RECORDED_LEDGER_FORMAT, RecordedLedger, replay, seededRandom, Step, truthOf } from '@ledgersync/sdk';
import { awkwardId } from './awkward-ids';
import { generateBooks } from './books';
import { EntryMaker } from './entries';

export interface GeneratedLedgerOptions {
  /** Invoices in the books before the first sync (default 40). */
  invoices?: number;
  /** Lines of the wide entry (default 800). */
  wideLines?: number;
}

const put = (entity: EntityName, record: object, silent = false): Change => ({ op: 'put', entity, record: record as { id: string }, ...(silent ? { silent } : {}) });

/**
 * A recorded ledger drawn from `seed`, using all of the format: an extended first fiscal year of 18
 * non-calendar periods with an opening period, ids with spaces, quotes and non-ASCII letters,
 * every counterparty type, foreign-currency lines, opening and closing entries, an 800-line entry,
 * a 9·10¹¹-cent amount, partial and three-item matchings, renumbered entries, hard deletes, an
 * empty night, silent changes, bad records (1.1 fields included) later mended, and a proposal.
 * The books are built up over two steps before the first sync, as a real package's are.
 * Generated from the format, never from what one adapter happens to handle.
 */
export function generateLedger(seed: number, options: GeneratedLedgerOptions = {}): RecordedLedger {
  const random = seededRandom(seed, 16);
  const books = generateBooks(random, 8);
  const currency = 'EUR';
  const maker = new EntryMaker(random, books, currency);
  const parties = books.counterparties;
  const customer = parties.find((p) => p.type === 'customer')!;
  const supplier = parties.find((p) => p.type === 'supplier')!;
  const invoices: Entry[] = [];
  for (let i = 0; i < (options.invoices ?? 40); i++) invoices.push(maker.invoice(parties[i % parties.length]));
  const [opening, closing] = maker.openingAndClosing();
  const wide = maker.wide(options.wideLines ?? 800);
  const huge = maker.huge();

  const sale = maker.invoice(customer);
  const partialPayment = maker.payment(customer, Math.ceil(sale.lines[0].amount / 3));
  const partial = maker.partial(sale, partialPayment);
  const firstBill = maker.invoice(supplier);
  const secondBill = maker.invoice(supplier);
  const billsPayment = maker.payment(supplier, firstBill.lines[0].amount + secondBill.lines[0].amount);
  const threeItems = maker.threeItems(firstBill, secondBill, billsPayment);

  const frame: Change[] = [
    ...books.fiscalYears.map((r) => put('fiscalYear', r)),
    ...books.periods.map((r) => put('period', r)),
    ...Object.values(books.journals).map((r) => put('journal', r)),
    ...Object.values(books.accounts).map((r) => put('account', r)),
    ...parties.map((r) => put('counterparty', r)),
  ];
  const steps: Step[] = [];
  let hour = 0;
  const step = (label: string, sync: Step['sync'], changes: Change[], extra: Partial<Step> = {}) => {
    hour += 1 + random.int(0, 20);
    steps.push({ label, at: new Date(Date.UTC(2026, 1, 1) + hour * 3_600_000).toISOString(), changes, sync, ...extra });
  };

  step('the books as they were set up', 'none', [...frame, put('entry', opening), ...invoices.slice(0, invoices.length / 2).map((e) => put('entry', e))]);
  step('the first sync: full', 'full', [
    ...invoices.slice(invoices.length / 2).map((e) => put('entry', e)),
    ...[closing, wide, huge, sale, partialPayment, firstBill, secondBill, billsPayment].map((e) => put('entry', e)),
    put('matching', partial),
    put('matching', threeItems),
  ]);

  // renumbered: the same entry under a new document number, and one moved to a new id
  const renumbered = { ...invoices[0], number: `R-${invoices[0].number}` };
  const moved = { ...invoices[1], id: awkwardId(random, `${invoices[1].id} (renumbered)`, 1) };
  const changed = { ...invoices[2], description: 'corrected «ü»', lines: invoices[2].lines.map((l) => ({ ...l })) };
  step('night: new, changed, renumbered and deleted entries', 'incremental', [
    put('entry', maker.invoice(parties[3])),
    put('entry', renumbered),
    { op: 'delete', entity: 'entry', id: invoices[1].id },
    put('entry', moved),
    put('entry', changed),
    { op: 'delete', entity: 'entry', id: invoices[3].id },
  ]);
  step('night: nothing changed', 'incremental', []);

  // silent: content changes, marker stays (a package that does not touch its timestamp)
  const silently = { ...invoices[4], description: 'edited without a new timestamp' };
  const badEntry = { ...maker.invoice(customer), kind: 'reversal' };
  const unbalanced = maker.invoice(customer);
  unbalanced.lines = [...unbalanced.lines.slice(0, 2).map((l) => ({ ...l })), { ...unbalanced.lines[2], amount: unbalanced.lines[2].amount + 1 }];
  const badCurrency = maker.invoice(customer);
  badCurrency.lines = badCurrency.lines.map((l) => ({ ...l, currencyAmount: l.line === 1 ? 'twelve' as unknown as number : l.amount }));
  const nameless: Partial<Counterparty> = { id: awkwardId(random, 'EMP9999', 1), type: 'employee' };
  const otherBadType = { id: awkwardId(random, 'OTH9998', 1), type: 'shareholder', name: 'Holding «A»' };
  step('night: silent change and bad records', 'incremental', [
    put('entry', silently, true),
    put('entry', badEntry),
    put('entry', unbalanced),
    put('entry', badCurrency),
    put('counterparty', nameless),
    put('counterparty', otherBadType),
    put('entry', { ...maker.invoice(customer), counterpartyId: nameless.id }),
  ]);

  const proposalParty = parties.find((p) => p.type === 'other') ?? customer;
  const amount = random.int(1_00, 999_99);
  step('proposal from the worklist', 'proposal', [], {
    proposals: [{
      id: awkwardId(random, 'proposal 1', 1), journalId: books.journals.purchase.id, date: books.periods.at(-1)!.start, counterpartyId: proposalParty.id, description: 'booked «from the platform»',
      lines: [{ line: 1, accountId: books.accounts.payable.id, amount: -amount, counterpartyId: proposalParty.id }, { line: 2, accountId: books.accounts.expense.id, amount }],
    }],
  });
  step('night: bad records mended, a matching undone', 'incremental', [
    put('entry', { ...badEntry, kind: 'closing' }),
    put('counterparty', { ...nameless, name: 'Émile Ørsted' }),
    put('counterparty', { ...otherBadType, type: 'other' }),
    { op: 'delete', entity: 'matching', id: partial.id },
  ]);
  step('monthly full read', 'full', []);

  const ledger: RecordedLedger = {
    format: RECORDED_LEDGER_FORMAT,
    name: `generated-${seed}`,
    description: `generated by the conformance suite from seed ${seed}`,
    dossier: { id: awkwardId(random, `DOSSIER ${seed}`, 1), name: 'Généré «test» BV', currency, country: 'BE' },
    steps,
  };
  return withExpectations(ledger);
}

/** Sets each synced step's trial balance and open items from the ledger's own truth (the figures no adapter may change). */
function withExpectations(ledger: RecordedLedger): RecordedLedger {
  for (const replayed of replay(ledger)) {
    const step = ledger.steps[replayed.index];
    if (step.sync !== 'full' && step.sync !== 'incremental') continue;
    const { trialBalance, openItems } = portalFigures(truthOf(ledger, replayed).state);
    step.expect = { trialBalance, openItems };
  }
  return ledger;
}
