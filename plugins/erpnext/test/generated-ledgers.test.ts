import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConformanceReport, formatReport, runConformance, writeGeneratedLedgers } from '@ledgersync/conformance';
import { ErpnextFixtureDriver } from '../src';

/*
 * The conformance suite on ledgers generated from fixed seeds (all of the format, never shaped to
 * ERPNext), on this machine's MariaDB. Small books keep it fast; the 800-line entry and the
 * 9·10¹¹-cent amount stay. What ERPNext cannot hold must be declared or skipped with its reason.
 */
describe('erpnext: conformance on generated ledgers (seeds 1, 2, 3)', function () {
  this.timeout(600_000);
  let report: ConformanceReport;
  let files: string[];

  before(async () => {
    files = writeGeneratedLedgers([1, 2, 3], { invoices: 12 });
    report = await runConformance({ plugin: join(__dirname, '..', '..'), driver: () => new ErpnextFixtureDriver({ logDeletions: true }), ledgers: files });
  });
  after(() => rmSync(dirname(files[0]), { recursive: true, force: true }));

  it('fails no check', () => {
    expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.ledger} ${r.step} ${r.check}: ${r.message}`), formatReport(report)).to.deep.equal([]);
    expect(report.passed).to.equal(true);
  });

  it('skips only what ERPNext cannot hold, each with step, entity, id and reason', () => {
    const reasons = new Set(report.skippedSteps.map((s) => s.reason.replace(/"[^"]*"/, '…')));
    // the one left: a kind outside the format (the bad-records step's "reversal"); GL is_opening is a Select of No/Yes (test/facts)
    expect([...reasons].sort()).to.deep.equal(['kind …: ERPNext marks an entry only as opening (GL is_opening, a Select of No/Yes) or closing (Period Closing Voucher)']);
    for (const skipped of report.skippedSteps) {
      expect(skipped.entity && skipped.id, JSON.stringify(skipped)).to.be.a('string');
      expect(['regular', 'opening', 'closing'], JSON.stringify(skipped)).not.to.include(/^kind "([^"]*)"/.exec(skipped.reason)?.[1]);
    }
  });

  it('runs the first full sync and the step with a payment settling two invoices: no ledger skips step 0, 1 or 2', () => {
    expect(report.skippedSteps.filter((s) => s.step <= 2), formatReport(report)).to.deep.equal([]);
    expect(formatReport(report)).not.to.include('Payment Ledger allocation');
  });

  it('lists its declared losses in the report, none of them money', () => {
    expect(report.driver.losses.map((l) => `${l.entity}.${l.field}`)).to.include.members(['entry.lines.description', 'counterparty.type']);
    expect(formatReport(report)).to.include('declared loss: entry.lines.description');
  });
});
