import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterFactory, generateRecordedLedger } from '@ledgersync/sdk';
import { ConformanceReport, runConformance } from '../../src';
import { incrementalAllowance } from '../../src/checks/incremental-cost';
import { exampleAdapter, withCapabilities } from '../support/capabilities';
import { PUBLIC_LEDGERS } from '../../src';

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
    // step 1 follows a load whose every record carries one marker: the inclusive `since` would re-read
    // all of them (3,335 against a full read of 2,130, failed, before the engine skipped that listing
    // on digest nights); it now costs the walk of the digests alone (1,015); step 2 is a normal night
    expect(report.results.filter((r) => r.check === 'incremental-cost').map((r) => r.status)).to.deep.equal(['passed', 'passed']);
    const afterLoad = report.costs.find((c) => c.step === 1)!;
    expect(afterLoad.sinceRows, 'the load ties with the watermark').to.be.above(afterLoad.fullRead * 0.9);
    expect(afterLoad.cost).to.be.below(afterLoad.fullRead * 0.6);
    expect(cost.cost).to.be.below(cost.fullRead * 0.7);
    expect(cost.methods.entry).to.equal('digests');
  });

  it('fails an adapter that leaves the engine nothing but full reads, with the numbers', async () => {
    const report = await runConformance({ plugin: { factory: readsEverything, adapterId: 'reads-everything', config: { skip } }, ledgers: [ledgerFile] });
    const cost = costOf(report);
    expect(cost.methods.entry).to.equal('full-read');
    expect(cost.cost).to.be.above(cost.allowance);
    const failed = report.results.find((r) => r.check === 'incremental-cost' && r.step === 2);
    expect(failed?.status).to.equal('failed');
    expect(failed?.message).to.include(`cost ${cost.cost} at the source (${cost.rowsRead} rows, keys and digests, ${cost.calls} calls) for ${cost.changes} change(s) (allowance ${cost.allowance}, full read ${cost.fullRead})`);
    // everything else still holds: the adapter is correct, only expensive
    expect(report.results.filter((r) => r.status === 'failed').map((r) => r.check)).to.deep.equal(['incremental-cost']);
  });
});

describe('conformance suite: incremental cost counted at the source, on a small ledger', function () {
  this.timeout(120_000);
  const skip = { resumability: 'not under test here' };
  /**
   * Keys and a marker listing, no digests, and no silent changes declared: the key scan may then see
   * markers only, so the engine keeps the inclusive listing, and every night after the load re-reads
   * the ties at the watermark and then lists every key again.
   */
  const keysOnly: AdapterFactory = (configuration) => withCapabilities(exampleAdapter(configuration), { digests: false, deletedSince: [], silentChangesPossible: [] });
  /** Keys where silent changes are possible: fingerprints find a later tie, so the engine skips the listing; about a full read. */
  const keysWithSilent: AdapterFactory = (configuration) => withCapabilities(exampleAdapter(configuration), { digests: false, deletedSince: [] });

  it('counts every row, key and digest the source streamed back, and every call', async () => {
    const report = await runConformance({ plugin: { factory: exampleAdapter, adapterId: 'recorded', config: { skip } }, ledgers: [PUBLIC_LEDGERS[0]], runtime: 'in-process' });
    const cost = report.costs[0];
    expect(cost.calls).to.be.at.least(7);
    expect(cost.cost).to.equal(cost.rowsRead + cost.calls);
    // the night after the load: every record ties with the watermark, and none is listed again
    expect(cost.sinceRows, 'records at or after the watermark').to.be.above(cost.fullRead * 0.7);
    expect(cost.cost).to.be.below(cost.fullRead);
    expect(cost.cost).to.be.at.most(cost.allowance);
  });

  it('passes a keys-only adapter whose keys carry fingerprints at about a full read', async () => {
    const report = await runConformance({ plugin: { factory: keysWithSilent, adapterId: 'keys-fingerprints', config: { skip } }, ledgers: [PUBLIC_LEDGERS[0]], runtime: 'in-process' });
    for (const cost of report.costs) {
      expect(cost.methods.entry).to.equal('keys');
      expect(cost.cost, `step ${cost.step}`).to.be.below(cost.fullRead * 1.3);
    }
    expect(report.results.filter((r) => r.status === 'failed')).to.deep.equal([]);
  });

  it('fails a keys-only adapter whose night costs about twice a full read', async () => {
    const report = await runConformance({ plugin: { factory: keysOnly, adapterId: 'keys-only', config: { skip } }, ledgers: [PUBLIC_LEDGERS[0]], runtime: 'in-process' });
    const cost = report.costs[0];
    expect(cost.methods.entry).to.equal('keys');
    expect(cost.cost).to.be.above(cost.fullRead * 2);
    expect(report.results.filter((r) => r.check === 'incremental-cost').map((r) => r.status)[0]).to.equal('failed');
    expect(new Set(report.results.filter((r) => r.status === 'failed').map((r) => r.check))).to.deep.equal(new Set(['incremental-cost']));
  });
});
