import { Knex } from 'knex';
import { DeletedRecord, EntityName } from '@ledgersync/sdk';
import { counterpartyId } from './entities/counterparty-ids';
import { Row, Scope } from './entities';
import { markerSql, markerToDatetime } from './markers';
import { VOUCHER_DOCTYPES } from './schema-facts';
import { selectRows } from './sql/query';

/** Doctypes of `tabDeleted Document` that are records of an entity, and the ones this adapter adds. */
const ENTITY_OF: Record<string, EntityName> = {
  'Fiscal Year': 'fiscalYear',
  'Accounting Journal': 'journal',
  Account: 'account',
  Customer: 'counterparty',
  Supplier: 'counterparty',
  Employee: 'counterparty',
  'Payment Ledger Entry': 'matching',
  ...Object.fromEntries(VOUCHER_DOCTYPES.map((doctype) => [doctype, 'entry'])),
  // not Frappe doctypes: a voucher whose GL rows are all cancelled, a delinked allocation
  '(cancelled voucher)': 'entry',
  '(delinked allocation)': 'matching',
  '(unreconciled allocation)': 'matching',
};

/**
 * Deletions the site logged, with a marker >= `since`, in marker order:
 * - rows of `tabDeleted Document` (Frappe writes one whenever a document is deleted through it;
 *   raw SQL deletes leave none, which is what the bucket digests are for);
 * - vouchers whose GL rows are all `is_cancelled`: cancelling reverses a voucher; its entry leaves;
 * - Payment Ledger allocations set `delinked` (their voucher cancelled): the matching is undone;
 * - Payment Ledger allocations that Unreconcile Payment pointed back at the payment itself
 *   (accounts/utils.py update_accounting_ledgers_after_reference_removal: `against_voucher_no`
 *   becomes the voucher, `delinked` stays 0). A payment's own row has amount < 0 on receivables
 *   and payables alike; changed after insert tells it from an advance that was never allocated.
 */
export async function* deletedSince(db: Knex, scope: Scope, since: string, pageSize = 500): AsyncIterable<DeletedRecord> {
  const at = markerToDatetime(since);
  const doctypes = Object.keys(ENTITY_OF).filter((d) => !d.startsWith('('));
  const sql = `SELECT d.deleted_doctype AS doctype, d.deleted_name AS name, JSON_VALUE(d.data, '$.account_number') AS account_number, d.modified AS modified
      FROM \`tabDeleted Document\` d
      WHERE d.modified >= ? AND d.deleted_doctype IN (${doctypes.map(() => '?').join(', ')})
        AND (JSON_VALUE(d.data, '$.company') IS NULL OR JSON_VALUE(d.data, '$.company') = ?)
    UNION ALL
    SELECT '(cancelled voucher)', g.voucher_no, NULL, MAX(g.modified) FROM \`tabGL Entry\` g
      WHERE g.company = ? AND g.voucher_no IN (SELECT c.voucher_no FROM \`tabGL Entry\` c WHERE c.is_cancelled = 1 AND c.modified >= ?)
      GROUP BY g.voucher_no HAVING MIN(g.is_cancelled) = 1
    UNION ALL
    SELECT '(delinked allocation)', p.name, NULL, p.modified FROM \`tabPayment Ledger Entry\` p
      WHERE p.company = ? AND p.delinked = 1 AND p.modified >= ? AND p.against_voucher_no <> p.voucher_no
    UNION ALL
    SELECT '(unreconciled allocation)', p.name, NULL, p.modified FROM \`tabPayment Ledger Entry\` p
      WHERE p.company = ? AND p.delinked = 0 AND p.modified >= ? AND p.against_voucher_no = p.voucher_no AND p.amount < 0 AND p.modified > p.creation`;
  const bindings = [at, ...doctypes, scope.company, scope.company, at, scope.company, at, scope.company, at];
  // keyset pages over (modified, name, doctype): a year of deletions streams like any listing
  let after: Row | undefined;
  for (;;) {
    const keyset = after ? 'WHERE (x.modified, CAST(x.name AS BINARY), x.doctype) > (?, CAST(? AS BINARY), ?)' : '';
    const rows = await selectRows(
      db,
      `SELECT x.*, ${markerSql('x.modified')} AS marker FROM (${sql}) x ${keyset}
       ORDER BY x.modified, CAST(x.name AS BINARY), x.doctype LIMIT ${Number(pageSize)}`,
      after ? [...bindings, after.modified as string, after.name as string, after.doctype as string] : bindings,
      `dossier ${scope.company}, deletedSince`,
    );
    for (const row of rows) {
      const doctype = String(row.doctype);
      yield { entity: ENTITY_OF[doctype], id: idOf(scope, doctype, row), marker: String(row.marker) };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1];
  }
}

function idOf(scope: Scope, doctype: string, row: Row): string {
  if (doctype === 'Account') return String(row.account_number ?? '') || String(row.name);
  if (doctype === 'Customer' || doctype === 'Supplier' || doctype === 'Employee') return counterpartyId(scope.counterpartyIds, doctype, row.name)!;
  return String(row.name);
}
