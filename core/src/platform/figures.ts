import { CurrencyAmount, OpenInCurrencyFold } from '@ledgersync/sdk';
import { Knex } from 'knex';

export type Figures = Record<string, number>;

/** What the client portal shows for a dossier, computed in SQL from the stored lines and items. */
export interface PortalFigures {
  trialBalance: Figures;
  openItems: Figures;
  /** Per counterparty whose open lines share one transaction currency: the open amount in it (format 1.1). */
  openItemsInCurrency: Record<string, CurrencyAmount>;
  /** Per fiscal year, per account: the year without its closing entries (format 1.1). */
  yearResults: Record<string, Figures>;
}

/** Per account, the sum of all entry lines on it (of one period when `periodId` is given). Equals the SDK's `trialBalance`. */
export async function trialBalance(db: Knex, dossierId: string, periodId?: string): Promise<Figures> {
  const query = db('pf_entry_lines').where({ dossier_id: dossierId }).groupBy('account_id').select('account_id').sum({ total: 'amount' });
  if (periodId !== undefined) query.andWhere({ period_id: periodId });
  return toFigures(await query, 'account_id');
}

/** Per period, per account: the trial balance of each period with lines. */
export async function trialBalanceByPeriod(db: Knex, dossierId: string): Promise<Record<string, Figures>> {
  const rows: { period_id: string; account_id: string; total: unknown }[] = await db('pf_entry_lines')
    .where({ dossier_id: dossierId })
    .groupBy('period_id', 'account_id')
    .select('period_id', 'account_id')
    .sum({ total: 'amount' });
  const byPeriod: Record<string, Figures> = {};
  for (const row of rows) (byPeriod[row.period_id] ??= {})[row.account_id] = Number(row.total);
  return byPeriod;
}

/**
 * Per counterparty, over lines on reconcilable accounts that carry it: line amounts minus what is
 * matched on them. Equals the SDK's `openItems` (a counterparty at 0 still appears).
 */
export async function openItems(db: Knex, dossierId: string): Promise<Figures> {
  const reconcilableLines = () =>
    db('pf_entry_lines as l')
      .join('pf_accounts as a', function joinAccount() {
        this.on('a.dossier_id', 'l.dossier_id').andOn('a.account_id', 'l.account_id');
      })
      .where('l.dossier_id', dossierId)
      .andWhere('a.reconcilable', true)
      .whereNotNull('l.counterparty_id')
      .groupBy('l.counterparty_id')
      .select({ counterparty_id: 'l.counterparty_id' });
  const lines = await reconcilableLines().sum({ total: 'l.amount' });
  const matched = await reconcilableLines()
    .join('pf_matching_items as m', function joinItems() {
      this.on('m.dossier_id', 'l.dossier_id').andOn('m.entry_id', 'l.entry_id').andOn('m.line', 'l.line');
    })
    .sum({ total: 'm.amount' });
  const open = toFigures(lines, 'counterparty_id');
  for (const [counterpartyId, total] of Object.entries(toFigures(matched, 'counterparty_id'))) open[counterpartyId] -= total;
  return open;
}

/**
 * Per counterparty whose open lines share one transaction currency (and say their amount in it):
 * the open amount in that currency. Equals the SDK's `openItemsInCurrency`. Only open lines are
 * read (the matched sum per line in SQL), so the work follows the open items, not the ledger.
 */
export async function openItemsInCurrency(db: Knex, dossierId: string): Promise<Record<string, CurrencyAmount>> {
  const dossier: { currency: string } | undefined = await db('pf_dossiers').where({ dossier_id: dossierId }).first('currency');
  const matched = db('pf_matching_items').where({ dossier_id: dossierId }).groupBy('entry_id', 'line').select('entry_id', 'line').sum({ matched: 'amount' }).as('m');
  const rows: { counterparty_id: string; currency: string | null; amount: unknown; currency_amount: unknown; matched: unknown }[] = await db('pf_entry_lines as l')
    .join('pf_accounts as a', function joinAccount() {
      this.on('a.dossier_id', 'l.dossier_id').andOn('a.account_id', 'l.account_id');
    })
    .leftJoin(matched, function joinMatched() {
      this.on('m.entry_id', 'l.entry_id').andOn('m.line', 'l.line');
    })
    .where('l.dossier_id', dossierId)
    .andWhere('a.reconcilable', true)
    .whereNotNull('l.counterparty_id')
    .andWhereRaw('l.amount <> coalesce(m.matched, 0)')
    .select('l.counterparty_id', 'l.currency', 'l.amount', 'l.currency_amount', 'm.matched');
  const fold = new OpenInCurrencyFold(dossier?.currency ?? '');
  for (const row of rows) {
    const amount = Number(row.amount);
    fold.add(row.counterparty_id, {
      currency: row.currency ?? '',
      amount,
      open: amount - Number(row.matched ?? 0),
      currencyAmount: row.currency_amount === null ? undefined : Number(row.currency_amount),
    });
  }
  return fold.result();
}

/**
 * Per fiscal year, per account: the year's lines without its closing entries. Equals the SDK's
 * `yearResults`; the result accounts' sums are the year's result before it was carried to equity.
 */
export async function yearResults(db: Knex, dossierId: string): Promise<Record<string, Figures>> {
  const rows: { fiscal_year_id: string; account_id: string; total: unknown }[] = await db('pf_entry_lines')
    .where({ dossier_id: dossierId })
    .andWhere((q) => q.whereNull('kind').orWhereNot('kind', 'closing'))
    .groupBy('fiscal_year_id', 'account_id')
    .select('fiscal_year_id', 'account_id')
    .sum({ total: 'amount' });
  const byYear: Record<string, Figures> = {};
  for (const row of rows) (byYear[row.fiscal_year_id] ??= {})[row.account_id] = Number(row.total);
  return byYear;
}

export async function portalFigures(db: Knex, dossierId: string): Promise<PortalFigures> {
  return {
    trialBalance: await trialBalance(db, dossierId),
    openItems: await openItems(db, dossierId),
    openItemsInCurrency: await openItemsInCurrency(db, dossierId),
    yearResults: await yearResults(db, dossierId),
  };
}

function toFigures(rows: Record<string, unknown>[], key: string): Figures {
  const figures: Figures = {};
  // SUM comes back as a string from MariaDB (DECIMAL) and as a number from SQLite
  for (const row of rows) figures[String(row[key])] = Number(row.total);
  return figures;
}
