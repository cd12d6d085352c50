import { expect } from 'chai';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { Entry, parseRecordedLedger, replay, truthOf } from '@ledgersync/sdk';
import { runConformance } from '../../src';
import { generateLedger, LARGEST_AMOUNT, writeGeneratedLedgers } from '../../src/generate';
import { EXAMPLE_PLUGIN_DIR, REPO_ROOT } from '../support/paths';

const SEEDS = [1, 2, 3];

describe('generated recorded ledgers', function () {
  this.timeout(300_000);

  it('are valid against the format’s schema and use all of it, differently per seed', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'conformance', 'schemas', 'ledger-format.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const ids = new Set<string>();
    for (const seed of SEEDS) {
      const ledger = generateLedger(seed);
      expect(validate(ledger), JSON.stringify(validate.errors)).to.equal(true);
      parseRecordedLedger(ledger);
      expect(generateLedger(seed)).to.deep.equal(ledger);
      const puts = ledger.steps.flatMap((step) => step.changes.filter((c) => c.op === 'put').map((c) => c as { entity: string; record: Record<string, unknown>; silent?: boolean }));
      const of = (entity: string) => puts.filter((p) => p.entity === entity).map((p) => p.record);
      expect(of('period').map((p) => p.id)).to.include.members(['P01', 'P18']);
      expect(Math.max(...of('period').map((p) => Number(p.number)))).to.equal(18);
      const entries = of('entry') as unknown as Entry[];
      expect(entries.some((e) => e.lines.length === 800)).to.equal(true);
      expect(entries.some((e) => e.lines.some((l) => l.amount === LARGEST_AMOUNT))).to.equal(true);
      expect(entries.some((e) => e.lines.some((l) => l.currencyAmount !== undefined))).to.equal(true);
      expect([...new Set(entries.map((e) => e.kind))]).to.include.members(['opening', 'closing']);
      expect([...new Set(of('counterparty').map((c) => c.type))]).to.include.members(['customer', 'supplier', 'employee', 'other']);
      expect(of('matching').some((m) => (m.items as unknown[]).length === 3)).to.equal(true);
      expect(puts.some((p) => p.silent)).to.equal(true);
      expect(ledger.steps.some((s) => s.sync === 'incremental' && s.changes.length === 0)).to.equal(true);
      expect(ledger.steps.some((s) => s.changes.some((c) => c.op === 'delete'))).to.equal(true);
      const all = puts.map((p) => String(p.record.id));
      expect(all.some((id) => /\s/.test(id) && /["'«]/.test(id) && /[^\x00-\x7f]/.test(id)) || (all.some((id) => /\s/.test(id)) && all.some((id) => /["']/.test(id)) && all.some((id) => /[^\x00-\x7f]/.test(id)))).to.equal(true);
      let rejected = 0;
      for (const replayed of replay(ledger)) rejected = Math.max(rejected, truthOf(ledger, replayed).rejected.length);
      expect(rejected).to.be.at.least(4);
      ids.add(ledger.dossier.id + JSON.stringify(entries.map((e) => e.id)));
    }
    expect(ids.size).to.equal(SEEDS.length);
  });

  it('pass the recorded-ledger example, every check, on a few seeds', async () => {
    const files = writeGeneratedLedgers(SEEDS);
    try {
      const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, ledgers: files, runtime: 'in-process', resumePageSize: 40 });
      expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.ledger} ${r.step} ${r.check}: ${r.message}`)).to.deep.equal([]);
      expect(report.ledgers).to.have.length(SEEDS.length);
    } finally {
      rmSync(dirname(files[0]), { recursive: true, force: true });
    }
  });
});
