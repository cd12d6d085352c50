import { Account } from '@ledgersync/sdk';
import { fingerprintSql } from '../sql/digest-sql';
import { EntityMapping } from './mapping';

/** The canonical account id: the account number, else the Frappe name (`Debtors - BJ`). */
export function accountIdSql(account: string): string {
  return `COALESCE(NULLIF(${account}.account_number, ''), ${account}.name)`;
}

/** Ledger accounts (not groups) of the company; receivable and payable accounts are reconcilable. */
export const accounts: EntityMapping<'account'> = {
  entity: 'account',
  sql(scope) {
    const id = accountIdSql('a');
    const reconcilable = `(a.account_type IN ('Receivable', 'Payable'))`;
    return {
      select: `SELECT ${id} AS id, a.modified AS modified, a.account_name AS name, ${reconcilable} AS reconcilable,
        ${fingerprintSql([id, 'a.account_name', reconcilable])} AS fp
        FROM \`tabAccount\` a WHERE a.company = ? AND a.is_group = 0`,
      bindings: [scope.company],
    };
  },
  toRecord(row): Account {
    return { id: String(row.id), name: String(row.name ?? ''), reconcilable: Number(row.reconcilable) === 1 };
  },
};
