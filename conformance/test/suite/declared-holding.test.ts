import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeGeneratedLedgers } from '../../src/generate';
import { PUBLIC_LEDGERS, runConformance, SourceState, StepNotExpressibleError } from '../../src';
import { certificatePayload } from '../../src/certify/certify';
import { formatReport } from '../../src/report/text';
import { EXAMPLE_PLUGIN_DIR } from '../support/paths';
import { OdooLikeDriver } from '../support/odoo-like-driver';
import { odooLikePostgresAdapter, OdooLikePostgresDriver } from '../support/odoo-like-postgres';

describe('conformance suite: a package that holds the ledger its own way', function () {
  this.timeout(240_000);

  it('compares the platform with the ledger as the package holds it, and names driver, backend, losses and skipped steps', async () => {
    const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, driver: () => new OdooLikeDriver(), ledgers: PUBLIC_LEDGERS, runtime: 'in-process', resumePageSize: 50 });
    expect(report.results.filter((r) => r.status === 'failed')).to.deep.equal([]);
    expect(report.passed).to.equal(true);
    expect(report.driver).to.deep.include({ package: 'Odoo-like test package (integer keys, derived periods)', backend: 'source file (JSON)' });
    expect(report.driver.losses.map((l) => `${l.entity}.${l.field}`)).to.deep.equal(['entry.lines.description']);
    expect(report.skippedSteps).to.deep.equal([{ ledger: 'closed-period-edit', step: 2, entity: 'entry', id: report.skippedSteps[0].id, reason: 'the package books proposals only under its own integer ids' }]);
    const text = formatReport(report);
    expect(text).to.include('driver: Odoo-like test package (integer keys, derived periods), backend source file (JSON)');
    expect(text).to.include('declared loss: entry.lines.description: the package keeps one label per entry, not per line');
    expect(text).to.match(/step not expressible: closed-period-edit step 2 \(entry .+\): the package books proposals only/);
    const payload = certificatePayload(report);
    expect(payload.driver).to.deep.equal({ package: 'Odoo-like test package (integer keys, derived periods)', backend: 'source file (JSON)' });
    expect(payload.declaredLosses).to.have.length(1);
    expect(payload.skippedSteps).to.have.length(1);
  });

  it('holds a generated ledger of 18 non-calendar periods and awkward ids under integer keys and derived monthly periods', async () => {
    const files = writeGeneratedLedgers([5]);
    try {
      const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, driver: () => new OdooLikeDriver(), ledgers: files, runtime: 'in-process', resumePageSize: 40 });
      expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.step} ${r.check}: ${r.message}`)).to.deep.equal([]);
      expect(report.skippedSteps.map((s) => s.reason)).to.deep.equal(['the package books proposals only under its own integer ids']);
    } finally {
      rmSync(dirname(files[0]), { recursive: true, force: true });
    }
  });

  it('skips a first step the package cannot express, in the connection checks too, and goes on', async () => {
    class FirstStepRefused extends OdooLikeDriver {
      override async materialise(state: SourceState): Promise<void> {
        if (state.step === 0 && state.source.period.size > 0) throw new StepNotExpressibleError(0, 'period', [...state.source.period.keys()][0], 'the package derives its periods');
        return super.materialise(state);
      }
    }
    const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, driver: () => new FirstStepRefused(), ledgers: [PUBLIC_LEDGERS[0]], runtime: 'in-process', resumePageSize: 50 });
    expect(report.results.find((r) => r.check === 'connection')?.status).to.equal('passed');
    expect(report.skippedSteps.map((s) => [s.step, s.entity, s.reason])).to.deep.equal([[0, 'period', 'the package derives its periods']]);
    expect(report.results.filter((r) => r.check === 'records' && r.step === 0).map((r) => r.status)).to.include('skipped');
    expect(report.results.filter((r) => r.check === 'records' && r.step === 1).map((r) => r.status)).to.deep.equal(['passed']);
  });

  it('after a step the package cannot express, skips the ledger\'s own expected figures (they count the changes left out) instead of failing them', async () => {
    class StepOneRefused extends OdooLikeDriver {
      override async materialise(state: SourceState): Promise<void> {
        if (state.step === 1) throw new StepNotExpressibleError(1, 'entry', 'any', 'refused for the test');
        return super.materialise(state);
      }
    }
    const files = writeGeneratedLedgers([3], { invoices: 6, wideLines: 12 });
    try {
      const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, driver: () => new StepOneRefused(), ledgers: files, runtime: 'in-process', resumePageSize: 40 });
      const expects = report.results.filter((r) => r.check === 'expect');
      expect(expects.length).to.be.greaterThan(0);
      expect(expects.filter((r) => r.status !== 'skipped').map((r) => `${r.step} ${r.status}: ${r.message}`)).to.deep.equal([]);
      expect(expects[0].message).to.match(/count the changes of step 1, which the package cannot express/);
      expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.step} ${r.check}: ${r.message}`)).to.deep.equal([]);
    } finally {
      rmSync(dirname(files[0]), { recursive: true, force: true });
    }
  });

  it('on PostgreSQL: a SqlExtraction adapter over integer keys passes a public and a generated ledger, and every database is dropped (no adapter left connected)', async function () {
    const files = writeGeneratedLedgers([11]);
    try {
      const report = await runConformance({
        plugin: { factory: odooLikePostgresAdapter, adapterId: 'odoo-like-pg', config: { skip: { proposals: 'the test package books nothing' } } },
        driver: () => new OdooLikePostgresDriver(),
        ledgers: [PUBLIC_LEDGERS[0], ...files],
        runtime: 'in-process',
        resumePageSize: 40,
      });
      expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.ledger} ${r.step} ${r.check}: ${r.message}`)).to.deep.equal([]);
      expect(report.driver).to.deep.include({ backend: 'PostgreSQL' });
    } finally {
      rmSync(dirname(files[0]), { recursive: true, force: true });
    }
  });

  it('refuses a declared loss that would change money', async () => {
    const report = await runConformance({
      plugin: EXAMPLE_PLUGIN_DIR,
      driver: () => new OdooLikeDriver([{ entity: 'entry', field: 'lines.amount', reason: 'rounded to whole units' }]),
      ledgers: [PUBLIC_LEDGERS[0]],
      runtime: 'in-process',
    });
    expect(report.passed).to.equal(false);
    expect(report.results.find((r) => r.status === 'failed')?.message).to.match(/CONFORMANCE_DECLARATION_REFUSED: a declared loss may not change money: entry\.lines\.amount/);
  });
});
