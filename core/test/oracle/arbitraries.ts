import fc from 'fast-check';
import { Entity, ORDER, Source } from './oracle';

/**
 * Generators that reach what the bugs planted in issue 19 needed: entries unbalanced both ways
 * (negative and positive sums), counterparties on lines as well as on entries, matchings changed,
 * deleted and re-added in any order across syncs (sharing lines, so one over-matches another),
 * and quarantine-and-release chains (a journal, account or counterparty that vanishes and comes
 * back, an account whose `reconcilable` flag flips). Small id pools make those collisions common.
 * Entries are now and then in a foreign currency (USD, the dossier's book currency being EUR) with
 * `currencyAmount` on some lines — mostly of the amount's sign, sometimes of the opposite sign, and
 * sometimes on an entry in the book currency: the format's 1.1 rules.
 */

export type Change =
  | { op: 'put'; entity: Entity; record: { id: string } & Record<string, unknown>; silent: boolean }
  | { op: 'delete'; entity: Entity; id: string };

export const ACCOUNTS = ['A1', 'A2', 'A3'] as const;
export const COUNTERPARTIES = ['C1', 'C2'] as const;
export const ENTRIES = ['E1', 'E2', 'E3', 'E4'] as const;
export const MATCHINGS = ['M1', 'M2', 'M3', 'M4'] as const;

/** The records every generated source starts from (the "basics"). */
export function basics(): Change[] {
  return [
    { op: 'put', entity: 'fiscalYear', record: { id: 'FY', start: '2025-01-01', end: '2025-12-31', status: 'open' }, silent: false },
    { op: 'put', entity: 'period', record: { id: 'P1', fiscalYearId: 'FY', number: 1, start: '2025-01-01', end: '2025-12-31', status: 'open' }, silent: false },
    { op: 'put', entity: 'journal', record: { id: 'J', name: 'General', type: 'general' }, silent: false },
    { op: 'put', entity: 'account', record: { id: 'A1', name: 'Clients', reconcilable: true }, silent: false },
    { op: 'put', entity: 'account', record: { id: 'A2', name: 'Suppliers', reconcilable: true }, silent: false },
    { op: 'put', entity: 'account', record: { id: 'A3', name: 'Bank', reconcilable: false }, silent: false },
    { op: 'put', entity: 'counterparty', record: { id: 'C1', type: 'customer', name: 'Anna' }, silent: false },
    { op: 'put', entity: 'counterparty', record: { id: 'C2', type: 'supplier', name: 'Bert' }, silent: false },
    ...ENTRIES.map((id, i): Change => ({ op: 'put', entity: 'entry', record: invoice(id, (i + 1) * 100, i % 2 === 0 ? 'C1' : 'C2'), silent: false })),
    // M1 and M3 share E1's line 1 to its full amount: M1 growing over-matches M3, M1 shrinking releases it
    { op: 'put', entity: 'matching', record: { id: 'M1', date: '2025-03-02', items: [{ entryId: 'E1', line: 1, amount: 50 }, { entryId: 'E2', line: 2, amount: -50 }] }, silent: false },
    { op: 'put', entity: 'matching', record: { id: 'M2', date: '2025-03-02', items: [{ entryId: 'E2', line: 1, amount: 100 }, { entryId: 'E1', line: 2, amount: -100 }] }, silent: false },
    { op: 'put', entity: 'matching', record: { id: 'M3', date: '2025-03-02', items: [{ entryId: 'E1', line: 1, amount: 50 }, { entryId: 'E4', line: 2, amount: -50 }] }, silent: false },
  ];
}

function invoice(id: string, amount: number, counterpartyId: string) {
  return {
    id, journalId: 'J', fiscalYearId: 'FY', periodId: 'P1', number: id, date: '2025-03-01', currency: 'EUR', counterpartyId,
    lines: [{ line: 1, accountId: 'A1', amount }, { line: 2, accountId: 'A2', amount: -amount }],
  };
}

const silent = fc.boolean();
/** Mostly existing targets, sometimes one that never exists (a missing reference). */
const accountRef = fc.oneof({ weight: 32, arbitrary: fc.constantFrom('A1', 'A2') }, { weight: 8, arbitrary: fc.constant('A3') }, { weight: 1, arbitrary: fc.constant('A9') });
const counterpartyRef = fc.option(fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...COUNTERPARTIES) }, { weight: 1, arbitrary: fc.constant('C9') }), { nil: undefined, freq: 2 });

const account = fc.record({
  op: fc.constant('put' as const),
  entity: fc.constant<Entity>('account'),
  record: fc.record({ id: fc.constantFrom(...ACCOUNTS), name: fc.constantFrom('Clients', 'Suppliers', 'Bank'), reconcilable: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }),
  silent,
});

const counterparty = fc.record({
  op: fc.constant('put' as const),
  entity: fc.constant<Entity>('counterparty'),
  record: fc.record({ id: fc.constantFrom(...COUNTERPARTIES), type: fc.constantFrom('customer', 'supplier', 'employee', 'other'), name: fc.constantFrom('Anna', 'Bert') }),
  silent,
});

/** The journal vanishing and coming back takes every entry (and its matchings) off and on again. */
const journal = fc.record({
  op: fc.constant('put' as const),
  entity: fc.constant<Entity>('journal'),
  record: fc.record({ id: fc.constant('J'), name: fc.constantFrom('General', 'Misc'), type: fc.constant('general') }),
  silent,
});

/** A line's transaction amount as a multiple of its book amount: mostly none, now and then 1.1, 0 (an exchange difference) or the wrong sign. */
const rate = fc.option(fc.constantFrom(1.1, 1.1, 0.9, 0, -1), { nil: undefined, freq: 2 });

