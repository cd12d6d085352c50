import { Entry, EntryLine } from '@ledgersync/sdk';
import { centsSql, dateSql, fingerprintSql, xorSql } from '../sql/digest-sql';
import { counterpartyId } from './counterparty-ids';
import { glLinesSql, voucherKeyPageSql } from './gl-lines';
import { EntityMapping, setPresent } from './mapping';
import { journalKeySql, voucherHeadersSql } from './vouchers';

/** ERPNext's year-end voucher (period_closing_voucher.py): profit and loss to the closing account. */
export const CLOSING_VOUCHER = 'Period Closing Voucher';

interface LineJson {
  line: number;
  accountId: string | null;
  amount: number;
  partyType: string | null;
  party: string | null;
  vatCode: string | null;
  currencyAmount: number | null;
}

/**
 * Entries are GL Entries grouped by voucher (id = voucher_no): date, fiscal year and due date from
 * the rows; currency the company's, or the account currency of its rows on foreign-currency
 * accounts, which carry currencyAmount (see glLinesSql); journal, number, description and counterparty from the voucher document.
 * A line's amount is debit − credit in cents, computed in SQL on the DECIMAL columns, so no float
 * ever touches it. The fingerprint is the XOR of the rows' digests, each over the row's identity
 * (name and line), its values and the header's: a change to any row or to the header shows.
 */
export const entries: EntityMapping<'entry'> = {
  entity: 'entry',
  sql(scope, filter) {
    const lines = glLinesSql(scope, filter);
    const headers = voucherHeadersSql(scope, filter);
    const journal = journalKeySql('h', 'l.voucher_type');
    // a row on an account kept in another currency than the company's: that currency is the entry's transaction currency
    const foreign = `CASE WHEN COALESCE(l.account_currency, '') NOT IN ('', l.currency) THEN l.account_currency END`;
    const rowDigest = fingerprintSql([
      // not the row's name: ERPNext renames GL rows after insert (rename_gle_sle_docs); the line number is its identity
      'l.voucher_no', 'l.voucher_type', 'l.line', 'l.account_id', 'l.debit', 'l.credit', 'l.party_type', 'l.party', 'l.vat_code',
      'l.is_opening', 'l.posting_date', 'l.fiscal_year', 'l.due_date', 'l.currency', 'l.account_currency', 'l.debit_in_account_currency', 'l.credit_in_account_currency', journal, 'h.number', 'h.description', 'h.party_type', 'h.party',
    ]);
    return {
      select: `SELECT l.voucher_no AS id, GREATEST(MAX(l.modified), COALESCE(MAX(h.modified), MAX(l.modified))) AS modified,
          MIN(l.fiscal_year) AS fiscal_year, ${dateSql('MIN(l.posting_date)')} AS date, ${dateSql('MAX(l.due_date)')} AS due_date,
          COALESCE(MAX(${foreign}), MAX(l.currency)) AS currency, MAX(${journal}) AS journal_id, MAX(COALESCE(h.number, l.voucher_no)) AS number,
          MAX(l.voucher_type = '${CLOSING_VOUCHER}') AS closing, MAX(l.is_opening = 'Yes') AS opening, MAX(h.description) AS description, MAX(h.party_type) AS party_type, MAX(h.party) AS party,
          JSON_ARRAYAGG(JSON_OBJECT('line', l.line, 'accountId', l.account_id, 'amount', ${centsSql('l.debit - l.credit')},
            'partyType', l.party_type, 'party', l.party, 'vatCode', l.vat_code,
            'currencyAmount', CASE WHEN ${foreign} IS NOT NULL THEN ${centsSql('l.debit_in_account_currency - l.credit_in_account_currency')} END)) AS line_json,
          ${xorSql(rowDigest)} AS fp
        FROM (${lines.sql}) l
        LEFT JOIN (${headers.sql}) h ON h.voucher_type = l.voucher_type AND h.name = l.voucher_no
        GROUP BY l.voucher_no`,
      bindings: [...lines.bindings, ...headers.bindings],
    };
  },
  keyPage: voucherKeyPageSql,
  // mysql2 parses a JSON-typed column itself; a server that types it as text leaves a string
  toRecord(row, scope): Entry {
    const lines = (typeof row.line_json === 'string' ? (JSON.parse(row.line_json) as LineJson[]) : (row.line_json as LineJson[])).sort((a, b) => a.line - b.line).map((json) => {
      const line: EntryLine = { line: json.line, accountId: json.accountId as string, amount: json.amount };
      if (json.currencyAmount !== null && json.currencyAmount !== undefined) line.currencyAmount = Number(json.currencyAmount);
      setPresent(line, 'vatCode', json.vatCode);
      setPresent(line, 'counterpartyId', counterpartyId(scope.counterpartyIds, json.partyType, json.party));
      return line;
    });
    const entry = {
      id: String(row.id),
      journalId: String(row.journal_id),
      fiscalYearId: row.fiscal_year as string,
      periodId: String(row.date).slice(0, 7),
      number: String(row.number),
      date: String(row.date),
    } as Entry;
    setPresent(entry, 'dueDate', row.due_date);
    setPresent(entry, 'description', row.description);
    setPresent(entry, 'counterpartyId', counterpartyId(scope.counterpartyIds, row.party_type, row.party));
    // gl_entry.json is_opening (Select No/Yes): an opening voucher's rows say Yes
    if (Number(row.closing) === 1) entry.kind = 'closing';
    else if (Number(row.opening) === 1) entry.kind = 'opening';
    entry.currency = row.currency as string;
    entry.lines = lines;
    return entry;
  },
};
