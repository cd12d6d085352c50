import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { prepareDemoDirectory } from '../../src/orchestration/demo/demo-directory';
import { runDemo } from '../../src/orchestration/demo/run-demo';
import { Platform } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';

const CLI = resolve(__dirname, '../../src/cli/main.js');

/** Runs the CLI; `input` goes to stdin. Gives up after 15 s (a hang is a failure, not a stuck suite). */
function ledgersync(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr: `${stderr}${(error as { killed?: boolean })?.killed ? '(killed: it hung)' : ''}` });
    });
    child.stdin?.end(input ?? '');
  });
}

describe('ledgersync platform and the CLI fixes of issue 17', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'ls-platform-cli-'));
  const database = `sqlite:${join(dir, 'platform.db')}`;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a mistyped database path instead of creating a new store; --create makes one', async () => {
    const mistyped = await ledgersync(['platform', 'connectors', 'add', 'office-1', '--database', `sqlite:${join(dir, 'platfrom.db')}`]);
    expect(mistyped.code).to.equal(1);
    expect(mistyped.stderr).to.match(/PLATFORM_DATABASE_MISSING: no platform database at .*platfrom\.db \(check the path, or pass --create/);
    expect(existsSync(join(dir, 'platfrom.db'))).to.equal(false);
    const created = await ledgersync(['platform', 'connectors', 'add', 'office-1', '--database', database, '--create']);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.match(/^lsc:office-1:[A-Za-z0-9_-]{43}\n$/);
  });

  it('issues, assigns, lists and revokes: the credential authenticates until revoked, and only its digest is stored', async () => {
    const { stdout: credential } = await ledgersync(['platform', 'connectors', 'add', 'office-2', '--database', database]);
    expect((await ledgersync(['platform', 'connectors', 'assign', 'office-2', 'D1', 'D2', '--database', database])).code).to.equal(0);
    const listed = JSON.parse((await ledgersync(['platform', 'connectors', 'list', '--json', '--database', database])).stdout) as { connectorId: string; dossiers: string[]; revokedAt: string | null }[];
    expect(listed.find((c) => c.connectorId === 'office-2')).to.deep.include({ dossiers: ['D1', 'D2'], revokedAt: null });
    const platform = await Platform.open({ client: 'sqlite', filename: join(dir, 'platform.db') });
    try {
      expect(await platform.connectors.authenticate(credential.trim())).to.equal('office-2');
      const rows = JSON.stringify(await platform.db('pf_connector_credentials').select());
      expect(rows).to.not.include(credential.trim().split(':')[2]);
      expect((await ledgersync(['platform', 'connectors', 'revoke', 'office-2', '--database', database])).code).to.equal(0);
      let refused: unknown;
      await platform.connectors.authenticate(credential.trim()).catch((error: unknown) => (refused = error));
      expect((refused as { code: string }).code).to.equal('PLATFORM_UNAUTHORIZED');
    } finally {
      await platform.close();
    }
  });

  it('adds an accountant with the password from stdin, issues and revokes API tokens', async () => {
    const added = await ledgersync(['platform', 'accountants', 'add', 'anna', '--database', database], 'a long enough password\n');
    expect(added.code, added.stderr).to.equal(0);
    const token = (await ledgersync(['platform', 'accountants', 'token', 'anna', '--database', database])).stdout.trim();
    expect(token).to.match(/^lsa:anna:/);
    const listed = await ledgersync(['platform', 'accountants', 'list', '--database', database]);
    expect(listed.stdout).to.match(/^anna\s+\S+\s+1$/m);
    expect((await ledgersync(['platform', 'accountants', 'revoke-tokens', 'anna', '--database', database])).stdout).to.equal('revoked 1 token(s) of anna\n');
  });

  it('`tasks --database` on a file that is not a database says so and exits (it hung after the error before)', async () => {
    const notDb = join(dir, 'not-a-database.db');
    writeFileSync(notDb, 'this is not SQLite\n'.repeat(100));
    const result = await ledgersync(['tasks', '--database', `sqlite:${notDb}`]);
    expect(result.stderr).to.not.include('killed');
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/PLATFORM_DATABASE_UNUSABLE: .*not-a-database\.db is not a platform database/);
  });

  it('`demo --dir` refuses a folder with files it did not create, and deletes nothing', async () => {
    const folder = join(dir, 'precious');
    mkdirSync(folder);
    writeFileSync(join(folder, 'thesis.txt'), 'four years of work');
    let refused: unknown;
    await runDemo({ directory: folder, ledgers: publicLedgers().slice(0, 1), progress: { step: () => undefined, page: () => undefined, line: () => undefined, end: () => undefined } }).catch((error: unknown) => (refused = error));
    expect((refused as { code: string }).code).to.equal('DEMO_DIRECTORY_NOT_OURS');
    expect((refused as Error).message).to.include(folder);
    expect(readdirSync(folder)).to.deep.equal(['thesis.txt']);
    // a folder an earlier demo wrote (its stores only, from before the marker) is still the demo's own
    const earlier = join(dir, 'earlier-demo');
    mkdirSync(earlier);
    for (const name of ['platform.db', 'platform.db-wal', 'connector-state.db', 'plugins.json']) writeFileSync(join(earlier, name), '');
    prepareDemoDirectory(earlier);
    expect(readdirSync(earlier)).to.deep.equal(['.ledgersync-demo']);
  });

  it('`plugins list --plugins <missing>` fails naming the folder (it listed nothing and exited 0 before)', async () => {
    const result = await ledgersync(['plugins', 'list', '--plugins', join(dir, 'plugnis')]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include(`no such folder: ${join(dir, 'plugnis')}`);
  });

  it('`verify <missing>` says the folder is missing, not "unsigned"', async () => {
    const result = await ledgersync(['verify', join(dir, 'no-plugin-here'), '--trust', CLI]);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.not.include('unsigned');
    expect(result.stderr).to.include(`no plugin folder at ${join(dir, 'no-plugin-here')}`);
  });

  it('`plugins list --activate` says why an activation failed', async () => {
    const plugins = join(dir, 'plugins');
    mkdirSync(join(plugins, 'broken'), { recursive: true });
    writeFileSync(join(plugins, 'broken', 'package.json'), JSON.stringify({
      name: '@fixtures/broken', version: '1.0.0', main: 'index.js', engines: { ledgersync: '^1.0.0' },
      ledgersync: { id: 'broken', activationEvents: ['onAdapter:broken'], contributes: { adapters: [{ id: 'broken', displayName: 'broken', package: 'test', configuration: { type: 'object' } }] } },
    }));
    writeFileSync(join(plugins, 'broken', 'index.js'), "'use strict';\nexports.activate = () => { throw new Error('the licence file is missing'); };\n");
    const result = await ledgersync(['plugins', 'list', '--plugins', plugins, '--activate']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/activation failed:\n  broken: .*the licence file is missing/);
  });
});