/**
 * An invoice-like entry: line 1 +X on one account, line 2 -X on another (give or take an imbalance
 * of either sign), sometimes line 2 split into lines 2 and 3; a credit note (all signs flipped) now
 * and then, so that a matching's item can have the wrong sign.
 */
const entry = fc
  .record({
    id: fc.constantFrom(...ENTRIES),
    amount: fc.integer({ min: 1, max: 4 }).map((n) => n * 100),
    accounts: fc.tuple(accountRef, accountRef, accountRef),
    counterparties: fc.tuple(counterpartyRef, counterpartyRef, counterpartyRef),
    split: fc.boolean(),
    negate: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    imbalance: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }) }),
    counterpartyId: counterpartyRef,
    currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'USD', 'USD'),
    rates: fc.tuple(rate, rate, rate),
    silent,
  })
  .map(({ id, amount, accounts, counterparties, split, negate, imbalance, counterpartyId, currency, rates, silent: quiet }) => {
    const amounts = split ? [amount, -amount + 100 + imbalance, -100] : [amount, -amount + imbalance];
    const lines = amounts.map((a, i) => ({
      line: i + 1,
      accountId: accounts[i],
      amount: negate ? -a : a,
      ...(counterparties[i] ? { counterpartyId: counterparties[i] } : {}),
      ...(rates[i] !== undefined ? { currencyAmount: Math.round((negate ? -a : a) * rates[i]!) } : {}),
    }));
    const record = {
      id,
      journalId: 'J',
      fiscalYearId: 'FY',
      periodId: 'P1',
      number: id,
      date: '2025-03-01',
      currency,
      lines,
      ...(counterpartyId ? { counterpartyId } : {}),
    };
    return { op: 'put' as const, entity: 'entry' as Entity, record, silent: quiet };
  });

/** Two items (sometimes three) on lines 1–3 of the pooled entries, summing to 0 (or not, now and then). */
const matching = fc
  .record({
    id: fc.constantFrom('M1', ...MATCHINGS),
    debit: fc.record({ entryId: fc.constantFrom('E1', 'E1', ...ENTRIES), line: fc.constantFrom(1, 1, 1, 2, 3) }),
    credit: fc.record({ entryId: fc.constantFrom(...ENTRIES), line: fc.constantFrom(2, 2, 2, 1, 3) }),
    amount: fc.constantFrom(50, 100, 100, 150, 200),
    split: fc.boolean(),
    off: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }),
    silent,
  })
  .map(({ id, debit, credit, amount, split, off, silent: quiet }) => {
    const items =
      split && amount >= 100
        ? [{ ...debit, amount: amount / 2 }, { ...debit, amount: amount / 2 }, { ...credit, amount: -amount + off }]
        : [{ ...debit, amount }, { ...credit, amount: -amount + off }];
    return { op: 'put' as const, entity: 'matching' as Entity, record: { id, date: '2025-03-02', items }, silent: quiet };
  });

const deletion = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), entity: fc.constant<Entity>('matching'), id: fc.constantFrom(...MATCHINGS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), entity: fc.constant<Entity>('entry'), id: fc.constantFrom(...ENTRIES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), entity: fc.constant<Entity>('account'), id: fc.constantFrom(...ACCOUNTS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), entity: fc.constant<Entity>('counterparty'), id: fc.constantFrom(...COUNTERPARTIES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), entity: fc.constant<Entity>('journal'), id: fc.constant('J') }) },
);

export const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 1, arbitrary: account },
  { weight: 1, arbitrary: counterparty },
  { weight: 1, arbitrary: journal },
  { weight: 4, arbitrary: entry },
  { weight: 5, arbitrary: matching },
  { weight: 2, arbitrary: deletion },
);

/** A whole source state: the basics, then changes applied in order. */
export const sourceState: fc.Arbitrary<Source> = fc.array(change, { minLength: 1, maxLength: 12 }).map((changes) => {
  const source = emptySource();
  for (const c of [...basics(), ...changes]) applyChange(source, c);
  return source;
});

/** A history: an initial batch of changes, then batches applied between syncs. */
export const history: fc.Arbitrary<Change[][]> = fc.array(fc.array(change, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 6 });

export function emptySource(): Source {
  return Object.fromEntries(ORDER.map((e) => [e, new Map()])) as unknown as Source;
}

export function applyChange(source: Source, c: Change): void {
  if (c.op === 'delete') source[c.entity].delete(c.id);
  else source[c.entity].set(c.record.id, c.record);
}

/** Secrets as a configuration holds them, and a message that repeats them, nests a shorter one in a longer one, or runs two together. */
export const secretsAndMessage = fc
  .record({
    secrets: fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/), { minLength: 1, maxLength: 4 }),
    parts: fc.array(fc.oneof(fc.nat(3).map((i) => ({ secret: i })), fc.stringMatching(/^[a-z :=,.]{0,5}$/).map((text) => ({ text }))), { maxLength: 10 }),
  })
  .map(({ secrets, parts }) => ({
    secrets,
    message: parts.map((p) => ('text' in p ? p.text : secrets[p.secret % secrets.length])).join(''),
  }));

/**
 * A history that mostly moves matchings (on the basics' entries, whose shared lines are nearly
 * full), with now and then an entry rewritten or an account's flag flipped: the changes that make
 * one matching over-match or release another across syncs.
 */
export const matchingHistory: fc.Arbitrary<Change[][]> = fc.array(
  fc.array(fc.oneof({ weight: 6, arbitrary: matching }, { weight: 2, arbitrary: deletion.filter((d) => d.entity === 'matching') }, { weight: 1, arbitrary: entry }, { weight: 1, arbitrary: account }), {
    minLength: 1,
    maxLength: 4,
  }),
  { minLength: 2, maxLength: 6 },
);
