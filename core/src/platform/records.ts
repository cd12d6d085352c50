import { emptyLedgerState, ENTITIES, EntityName, LedgerRecord, LedgerState } from '@ledgersync/sdk';
import { Knex } from 'knex';

/** The records the platform holds for one entity of a dossier, in id order, page by page (bounded memory). */
export async function* platformRecords(db: Knex, dossierId: string, entity: EntityName, pageSize = 500): AsyncIterable<LedgerRecord> {
  let after = '';
  for (;;) {
    const rows: { record_id: string; json: string }[] = await db('pf_records')
      .where({ dossier_id: dossierId, entity })
      .andWhere('record_id', '>', after)
      .orderBy('record_id')
      .limit(pageSize)
      .select('record_id', 'json');
    for (const row of rows) yield JSON.parse(row.json) as LedgerRecord;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].record_id;
  }
}

/** A whole dossier in memory: for tests and the conformance comparison of small dossiers. */
export async function platformState(db: Knex, dossierId: string): Promise<LedgerState> {
  const state = emptyLedgerState();
  for (const entity of ENTITIES) {
    for await (const record of platformRecords(db, dossierId, entity)) (state[entity] as Map<string, LedgerRecord>).set(record.id, record);
  }
  return state;
}

/** Record counts per entity. */
export async function platformCounts(db: Knex, dossierId: string): Promise<Partial<Record<EntityName, number>>> {
  const rows: { entity: EntityName; n: unknown }[] = await db('pf_records').where({ dossier_id: dossierId }).groupBy('entity').select('entity').count({ n: '*' });
  return Object.fromEntries(rows.map((row) => [row.entity, Number(row.n)]));
}
