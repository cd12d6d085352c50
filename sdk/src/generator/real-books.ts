import { Account, Counterparty, Entry, EntryLine } from '../model/entities';
import { GENERATED_ACCOUNTS as A, GENERATED_JOURNALS as J } from './chart';
import { Random, seededRandom } from './random';
import { DossierShape } from './shape';

/**
 * The format-1.1 parts of a generated dossier (`realBooks: true`): sales cycles in a foreign
 * currency (`currencyAmount` on every line), employee expense claims and shareholder's-account
 * entries among the general entries, employee and other counterparties, and a closing entry per
 * closed fiscal year. With `realBooks` off nothing here runs and a ledger is as before, byte for byte.
 */
export const REAL_BOOKS_ACCOUNTS = { retainedEarnings: '140000', employees: '455000', shareholders: '489000' } as const;

/** Result accounts: what a closing entry carries to retained earnings (490000/492000 are balance-sheet accruals). */
const RESULT_ACCOUNTS = new Set<string>([...A.revenue, ...A.expenses, A.bankCharges, '620000', '630000', '640000', '650000']);

export function* realBooksAccounts(): Generator<Account> {
  yield { id: REAL_BOOKS_ACCOUNTS.retainedEarnings, name: 'Retained earnings', reconcilable: false };
  yield { id: REAL_BOOKS_ACCOUNTS.employees, name: 'Amounts owed to employees', reconcilable: true };
  yield { id: REAL_BOOKS_ACCOUNTS.shareholders, name: 'Shareholders current accounts', reconcilable: true };
}

/** Employees (one per 20 counterparties) then other parties, shareholders (one per 50), at least one of each. */
export function realBooksPartyCounts(shape: DossierShape): { employees: number; others: number } {
  return { employees: Math.max(1, Math.floor(shape.counterparties / 20)), others: Math.max(1, Math.floor(shape.counterparties / 50)) };
}

export function* realBooksCounterparties(shape: DossierShape): Generator<Counterparty> {
  const { employees, others } = realBooksPartyCounts(shape);
  for (let i = 1; i <= employees; i++) yield { id: `E${String(i).padStart(5, '0')}`, type: 'employee', name: `Employee ${i}`, email: `employee${i}@example.be` };
  for (let i = 1; i <= others; i++) yield { id: `O${String(i).padStart(5, '0')}`, type: 'other', name: `Shareholder ${i}` };
}

/** The foreign currency of a cycle's sales invoice and receipt (one cycle in seven), and its units per book unit. */
export function foreignCurrencyOf(shape: DossierShape, cycle: number): { currency: string; rate: number } | undefined {
  if (!shape.realBooks) return undefined;
  const random = seededRandom(shape.seed, 0xfc, cycle);
  if (!random.chance(1 / 7)) return undefined;
  const currency = random.pick(['USD', 'GBP', 'CHF'].filter((c) => c !== shape.dossier.currency));
  return { currency, rate: 0.8 + random.next() * 0.5 };
}

/** Puts an entry in a foreign currency: every line gets `currencyAmount`, the sign of its amount (rounding may give 0). */
export function inForeignCurrency(entry: Entry, foreign: { currency: string; rate: number }): void {
  entry.currency = foreign.currency;
  for (const line of entry.lines) line.currencyAmount = Math.round(line.amount * foreign.rate);
}

/**
 * A general entry of real books, or undefined for an ordinary one: an employee's expense claim
 * (one in five) or a cost a shareholder paid (one in twenty), each left open on its reconcilable account.
 */
export function realBooksGeneralLines(shape: DossierShape, index: number): { lines: EntryLine[]; counterpartyId: string; description: string } | undefined {
  if (!shape.realBooks) return undefined;
  const random: Random = seededRandom(shape.seed, 0xb0, index);
  const draw = random.next();
  const amount = random.int(500, 60000);
  const { employees, others } = realBooksPartyCounts(shape);
  const expense = random.pick(A.expenses);
  if (draw < 0.2) {
    const counterpartyId = `E${String(random.int(1, employees)).padStart(5, '0')}`;
    return { counterpartyId, description: 'Expense claim', lines: [{ line: 1, accountId: expense, amount }, { line: 2, accountId: REAL_BOOKS_ACCOUNTS.employees, amount: -amount, counterpartyId }] };
  }
  if (draw < 0.25) {
    const counterpartyId = `O${String(random.int(1, others)).padStart(5, '0')}`;
    return { counterpartyId, description: 'Paid by a shareholder', lines: [{ line: 1, accountId: expense, amount }, { line: 2, accountId: REAL_BOOKS_ACCOUNTS.shareholders, amount: -amount, counterpartyId }] };
  }
  return undefined;
}

/**
 * Sums the result accounts per fiscal year while entries stream past (memory: years × accounts),
 * then gives each closed year's closing entry: every result account back to 0, the year's result
 * to retained earnings. Computed on the entries as first generated (a later correction moves one
 * cent between lines and is not carried into it).
 */
export class ClosingEntries {
  private readonly results = new Map<string, Map<string, number>>();

  add(entry: Entry): void {
    let year = this.results.get(entry.fiscalYearId);
    if (!year) this.results.set(entry.fiscalYearId, (year = new Map()));
    for (const line of entry.lines) if (RESULT_ACCOUNTS.has(line.accountId)) year.set(line.accountId, (year.get(line.accountId) ?? 0) + line.amount);
  }

  *entries(shape: DossierShape): Generator<Entry> {
    const lastYear = shape.firstYear + shape.fiscalYears - 1;
    for (const [fiscalYearId, sums] of [...this.results].sort(([a], [b]) => Number(a) - Number(b))) {
      if (Number(fiscalYearId) >= lastYear) continue;
      const lines: EntryLine[] = [];
      let result = 0;
      for (const [accountId, sum] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (sum === 0) continue;
        lines.push({ line: lines.length + 1, accountId, amount: -sum });
        result += sum;
      }
      if (lines.length === 0) continue;
      lines.push({ line: lines.length + 1, accountId: REAL_BOOKS_ACCOUNTS.retainedEarnings, amount: result });
      yield {
        id: `${J.general}-${fiscalYearId}-CLOSING`, journalId: J.general, fiscalYearId, periodId: `${fiscalYearId}-12`, number: 'CLOSING', date: `${fiscalYearId}-12-31`,
        description: `Year-end closing ${fiscalYearId}`, currency: shape.dossier.currency, kind: 'closing', lines,
      };
    }
  }
}
