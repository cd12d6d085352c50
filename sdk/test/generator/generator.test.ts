import { expect } from 'chai';
import {
  changesOf, countRecords, dossierRecords, dossierShape, emptySourceState, ENTITIES, entryAt, generateRecordedLedger, parseRecordedLedger,
  planChanges, portalFigures, replay, Slot, slotOf, truthOf, validState,
} from '../../src';

describe('ledger generator', () => {
  describe('dossierRecords', () => {
    it('generates a valid dossier of about four lines per entry', () => {
      const shape = dossierShape({ seed: 11, entries: 3000 });
      const source = emptySourceState();
      let lines = 0;
      for (const { entity, record } of dossierRecords(shape)) {
        expect(source[entity].has(record.id), `${entity} ${record.id} twice`).to.equal(false);
        source[entity].set(record.id, record);
        if (entity === 'entry') lines += record.lines.length;
      }
      const { state, rejected } = validState(shape.dossier.id, source);
      expect(rejected.map((e) => e.message)).to.deep.equal([]);
      expect(state.entry.size).to.equal(3000);
      expect(lines / 3000).to.be.within(3.6, 4.6);
      expect(state.matching.size).to.be.greaterThan(3000 / 5);
      expect(state.fiscalYear.size * 12).to.equal(state.period.size);
    });

    it('streams: the first records of a 10-million-entry dossier come at once', () => {
      const started = Date.now();
      const iterator = dossierRecords(dossierShape({ seed: 1, entries: 10_000_000 }));
      const first = Array.from({ length: 200 }, () => iterator.next().value);
      expect(first[0]).to.have.property('entity', 'fiscalYear');
      expect(Date.now() - started).to.be.below(2000);
    });

    it('is deterministic per seed, and differs between seeds', () => {
      const take = (seed: number) => JSON.stringify([...dossierRecords(dossierShape({ seed, entries: 100 }))]);
      expect(take(5)).to.equal(take(5));
      expect(take(5)).to.not.equal(take(6));
    });

    it('refuses bad options, naming the option', () => {
      expect(() => dossierShape({ seed: 1, entries: -1 })).to.throw(/GENERATOR_OPTIONS_INVALID: generator option entries/);
      expect(() => dossierShape({ seed: 1.5, entries: 10 })).to.throw(/option seed/);
    });
  });

  describe('planChanges', () => {
    const shape = dossierShape({ seed: 3, entries: 10_000 });

    it('picks disjoint changes, deletes only unmatched general entries, and corrections that change content', () => {
      const plan = planChanges(shape, { round: 1, changed: 10, deleted: 100, silent: 10 });
      const all = [...plan.changed, ...plan.deleted, ...plan.silent];
      expect(new Set(all).size).to.equal(120);
      expect(plan.deleted.every((i) => slotOf(i) === Slot.General)).to.equal(true);
      for (const index of plan.silent) expect(entryAt(shape, index, plan.revision)).to.not.deep.equal(entryAt(shape, index));
      const changes = [...changesOf(shape, plan)];
      expect(changes.filter((c) => c.op === 'put' && c.silent)).to.have.length(10);
      expect(changes.filter((c) => c.op === 'delete')).to.have.length(100);
    });

    it('refuses more changes than the dossier can take', () => {
      expect(() => planChanges(shape, { round: 1, changed: 0, deleted: 5000, silent: 0 })).to.throw(/option deleted/);
    });
  });

  describe('generateRecordedLedger', () => {
    const ledger = generateRecordedLedger({ seed: 42, entries: 150, steps: 5 });

    it('writes a valid recorded ledger whose expect figures are the replayed truth', () => {
      const parsed = parseRecordedLedger(JSON.parse(JSON.stringify(ledger)), 'generated');
      expect(parsed.steps.map((s) => s.sync)).to.deep.equal(['full', 'incremental', 'incremental', 'incremental', 'incremental']);
      for (const replayed of replay(parsed)) {
        const truth = truthOf(parsed, replayed);
        expect(truth.rejected.map((e) => e.message), `step ${replayed.index}`).to.deep.equal([]);
        const { expect: expected } = parsed.steps[replayed.index];
        expect(expected).to.deep.equal({ ...portalFigures(truth.state), counts: countRecords(truth.state) });
      }
    });

    it('holds new entries, corrections, hard deletes and silent corrections on later steps', () => {
      const steps = [...replay(ledger)];
      for (const replayed of steps.slice(1)) {
        const previous = steps[replayed.index - 1].source;
        expect(replayed.deleted.length, `deletes at step ${replayed.index}`).to.equal(1);
        const silent = replayed.step.changes.filter((c) => c.op === 'put' && c.silent);
        expect(silent).to.have.length(1);
        const id = (silent[0] as { record: { id: string } }).record.id;
        expect(replayed.source.entry.get(id)!.marker, 'silent marker held').to.equal(previous.entry.get(id)!.marker);
        expect(replayed.source.entry.get(id)!.record).to.not.deep.equal(previous.entry.get(id)!.record);
        expect(replayed.source.entry.size).to.be.greaterThan(previous.entry.size - 1);
      }
      expect(ledger.steps[4].expect!.counts!.entry).to.equal(150 + 4 * 15 - 4);
      for (const entity of ENTITIES) expect(ledger.steps[0].expect!.counts![entity]).to.be.greaterThan(0);
    });
  });
});
