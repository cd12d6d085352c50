import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateRecordedLedger } from '@ledgersync/sdk';
import { ConformanceReport } from '../../src';
import { copyExamplePlugin, ledgersync, removeTestFolder } from '../support/cli';
import { BAD_RECORDS_LEDGER, EXAMPLE_PLUGIN_DIR } from '../support/paths';

describe('ledgersync conformance (CLI)', function () {
  this.timeout(120_000);
  const cleanup: string[] = [];
  after(() => cleanup.forEach(removeTestFolder));

  it('accepts ledgers it has never seen: a hand-written one with bad records and a generated one', async () => {
    const dir = copyExamplePlugin();
    cleanup.push(dirname(dir));
    const generated = join(dir, 'generated.json');
    writeFileSync(generated, JSON.stringify(generateRecordedLedger({ seed: 20261128, entries: 20, steps: 3, name: 'generated-for-cli' })));
    const { code, stdout, stderr } = await ledgersync(['conformance', EXAMPLE_PLUGIN_DIR, '--ledger', BAD_RECORDS_LEDGER, '--ledger', generated, '--json']);
    const report = JSON.parse(stdout) as ConformanceReport;
    // progress off a terminal: a plain line per ledger on stderr, and the count at the end; no bar, no ANSI
    expect(stderr).to.include('[1/2] ledger garage-bad-records\n[2/2] ledger generated-for-cli\n');
    expect(stderr).to.include(`${report.results.length} check result(s), 0 failed\n`);
    expect(stderr).not.to.match(/\u001b\[/);
    expect(report.ledgers).to.deep.equal(['garage-bad-records (garage-bad-records.json)', 'generated-for-cli (generated.json)']);
    expect(report.results.filter((r) => r.status === 'failed')).to.deep.equal([]);
    expect(code).to.equal(0);
    expect(report.runtime.kind).to.equal('isolated');
    const quarantined = report.results.find((r) => r.check === 'bad-records' && r.ledger === 'garage-bad-records' && r.step === 2);
    expect(quarantined?.message).to.include('matching M1 (field items[1].entryId)');
    expect(report.costs.map((c) => `${c.ledger} ${c.step}`)).to.deep.equal(['garage-bad-records 1', 'garage-bad-records 2', 'generated-for-cli 1', 'generated-for-cli 2']);
  });

  it('--generate <seed> replays a ledger generated from the seed, through the plugin host, after the ledgers given', async () => {
    const { code, stdout } = await ledgersync(['conformance', EXAMPLE_PLUGIN_DIR, '--ledger', BAD_RECORDS_LEDGER, '--generate', '7', '--json']);
    const report = JSON.parse(stdout) as ConformanceReport;
    expect(report.ledgers).to.deep.equal(['garage-bad-records (garage-bad-records.json)', 'generated-7 (generated-7.json)']);
    expect(report.results.filter((r) => r.status === 'failed')).to.deep.equal([]);
    expect(code).to.equal(0);
  });

  it('prints a readable report and exits 1 when a check fails, pointing at the defect', async () => {
    const dir = copyExamplePlugin();
    cleanup.push(dirname(dir));
    const adapterJs = join(dir, 'dist', 'src', 'adapter.js');
    // the defect: every counterparty loses its e-mail address on the way out
    writeFileSync(adapterJs, readFileSync(adapterJs, 'utf8').replace('for (const row of rows) {', "for (const row of rows) {\n            if (entity === 'counterparty' && row.record) { const { email, ...rest } = row.record; row.record = rest; }"));
    const { code, stdout } = await ledgersync(['conformance', dir, '--ledger', BAD_RECORDS_LEDGER]);
    expect(code).to.equal(1);
    expect(stdout).to.match(/FAIL records +the platform holds exactly the source’s valid records: counterparty K2, field email: platform \(absent\), source "info@goossens.example"/);
    expect(stdout).to.match(/^FAILED: \d+ passed, \d+ failed, 0 skipped$/m);
  });

  it('fails a plugin that logs its secret, naming the field and never repeating the value', async () => {
    const dir = copyExamplePlugin();
    cleanup.push(dirname(dir));
    const pluginJs = join(dir, 'dist', 'src', 'plugin.js');
    writeFileSync(pluginJs, readFileSync(pluginJs, 'utf8').replace("{ source: sourceFile ?? ledger }", '{ source: sourceFile ?? ledger, token: configuration.accessToken }'));
    // in-process: the plugin host scrubs secret values from what plugins log, so the leak would not get out there
    const { code, stdout } = await ledgersync(['conformance', dir, '--ledger', BAD_RECORDS_LEDGER, '--json', '--in-process']);
    expect(code).to.equal(1);
    const report = JSON.parse(stdout) as ConformanceReport;
    const secrets = report.results.find((r) => r.check === 'secrets');
    expect(secrets?.status).to.equal('failed');
    expect(secrets?.message).to.match(/the value of configuration field accessToken appears in captured output \d+/);
    expect(stdout).to.not.match(/ls-secret-/);
  });

  it('refuses a file that is not a recorded ledger, naming the file and the field', async () => {
    const dir = copyExamplePlugin();
    cleanup.push(dirname(dir));
    const bad = join(dir, 'not-a-ledger.json');
    writeFileSync(bad, JSON.stringify({ format: 'ledgersync/recorded-ledger@1', name: 'x', dossier: { id: 'D', name: 'D', currency: 'EUR', country: 'BE' } }));
    const { code, stderr } = await ledgersync(['conformance', dir, '--ledger', bad]);
    expect(code).to.equal(1);
    expect(stderr).to.include('RECORDED_LEDGER_INVALID').and.include('not-a-ledger.json').and.include('steps');
  });

  it('exits 2 with the usage on a bad command line', async () => {
    const { code, stderr } = await ledgersync(['conformance']);
    expect(code).to.equal(2);
    expect(stderr).to.include('usage: ledgersync conformance <plugin folder>');
  });
});
