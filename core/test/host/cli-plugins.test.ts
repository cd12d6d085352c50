import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURE_PLUGINS } from './helpers';

const CLI = resolve(__dirname, '../../src/cli/main.js');
const SECRET = 'cli-secret-value-42';

async function ledgersync(...args: string[]): Promise<{ stdout: string; code: number }> {
  const env = { ...process.env, LEDGERSYNC_SECRET_CLI_PASS: SECRET };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { stdout: failed.stdout, code: failed.code };
  }
}

describe('ledgersync plugins', function () {
  this.timeout(20_000);
  const dir = mkdtempSync(join(tmpdir(), 'ls-cli-'));
  const config = join(dir, 'connector.json');
  const state = join(dir, 'state', 'plugins.json');

  before(() => {
    writeFileSync(config, JSON.stringify({
      plugins: { folders: [FIXTURE_PLUGINS], stateFile: 'state/plugins.json' },
      connections: [
        { name: 'office-a', adapter: 'echo', configuration: { password: 'secret://cli-pass', count: 2 } },
        { name: 'office-b', adapter: 'echo', configuration: { count: 2 } },
      ],
    }));
  });

  it('lists plugins with engine, status, certificate, crashes; connections with secrets redacted', async () => {
    const { stdout, code } = await ledgersync('plugins', 'list', '--config', config);
    expect(code).to.equal(0);
    expect(stdout).to.match(/^ID\s+VERSION\s+ENGINE\s+STATUS\s+CERTIFICATE\s+ACTIVATION\s+CRASHES$/m);
    expect(stdout).to.match(/^echo\s+1\.2\.3\s+\^1\.0\.0\s+loaded\s+unsigned\s+-\s+0$/m);
    expect(stdout).to.match(/^engine-two\s+1\.2\.3\s+\^2\.0\.0\s+refused\s+not checked/m);
    expect(stdout).to.contain('engine-two: PLUGIN_ENGINE_MISMATCH: engine-two requires ledgersync ^2.0.0, host is 1.0.0');
    expect(stdout).to.contain('office-a (echo): ok\n    {"password":"***","count":2}');
    expect(stdout).to.contain('office-b (echo): PLUGIN_CONFIG_INVALID: echo, field password: is required');
    expect(stdout).to.not.contain(SECRET);
  });

  it('shows a quarantined plugin, and re-enables it with plugins enable', async () => {
    mkdirSync(join(dir, 'state'), { recursive: true });
    writeFileSync(state, JSON.stringify({ plugins: { exiter: { crashes: ['2026-11-28T12:00:00Z', '2026-11-28T12:01:00Z', '2026-11-28T12:02:00Z'], quarantined: { since: '2026-11-28T12:02:00Z', reason: 'exited (process.exit(3))' }, activationMs: 41.2 } } }));
    let listed = JSON.parse((await ledgersync('plugins', 'list', '--config', config, '--json')).stdout) as { plugins: Array<Record<string, unknown>> };
    expect(listed.plugins.find((plugin) => plugin.id === 'exiter')).to.include({ status: 'quarantined', reason: 'exited (process.exit(3))', crashes: 3, activationMs: 41.2 });

    expect(await ledgersync('plugins', 'enable', 'exiter', '--config', config)).to.deep.equal({ stdout: 'exiter re-enabled\n', code: 0 });
    listed = JSON.parse((await ledgersync('plugins', 'list', '--config', config, '--json')).stdout) as { plugins: Array<Record<string, unknown>> };
    expect(listed.plugins.find((plugin) => plugin.id === 'exiter')).to.include({ status: 'loaded', crashes: 0 });
  });

  it('activates plugins on request to measure activation time', async () => {
    const { stdout } = await ledgersync('plugins', 'list', '--plugins', join(FIXTURE_PLUGINS, 'other'), '--activate');
    expect(stdout).to.match(/^other\s+1\.2\.3\s+1\.x\s+active\s+unsigned\s+\d+ ms\s+0$/m);
  });

  it('explains its usage', async () => {
    const { stdout, code } = await ledgersync('plugins', 'enable');
    expect(code).to.equal(2);
    expect(stdout).to.contain('usage: ledgersync plugins list');
  });
});
