import { compareIds, ENTITIES, EntityName, Matching, RecordError } from '@ledgersync/sdk';
import { MatchItemRow, PlannedOp, PlannedStatus, PlanRow, RefRow, StagedRow, StateRow } from '../../state';
import { SyncContext } from '../context';
import { dependantsToRevisit, restage } from './cascade';
import { accountsOfMatching, checkMatching, checkReferences, checkShape, ShapeChecked } from './checks';
import { MatchingFactsCache } from './matching-facts';
import { NextStateView } from './view';

/** Staged records planned together: one round of lookups per batch. */
const PLAN_BATCH = 200;

export interface PlanOptions {
  /** Revisit records that refer to changed ones (off for proposal changesets, which carry only the pushed entries). */
  cascade: boolean;
}

export interface PlanOutcome {
  upserted: number;
  deleted: number;
}

/**
 * Decides, for every staged record, whether the platform gets it (upsert), loses it (delete) or
 * neither, and whether it is quarantined — giving the same split as `validState` over the whole
 * source, while looking only at staged records and what they touch. Entities go in dependency
 * order, records in id order (matchings' over-matching check depends on it).
 */
export async function planChangeset(ctx: SyncContext, options: PlanOptions): Promise<PlanOutcome> {
  const view = new NextStateView(ctx.records, ctx.staging);
  const outcome: PlanOutcome = { upserted: 0, deleted: 0 };
  for (const entity of ENTITIES) {
    for await (const batch of ctx.staging.iterate(entity, PLAN_BATCH)) await new BatchPlanner(ctx, view, entity, batch, options, outcome).run();
  }
  return outcome;
}

class BatchPlanner {
  private readonly pending: StagedRow[];
  private readonly plans: PlanRow[] = [];
  private readonly refs: RefRow[] = [];
  private readonly items: MatchItemRow[] = [];
  private readonly revisit = new Map<EntityName, Set<string>>();
  private readonly before = new Map<string, StateRow>();
  private readonly statuses = new Map<EntityName, Map<string, PlannedStatus>>();
  private readonly lastId: string;
  private readonly matchingFacts?: MatchingFactsCache;
  private readonly laterMatchings?: MatchingNeighbours;
  /** Records of this batch whose change dependants must see, and which dependants. */
  private readonly changed = new Map<string, 'all' | 'matchings'>();

  constructor(
    private readonly ctx: SyncContext,
    private readonly view: NextStateView,
    private readonly entity: EntityName,
    batch: StagedRow[],
    private readonly options: PlanOptions,
    private readonly outcome: PlanOutcome,
  ) {
    this.pending = [...batch];
    this.lastId = batch[batch.length - 1].id;
    if (entity === 'matching') {
      this.matchingFacts = new MatchingFactsCache(ctx, view, this.lastId);
      this.laterMatchings = new MatchingNeighbours(ctx);
    }
  }

  async run(): Promise<void> {
    let checked = await this.prepare(this.pending);
    while (this.pending.length > 0) {
      const row = this.pending.shift()!;
      if (!checked.has(row.id)) checked = new Map([...checked, ...(await this.prepare([row]))]);
      await this.decide(row, checked.get(row.id));
    }
    const refsOf = new Map<string, [EntityName, string][]>();
    for (const ref of this.refs) refsOf.set(ref.fromId, [...(refsOf.get(ref.fromId) ?? []), [ref.toEntity, ref.toId]]);
    await this.ctx.staging.putPlan(this.plans.map((plan) => ({ ...plan, refsJson: plan.status === 'gone' ? null : JSON.stringify(refsOf.get(plan.id) ?? []) })));
    await this.ctx.staging.putItems(this.items);
    await this.revisitDependants();
    for (const [entity, ids] of this.revisit) await restage(this.ctx, entity, [...ids]);
  }

  /** Loads what deciding these rows needs: their acknowledged state, the status of what they refer to, matching facts. */
  private async prepare(rows: readonly StagedRow[]): Promise<Map<string, ShapeChecked>> {
    for (const [id, row] of await this.ctx.records.byIds(this.entity, rows.map((r) => r.id))) this.before.set(id, row);
    const checked = new Map<string, ShapeChecked>();
    for (const row of rows) if (row.origin !== 'gone') checked.set(row.id, checkShape(this.ctx.dossierId, this.entity, row.id, row.recordJson!, this.ctx.facts));
    const wanted = new Map<EntityName, Set<string>>();
    for (const c of checked.values()) for (const ref of c.references) wanted.set(ref.entity, (wanted.get(ref.entity) ?? new Set()).add(ref.id));
    for (const [entity, ids] of wanted) {
      const known = this.statuses.get(entity) ?? new Map<string, PlannedStatus>();
      for (const [id, status] of await this.view.statuses(entity, [...ids])) known.set(id, status);
      this.statuses.set(entity, known);
    }
    const matchings = [...checked.values()].filter((c) => c.errors.length === 0).map((c) => c.record as Matching);
    if (this.matchingFacts) await this.matchingFacts.load(matchings);
    if (this.laterMatchings) {
      const entries = matchings.flatMap((m) => m.items.map((i) => i.entryId));
      await this.laterMatchings.load(rows.map((r) => r.id), []);
      const old = rows.flatMap((r) => (this.laterMatchings!.oldRefs.get(r.id) ?? []).filter((ref) => ref.toEntity === 'entry').map((ref) => ref.toId));
      await this.laterMatchings.load([], [...entries, ...old]);
    }
    return checked;
  }

