import { EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { MatchItemRow, PlannedOp, PlanRow, StagedRow } from './rows';
import { PlanDbRow, StagedDbRow, toPlan, toStaged } from './staged-db-rows';
import { deleteIn, insertRows, keyset, replaceRows, selectIn } from './sql';

/**
 * The rows of one changeset while it is planned and sent: what the source showed (staged
 * records), what the engine decided (plan), and the references and matched amounts of the new
 * state. They live in the database so that a dossier of millions of lines plans in bounded memory,
 * and so that an interrupted changeset can be resumed.
 */
export class Staging {
  constructor(private readonly db: Knex, readonly changesetId: string) {}

  /** Stages records, replacing any staged earlier under the same (entity, id). */
  async put(rows: readonly StagedRow[]): Promise<void> {
    const byEntity = new Map<EntityName, StagedRow[]>();
    for (const row of rows) {
      const list = byEntity.get(row.entity);
      if (list) list.push(row);
      else byEntity.set(row.entity, [row]);
    }
    for (const [entity, list] of byEntity) {
      const deleteExisting = () => deleteIn(this.db, 'st_staged_records', { changeset_id: this.changesetId, entity }, 'record_id', list.map((r) => r.id));
      await replaceRows(
        this.db,
        'st_staged_records',
        list.map((r) => ({
          changeset_id: this.changesetId,
          entity: r.entity,
          record_id: r.id,
          origin: r.origin,
          bucket: r.bucket,
          fingerprint: r.fingerprint,
          marker: r.marker,
          digest: r.digest,
          record_json: r.recordJson,
        })),
        deleteExisting,
      );
    }
  }

  /**
   * Staged records of an entity in id order, a page at a time. Planning a page can stage more
   * records of the same entity (later matchings on a line whose amounts moved): the next page is
   * read only after the caller is done with this one, and the iteration stops only on an empty
   * page, so rows staged behind the reading position are always seen — even after a short page.
   */
  async *iterate(entity: EntityName, pageSize = 200): AsyncGenerator<StagedRow[]> {
    let last: string | undefined;
    for (;;) {
      const query = this.db('st_staged_records').where({ changeset_id: this.changesetId, entity });
      if (last !== undefined) query.where('record_id', '>', last);
      const rows = (await query.orderBy('record_id').limit(pageSize)) as StagedDbRow[];
      if (rows.length === 0) return;
      last = rows[rows.length - 1].record_id;
      yield rows.map(toStaged);
    }
  }

  async byIds(entity: EntityName, ids: readonly string[]): Promise<Map<string, StagedRow>> {
    const rows = await selectIn<StagedDbRow>(this.db, 'st_staged_records', { changeset_id: this.changesetId, entity }, 'record_id', ids);
    return new Map(rows.map((row) => [row.record_id, toStaged(row)]));
  }

  async putPlan(rows: readonly PlanRow[]): Promise<void> {
    await insertRows(
      this.db,
      'st_staged_plan',
      rows.map((r) => ({ changeset_id: this.changesetId, entity: r.entity, record_id: r.id, status: r.status, op: r.op, error_json: r.errorJson, refs_json: r.refsJson ?? null })),
    );
  }

  async planByIds(entity: EntityName, ids: readonly string[]): Promise<Map<string, PlanRow>> {
    const rows = await selectIn<PlanDbRow>(this.db, 'st_staged_plan', { changeset_id: this.changesetId, entity }, 'record_id', ids);
    return new Map(rows.map((row) => [row.record_id, toPlan(row)]));
  }

  /** Planned rows of an entity with the given op, in id order. */
  async *planned(entity: EntityName, op: PlannedOp, pageSize = 500): AsyncGenerator<PlanRow> {
    const query = () => this.db('st_staged_plan').where({ changeset_id: this.changesetId, entity, op });
    for await (const row of keyset<PlanDbRow & Record<string, unknown>>(query, 'record_id', pageSize)) yield toPlan(row);
  }

  async countOps(): Promise<number> {
    const row = (await this.db('st_staged_plan').count({ n: '*' }).where({ changeset_id: this.changesetId }).whereNot('op', 'none').first()) as { n: number | string };
    return Number(row.n);
  }

  async putItems(items: readonly MatchItemRow[]): Promise<void> {
    await insertRows(
      this.db,
      'st_staged_items',
      items.map((i) => ({ changeset_id: this.changesetId, matching_id: i.matchingId, entry_id: i.entryId, line: i.line, amount: i.amount })),
    );
  }

  /** Matched amounts of the matchings planned so far as sent, on these entries. */
  async stagedItems(entryIds: readonly string[]): Promise<MatchItemRow[]> {
    const rows = await selectIn<{ matching_id: string; entry_id: string; line: number; amount: number | string }>(
      this.db,
      'st_staged_items',
      { changeset_id: this.changesetId },
      'entry_id',
      entryIds,
    );
    return rows.map((row) => ({ matchingId: row.matching_id, entryId: row.entry_id, line: Number(row.line), amount: Number(row.amount) }));
  }
}
