import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixtureDriver, runConformance } from '../../src';
import { ledgersync, removeTestFolder } from '../support/cli';
import { REPO_ROOT } from '../support/paths';

/** Compiles a scaffolded package with the workspace's TypeScript, as its `npm test` does. */
function compile(dir: string): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { stdio: 'pipe' });
}

function driverOf(dir: string): () => FixtureDriver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(dir, 'dist', 'test', 'fixture-driver.js')) as { createFixtureDriver: () => FixtureDriver }).createFixtureDriver;
}

describe('ledgersync new adapter (CLI)', function () {
  this.timeout(180_000);
  let root: string;
  let dir: string;

  before(async () => {
    // the scaffold's parent links the workspace's node_modules: what `npm install` gives a developer
    root = mkdtempSync(join(tmpdir(), 'ledgersync-scaffold-'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    dir = join(root, 'acme-books');
    const created = await ledgersync(['new', 'adapter', 'acme-books', '--dir', dir]);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.include('src/adapter.ts').and.include('test/fixture-driver.ts').and.include('test/conformance.test.ts');
    compile(dir);
  });

  after(() => removeTestFolder(root));

  it('writes a plugin package with a valid manifest, named after the adapter', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).to.deep.include({ name: 'ledgersync-adapter-acme-books', main: 'dist/src/plugin.js' });
    expect(manifest.ledgersync.contributes.adapters[0]).to.include({ id: 'acme-books', displayName: 'Acme Books' });
    expect(readFileSync(join(dir, 'src', 'adapter.ts'), 'utf8')).to.include('export class AcmeBooksAdapter implements ExtractionAdapter');
  });

  it('passes the whole suite as generated, on the recorded-ledger backend, through the plugin host', async () => {
    const report = await runConformance({ plugin: dir, driver: driverOf(dir) });
    expect(report.results.filter((r) => r.status === 'failed')).to.deep.equal([]);
    expect(report.passed).to.equal(true);
    expect(report.runtime.kind).to.equal('isolated');
    expect(report.results.filter((r) => r.check === 'proposals' && r.status === 'passed')).to.have.length(1);
  });

  it('fails usefully once pointed at the real backend: the report names the method still to write', async () => {
    process.env.ACME_BOOKS_BACKEND = 'database';
    try {
      const report = await runConformance({ plugin: dir, driver: driverOf(dir), ledgers: [join(REPO_ROOT, 'conformance', 'ledgers', 'bakery-basic.json')] });
      expect(report.passed).to.equal(false);
      const connection = report.results.find((r) => r.check === 'connection');
      expect(connection?.status).to.equal('failed');
      expect(connection?.message).to.match(/^a good configuration failed to connect: ACME_BOOKS_NOT_IMPLEMENTED: .*dossiers\(\) is not written yet \(src\/backends\/database\.ts\)$/);
      const secrets = report.results.find((r) => r.check === 'secrets');
      expect(secrets?.status, secrets?.message).to.equal('passed');
    } finally {
      delete process.env.ACME_BOOKS_BACKEND;
    }
  });

  it('`ledgersync conformance` uses the fixture driver the package names, and so follows it to the real backend', async () => {
    const bakery = join(REPO_ROOT, 'conformance', 'ledgers', 'bakery-basic.json');
    const recorded = await ledgersync(['conformance', dir, '--ledger', bakery]);
    expect(recorded.code, recorded.stdout).to.equal(0);
    const database = await ledgersync(['conformance', dir, '--ledger', bakery], { ACME_BOOKS_BACKEND: 'database' });
    expect(database.code).to.equal(1);
    expect(database.stdout).to.match(/FAIL connection +a good configuration failed to connect: .*dossiers\(\) is not written yet \(src\/backends\/database\.ts\)/);
  });

  it('has a mocha configuration of its own, so that a repository’s .mocharc.json above it never adds its tests to the scaffold’s', () => {
    const config = JSON.parse(readFileSync(join(dir, '.mocharc.json'), 'utf8'));
    expect(config.spec).to.deep.equal(['dist/test/**/*.test.js']);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.test).to.equal('tsc -p . && mocha');
  });

  it('installs and passes its own suite in an empty folder outside the repository (npm install, npm test)', function () {
    this.timeout(600_000);
    const outside = mkdtempSync(join(tmpdir(), 'ledgersync-outside-'));
    try {
      const target = join(outside, 'acme');
      execFileSync(process.execPath, [join(REPO_ROOT, 'core', 'dist', 'src', 'cli', 'main.js'), 'new', 'adapter', 'acme', '--dir', target], { cwd: outside, stdio: 'pipe' });
      const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
      expect(manifest.devDependencies['@ledgersync/conformance']).to.equal(`file:${join(REPO_ROOT, 'conformance')}`);
      const npm = (args: string[]) => spawnSync('npm', args, { cwd: target, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
      const install = npm(['install', '--prefer-offline']);
      expect(install.status, install.stderr).to.equal(0);
      const test = npm(['test']);
      expect(test.status, test.stdout.slice(-3000)).to.equal(0);
      expect(test.stdout).to.match(/\d+ passing/).and.not.match(/failing/);
    } finally {
      removeTestFolder(outside);
    }
  });

  it('refuses a name that cannot be an adapter id, and a folder that is not empty', async () => {
    const badName = await ledgersync(['new', 'adapter', 'Acme_Books', '--dir', join(root, 'x')]);
    expect(badName.code).to.equal(2);
    expect(badName.stderr).to.include('SCAFFOLD_REFUSED: adapter name "Acme_Books"');
    const taken = await ledgersync(['new', 'adapter', 'acme-books', '--dir', dir]);
    expect(taken.code).to.equal(2);
    expect(taken.stderr).to.include('exists and is not empty');
  });
});
