import { Account, canonicalJson, canonicalRecord, Entry, Matching } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { ChangeOperation } from '../changeset/types';

/**
 * Writes one changeset operation into the platform's tables: the record as canonical JSON, plus
 * the columns the portal figures are computed from (entry lines, matching items, reconcilable accounts).
 */
export async function writeOperation(trx: Knex.Transaction, dossierId: string, operation: ChangeOperation): Promise<void> {
  const key = { dossier_id: dossierId, entity: operation.entity, record_id: operation.id };
  await removeDerivedRows(trx, dossierId, operation.entity, operation.id);
  if (operation.op === 'delete') {
    await trx('pf_records').where(key).delete();
    return;
  }
  const json = canonicalJson(canonicalRecord(operation.entity, operation.record));
  const updated = await trx('pf_records').where(key).update({ json, digest: operation.digest });
  if (updated === 0) await trx('pf_records').insert({ ...key, json, digest: operation.digest });
  await insertDerivedRows(trx, dossierId, operation);
}

async function removeDerivedRows(trx: Knex.Transaction, dossierId: string, entity: string, id: string): Promise<void> {
  if (entity === 'entry') await trx('pf_entry_lines').where({ dossier_id: dossierId, entry_id: id }).delete();
  if (entity === 'matching') await trx('pf_matching_items').where({ dossier_id: dossierId, matching_id: id }).delete();
  if (entity === 'account') await trx('pf_accounts').where({ dossier_id: dossierId, account_id: id }).delete();
}

async function insertDerivedRows(trx: Knex.Transaction, dossierId: string, operation: Extract<ChangeOperation, { op: 'upsert' }>): Promise<void> {
  if (operation.entity === 'entry') {
    const entry = operation.record as Entry;
    const rows = entry.lines.map((line) => ({
      dossier_id: dossierId,
      entry_id: operation.id,
      line: line.line,
      account_id: line.accountId,
      amount: line.amount,
      period_id: entry.periodId,
      counterparty_id: line.counterpartyId ?? entry.counterpartyId ?? null,
    }));
    await insertRows(trx, 'pf_entry_lines', rows);
  } else if (operation.entity === 'matching') {
    const matching = operation.record as Matching;
    const rows = matching.items.map((item, index) => ({ dossier_id: dossierId, matching_id: operation.id, item: index + 1, entry_id: item.entryId, line: item.line, amount: item.amount }));
    await insertRows(trx, 'pf_matching_items', rows);
  } else if (operation.entity === 'account') {
    const account = operation.record as Account;
    await trx('pf_accounts').insert({ dossier_id: dossierId, account_id: operation.id, reconcilable: account.reconcilable });
  }
}

/** Plain multi-row inserts in chunks (knex's batchInsert opens a nested transaction per call: ten times slower here). */
async function insertRows(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[], chunk = 100): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await trx(table).insert(rows.slice(i, i + chunk));
}
