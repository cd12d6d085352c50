import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

describe('ledgersync demo (npm start)', function () {
  this.timeout(60_000);

  it('plays both public ledgers night by night with plain lines off a terminal and ends with platform = source and the monitoring summary', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ls-demo-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'demo', '--dir', join(directory, '.ledgersync')]);
      expect(stdout).to.not.include('\x1b[');
      expect(stdout).to.match(/\[1\/9\] 2025-02-01 02:00 {2}Bakkerij Janssens BV: initial load/);
      for (const kind of ['full \\(manual\\)', 'incremental \\(nightly\\)', 'proposal \\(proposal\\)', 'skipped: probe unchanged', '1 proposal\\(s\\) booked']) expect(stdout).to.match(new RegExp(kind));
      expect(stdout).to.match(/tasks: 0 queued, 0 claimed, 0 running, \d+ succeeded, 0 failed, 0 cancelled/);
      expect(stdout).to.include('✓ Bakkerij Janssens BV (BE0412345678): 36 records, trial balance and open items equal the source');
      expect(stdout).to.include('✓ Schrijnwerkerij Peeters (BE0898765432)');
      expect(stdout).to.match(/monitoring page: http:\/\/127\.0\.0\.1:\d+\/monitoring/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('`demo --serve` survives a malformed URL (it died on it before), and a second run reuses its own folder', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ls-demo-serve-'));
    const child = spawn(process.execPath, [CLI, 'demo', '--serve', '--dir', join(directory, 'demo')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      for (let waited = 0; !output.includes('serving;') && waited < 50_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const url = /monitoring page: (http:\/\/127\.0\.0\.1:\d+)\/monitoring \(log in as demo, password \S+: made up for this run\)/.exec(output)?.[1];
      expect(url, output).to.be.a('string');
      expect((await fetch(`${url}/api/dossiers/%ZZ`)).status).to.equal(400);
      expect((await fetch(`${url}/login`)).status, 'still serving').to.equal(200);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      const again = await promisify(execFile)(process.execPath, [CLI, 'demo', '--dir', join(directory, 'demo')]);
      expect(again.stdout).to.match(/tasks: 0 queued, 0 claimed, 0 running, \d+ succeeded, 0 failed, 0 cancelled/);
    } finally {
      child.kill('SIGKILL');
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
