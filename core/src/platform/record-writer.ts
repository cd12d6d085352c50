import { Account, canonicalJson, canonicalRecord, Entry, EntityName, Matching } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { ChangeOperation } from '../changeset/types';

type Upsert = Extract<ChangeOperation, { op: 'upsert' }>;

/** Ids per statement: well under SQLite's and MariaDB's placeholder limits. */
const CHUNK = 200;

/**
 * Writes a page's operations into the platform's tables: the record as canonical JSON, plus the
 * columns the portal figures are computed from (entry lines, matching items, reconcilable accounts).
 * Consecutive operations of the same kind on the same entity are written together, a few
 * statements per run instead of several per record; an id seen twice in a run starts a new run,
 * so the page's order is kept.
 */
export async function writeOperations(trx: Knex.Transaction, dossierId: string, operations: ChangeOperation[]): Promise<void> {
  for (const run of runsOf(operations)) {
    const ids = run.map((operation) => operation.id);
    const entity = run[0].entity;
    await removeRows(trx, dossierId, entity, ids);
    if (run[0].op === 'upsert') await insertRows(trx, dossierId, entity, run as Upsert[]);
  }
}

function runsOf(operations: ChangeOperation[]): ChangeOperation[][] {
  const runs: ChangeOperation[][] = [];
  let ids = new Set<string>();
  for (const operation of operations) {
    const run = runs[runs.length - 1];
    if (run && run[0].op === operation.op && run[0].entity === operation.entity && !ids.has(operation.id)) {
      run.push(operation);
    } else {
      runs.push([operation]);
      ids = new Set();
    }
    ids.add(operation.id);
  }
  return runs;
}

async function removeRows(trx: Knex.Transaction, dossierId: string, entity: EntityName, ids: string[]): Promise<void> {
  for (const chunk of chunks(ids)) {
    await trx('pf_records').where({ dossier_id: dossierId, entity }).whereIn('record_id', chunk).delete();
    if (entity === 'entry') await trx('pf_entry_lines').where({ dossier_id: dossierId }).whereIn('entry_id', chunk).delete();
    if (entity === 'matching') await trx('pf_matching_items').where({ dossier_id: dossierId }).whereIn('matching_id', chunk).delete();
    if (entity === 'account') await trx('pf_accounts').where({ dossier_id: dossierId }).whereIn('account_id', chunk).delete();
  }
}

async function insertRows(trx: Knex.Transaction, dossierId: string, entity: EntityName, upserts: Upsert[]): Promise<void> {
  await insertChunked(
    trx,
    'pf_records',
    upserts.map((u) => ({ dossier_id: dossierId, entity, record_id: u.id, json: canonicalJson(canonicalRecord(entity, u.record)), digest: u.digest })),
  );
  if (entity === 'entry') await insertChunked(trx, 'pf_entry_lines', upserts.flatMap((u) => lineRows(dossierId, u.id, u.record as Entry)));
  if (entity === 'matching') await insertChunked(trx, 'pf_matching_items', upserts.flatMap((u) => itemRows(dossierId, u.id, u.record as Matching)));
  if (entity === 'account') {
    await insertChunked(trx, 'pf_accounts', upserts.map((u) => ({ dossier_id: dossierId, account_id: u.id, reconcilable: (u.record as Account).reconcilable })));
  }
}

function lineRows(dossierId: string, entryId: string, entry: Entry): Record<string, unknown>[] {
  return entry.lines.map((line) => ({
    dossier_id: dossierId,
    entry_id: entryId,
    line: line.line,
    account_id: line.accountId,
    amount: line.amount,
    period_id: entry.periodId,
    fiscal_year_id: entry.fiscalYearId,
    currency: entry.currency,
    currency_amount: line.currencyAmount ?? null,
    // null is regular, as an absent kind is
    kind: entry.kind ?? null,
    // the line's counterparty, else the entry's: whose open items the line counts in
    counterparty_id: line.counterpartyId ?? entry.counterpartyId ?? null,
  }));
}

function itemRows(dossierId: string, matchingId: string, matching: Matching): Record<string, unknown>[] {
  return matching.items.map((item, index) => ({ dossier_id: dossierId, matching_id: matchingId, item: index + 1, entry_id: item.entryId, line: item.line, amount: item.amount }));
}

/** Plain multi-row inserts in chunks (knex's batchInsert opens a nested transaction per call: much slower here). */
async function insertChunked(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (const chunk of chunks(rows, Math.floor(CHUNK / 2))) await trx(table).insert(chunk);
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