  private async decide(row: StagedRow, checked: ShapeChecked | undefined): Promise<void> {
    const errors: RecordError[] = [];
    let status: PlannedStatus = 'gone';
    if (checked) {
      errors.push(...checked.errors);
      if (errors.length === 0) errors.push(...checkReferences(this.ctx.dossierId, this.entity, checked, this.statuses));
      if (errors.length === 0 && this.matchingFacts) errors.push(...checkMatching(this.ctx.dossierId, checked.record as Matching, this.matchingFacts.factsFor(row.id)));
      status = errors.length === 0 ? 'sent' : 'quarantined';
      this.recordReferences(row.id, checked, status);
    }
    const before = this.before.get(row.id);
    const op: PlannedOp = status === 'sent' ? (before?.status === 'sent' && before.digest === row.digest ? 'none' : 'upsert') : before?.status === 'sent' ? 'delete' : 'none';
    if (op === 'upsert') this.outcome.upserted += 1;
    if (op === 'delete') this.outcome.deleted += 1;
    this.plans.push({ entity: this.entity, id: row.id, status, op, errorJson: errors.length > 0 ? JSON.stringify(errors.map((e) => e.toJSON())) : null });
    if (this.options.cascade) await this.cascade(row, before, status);
  }

  private recordReferences(id: string, checked: ShapeChecked, status: PlannedStatus): void {
    const targets = new Set<string>();
    const push = (toEntity: EntityName, toId: string) => {
      if (targets.has(`${toEntity}\u0000${toId}`)) return;
      targets.add(`${toEntity}\u0000${toId}`);
      this.refs.push({ fromEntity: this.entity, fromId: id, toEntity, toId });
    };
    for (const ref of checked.references) push(ref.entity, ref.id);
    if (this.matchingFacts && checked.errors.length === 0) {
      const matching = checked.record as Matching;
      // also when quarantined: the account turning reconcilable must bring the matching back
      for (const account of accountsOfMatching(matching, this.matchingFacts.entries)) push('account', account);
    }
    if (this.matchingFacts && status === 'sent') {
      const matching = checked.record as Matching;
      for (const item of matching.items) {
        const amount = { matchingId: id, entryId: item.entryId, line: item.line, amount: item.amount };
        this.items.push(amount);
        this.matchingFacts.add(amount);
      }
    }
  }

  private async cascade(row: StagedRow, before: StateRow | undefined, status: PlannedStatus): Promise<void> {
    const scope = dependantsToRevisit(this.entity, before, status, row);
    if (scope !== 'none') this.changed.set(row.id, scope);
    if (this.entity === 'matching' && (scope !== 'none' || before?.digest !== row.digest)) await this.revisitLaterMatchings(row);
  }

  /** Stages the dependants of the records of this batch that changed, for their entity's pass. */
  private async revisitDependants(): Promise<void> {
    if (this.changed.size === 0) return;
    for (const d of await this.ctx.records.dependants(this.entity, [...this.changed.keys()])) {
      const scope = this.changed.get(d.toId);
      if (d.entity === this.entity || (scope === 'matchings' && d.entity !== 'matching')) continue;
      this.revisit.set(d.entity, (this.revisit.get(d.entity) ?? new Set()).add(d.id));
    }
  }

  /** A matching that changed moves the amounts left on its lines: later matchings on the same entries are checked again. */
  private async revisitLaterMatchings(row: StagedRow): Promise<void> {
    const entries = new Set<string>(this.refs.filter((r) => r.fromId === row.id && r.toEntity === 'entry').map((r) => r.toId));
    const known = this.laterMatchings!;
    if (!known.oldRefs.has(row.id)) await known.load([row.id], []);
    for (const ref of known.oldRefs.get(row.id) ?? []) if (ref.toEntity === 'entry') entries.add(ref.toId);
    await known.load([], [...entries]);
    const later = [...new Set([...entries].flatMap((e) => known.matchingsOn.get(e) ?? []))].filter((id) => compareIds(id, row.id) > 0);
    if (later.length === 0) return;
    const fresh = await restage(this.ctx, 'matching', later);
    const inBatch = fresh.filter((id) => compareIds(id, this.lastId) < 0);
    if (inBatch.length === 0) return;
    const rows = await this.ctx.staging.byIds('matching', inBatch);
    for (const id of inBatch) {
      this.matchingFacts!.replan(id);
      this.pending.push(rows.get(id)!);
    }
    this.pending.sort((a, b) => compareIds(a.id, b.id));
  }
}

/** For one batch of matchings: what each referred to before, and which acknowledged matchings sit on each entry. */
class MatchingNeighbours {
  readonly oldRefs = new Map<string, { toEntity: EntityName; toId: string }[]>();
  readonly matchingsOn = new Map<string, string[]>();
  private readonly loadedMatchings = new Set<string>();
  private readonly loadedEntries = new Set<string>();

  constructor(private readonly ctx: SyncContext) {}

  async load(matchingIds: readonly string[], entryIds: readonly string[]): Promise<void> {
    const matchings = matchingIds.filter((id) => !this.loadedMatchings.has(id));
    for (const id of matchings) this.loadedMatchings.add(id);
    if (matchings.length > 0) for (const [id, refs] of await this.ctx.records.refsFrom('matching', matchings)) this.oldRefs.set(id, refs);
    const entries = entryIds.filter((id) => !this.loadedEntries.has(id));
    for (const id of entries) this.loadedEntries.add(id);
    if (entries.length === 0) return;
    for (const d of await this.ctx.records.dependants('entry', entries)) {
      if (d.entity !== 'matching') continue;
      this.matchingsOn.set(d.toId, [...(this.matchingsOn.get(d.toId) ?? []), d.id]);
    }
  }
}
