import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterFactory, generateRecordedLedger } from '@ledgersync/sdk';
import { ConformanceReport, runConformance } from '../../src';
import { incrementalAllowance } from '../../src/checks/incremental-cost';
import { exampleAdapter, withCapabilities } from '../support/capabilities';

/** The example adapter declaring no keys, digests or deletion log: the engine can only read everything. */
const readsEverything: AdapterFactory = (configuration) => withCapabilities(exampleAdapter(configuration), { keys: false, digests: false, deletedSince: [], probe: false });

const skip = { resumability: 'a thousand-entry ledger at one operation per page is the benchmark’s job' };

describe('conformance suite: incremental cost on a larger generated ledger', function () {
  this.timeout(180_000);
  let dir: string;
  let ledgerFile: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledgersync-cost-'));
    ledgerFile = join(dir, 'generated-1500.json');
    // three steps: the second incremental is measured (after the first, every record of the load ties with the watermark)
    const ledger = generateRecordedLedger({ seed: 42, entries: 1500, steps: 3, newEntriesPerStep: 4, changedPerStep: 4, deletesPerStep: 2, silentPerStep: 2, name: 'generated-1500' });
    writeFileSync(ledgerFile, JSON.stringify(ledger));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('allows a few percent of a full read at the benchmark’s size', () => {
    // 250,000 entries, 250 changed, 100 hard deletes, 10 silent edits, plus the dossier's smaller entities
    const recordsPerEntity = { fiscalYear: 1, period: 12, journal: 6, account: 60, counterparty: 6_000, entry: 250_000, matching: 60_000 };
    const allowance = incrementalAllowance({ changes: 360, sinceRows: 250, recordsPerEntity }, { level1Bits: 10, level2Bits: 15 });
    const fullRead = Object.values(recordsPerEntity).reduce((a, b) => a + b, 0);
    expect(allowance / fullRead).to.be.below(0.1);
    expect(allowance).to.be.above(360);
  });

  const costOf = (report: ConformanceReport) => report.costs.find((cost) => cost.step === 2)!;

  it('passes the engine reading by digests: a fraction of a full read', async () => {
    const report = await runConformance({ plugin: { factory: exampleAdapter, adapterId: 'recorded', config: { skip } }, ledgers: [ledgerFile] });
    const cost = costOf(report);
    expect(report.results.filter((r) => r.check === 'incremental-cost').map((r) => r.status)).to.deep.equal(['passed', 'passed']);
    expect(cost.rowsRead).to.be.below(cost.sourceRecords * 0.7);
    expect(cost.methods.entry).to.equal('digests');
  });

  it('fails an adapter that leaves the engine nothing but full reads, with the numbers', async () => {
    const report = await runConformance({ plugin: { factory: readsEverything, adapterId: 'reads-everything', config: { skip } }, ledgers: [ledgerFile] });
    const cost = costOf(report);
    expect(cost.methods.entry).to.equal('full-read');
    expect(cost.rowsRead).to.be.above(cost.allowance);
    const failed = report.results.find((r) => r.check === 'incremental-cost' && r.step === 2);
    expect(failed?.status).to.equal('failed');
    expect(failed?.message).to.match(new RegExp(`read ${cost.rowsRead} rows for ${cost.changes} change\\(s\\) \\(allowance ${cost.allowance}, full read ${cost.sourceRecords}\\)`));
    // everything else still holds: the adapter is correct, only expensive
    expect(report.results.filter((r) => r.status === 'failed').map((r) => r.check)).to.deep.equal(['incremental-cost']);
  });
});
