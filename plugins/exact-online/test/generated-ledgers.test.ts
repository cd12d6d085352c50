import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConformanceReport, formatReport, runConformance, writeGeneratedLedgers } from '@ledgersync/conformance';
import { ExactOnlineFixtureDriver } from '../src/fixture';

/*
 * The conformance suite on ledgers generated from fixed seeds (all of the format, never shaped to
 * Exact), the division served by nock, in-process. Small books keep it fast; the 800-line entry
 * and the 9·10¹¹-cent amount stay. What Exact cannot hold must be declared or skipped with its reason.
 */
describe('exact-online: conformance on generated ledgers (seeds 1, 2, 3)', function () {
  this.timeout(600_000);
  let report: ConformanceReport;
  let files: string[];

  before(async () => {
    files = writeGeneratedLedgers([1, 2, 3], { invoices: 12 });
    report = await runConformance({ plugin: join(__dirname, '..', '..'), driver: () => new ExactOnlineFixtureDriver(), runtime: 'in-process', ledgers: files });
  });
  after(() => rmSync(dirname(files[0]), { recursive: true, force: true }));

  it('fails no check', () => {
    expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.ledger} ${r.step} ${r.check}: ${r.message}`), formatReport(report)).to.deep.equal([]);
    expect(report.passed).to.equal(true);
  });

  it('skips no step: what Exact holds its own way is declared', () => {
    expect(report.skippedSteps).to.deep.equal([]);
    expect(report.driver.losses.map((l) => `${l.entity}.${l.field}`)).to.include.members(['entry.kind', 'account.id', 'counterparty.type']);
    expect(formatReport(report)).to.include('declared loss: entry.kind');
  });
});
