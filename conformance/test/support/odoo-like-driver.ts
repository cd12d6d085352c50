import { copySnapshot, emptySnapshot, ENTITIES, Entry, EntityName, FiscalYear, Matching, Period, RecordedLedger, SourceSnapshot } from '@ledgersync/sdk';
import { readSourceFile, writeSourceFile } from '@ledgersync/example-recorded-ledger/dist/src/source-file';
import { DeclaredLoss, LedgerHolding, RecordedLedgerDriver, SourceState, StepNotExpressibleError } from '../../src';

/**
 * A test driver for a package shaped like Odoo: integer keys (an id map per entity, ledger id ↔
 * package id), periods it derives itself (calendar months of each fiscal year; the ledger's own are
 * not kept), and no line descriptions. It writes the ledger as the package holds it into the
 * example adapter's source file, so the adapter reads back integer ids. Proposal steps it cannot
 * express (its package would not know the ledger's ids in a proposal).
 */
export class OdooLikeDriver extends RecordedLedgerDriver {
  override readonly describes = { package: 'Odoo-like test package (integer keys, derived periods)', backend: 'source file (JSON)' };
  protected ledgerRef?: RecordedLedger;
  protected readonly ids = new Map<EntityName, Map<string, string>>();

  constructor(private readonly extraLosses: DeclaredLoss[] = []) {
    super();
  }

  get holding(): LedgerHolding {
    return {
      losses: [{ entity: 'entry', field: 'lines.description', reason: 'the package keeps one label per entry, not per line' }, ...this.extraLosses],
      hold: (state) => this.hold(state),
    };
  }

  override async setUp(ledger: RecordedLedger): Promise<Record<string, unknown>> {
    this.ledgerRef = ledger;
    this.ids.clear();
    return super.setUp(ledger);
  }

  override async materialise(state: SourceState): Promise<void> {
    const proposal = this.ledgerRef?.steps[state.step]?.proposals?.[0];
    if (proposal) throw new StepNotExpressibleError(state.step, 'entry', proposal.id, 'the package books proposals only under its own integer ids');
    const pushed = (() => {
      try {
        return readSourceFile(this.sourceFile).pushed;
      } catch {
        return new Map<string, string>();
      }
    })();
    writeSourceFile(this.sourceFile, { dossier: state.dossier, clock: state.clock, snapshot: this.hold(state), deletions: [], pushed });
  }

  /** The package's id for a ledger id: integers handed out in the order the ledger's ids sort. */
  private idOf(entity: EntityName, ledgerId: string): string {
    let map = this.ids.get(entity);
    if (!map) this.ids.set(entity, (map = new Map()));
    let id = map.get(ledgerId);
    if (id === undefined) map.set(ledgerId, (id = String(map.size + 1)));
    return id;
  }

  protected hold(state: SourceState): SourceSnapshot {
    const source = copySnapshot(state.source);
    for (const entity of ENTITIES) for (const id of [...source[entity].keys()].sort()) if (entity !== 'period') this.idOf(entity, id);
    const held = emptySnapshot();
    const periods: { id: string; fiscalYearId: string; start: string; end: string }[] = [];
    for (const [id, { record, marker }] of source.fiscalYear) {
      const year = record as FiscalYear;
      held.fiscalYear.set(this.idOf('fiscalYear', id), { record: { ...year, id: this.idOf('fiscalYear', id) }, marker });
      for (const month of months(year.start, year.end)) {
        const period: Period = { id: `${this.idOf('fiscalYear', id)}-${String(month.number).padStart(2, '0')}`, fiscalYearId: this.idOf('fiscalYear', id), number: month.number, start: month.start, end: month.end, status: year.status };
        periods.push(period);
        held.period.set(period.id, { record: period, marker });
      }
    }
    const plain = (entity: 'journal' | 'account' | 'counterparty') => {
      for (const [id, { record, marker }] of source[entity]) held[entity].set(this.idOf(entity, id), { record: { ...(record as object), id: this.idOf(entity, id) } as never, marker });
    };
    plain('journal');
    plain('account');
    plain('counterparty');
    for (const [id, { record, marker }] of source.entry) {
      const entry = record as Entry;
      const period = periods.find((p) => p.fiscalYearId === this.idOf('fiscalYear', entry.fiscalYearId) && p.start <= entry.date && entry.date <= p.end);
      const mapped: Entry = {
        ...entry,
        id: this.idOf('entry', id),
        journalId: this.idOf('journal', entry.journalId),
        fiscalYearId: this.idOf('fiscalYear', entry.fiscalYearId),
        periodId: period?.id ?? `no period for ${entry.date}`,
        ...(entry.counterpartyId !== undefined ? { counterpartyId: this.idOf('counterparty', entry.counterpartyId) } : {}),
        lines: Array.isArray(entry.lines)
          ? entry.lines.map(({ description: _lost, ...line }) => ({ ...line, accountId: this.idOf('account', line.accountId), ...(line.counterpartyId !== undefined ? { counterpartyId: this.idOf('counterparty', line.counterpartyId) } : {}) }))
          : entry.lines,
      };
      held.entry.set(mapped.id, { record: mapped, marker });
    }
    for (const [id, { record, marker }] of source.matching) {
      const matching = record as Matching;
      const items = Array.isArray(matching.items) ? matching.items.map((item) => ({ ...item, entryId: this.idOf('entry', item.entryId) })) : matching.items;
      held.matching.set(this.idOf('matching', id), { record: { ...matching, id: this.idOf('matching', id), items }, marker });
    }
    return held;
  }
}

/** Calendar months from `start` to `end` (ISO dates), numbered from 1. */
function months(start: string, end: string): { number: number; start: string; end: string }[] {
  const result: { number: number; start: string; end: string }[] = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  for (let number = 1; number <= 36; number++) {
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    if (first > end) break;
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    result.push({ number, start: first, end: last });
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return result;
}
