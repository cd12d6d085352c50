import { execFile } from 'node:child_process';
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
});
