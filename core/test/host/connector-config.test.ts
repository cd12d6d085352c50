import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostOptionsFromConfig, readConnectorConfig } from '../../src/host';

describe('connector configuration: what the operator grants plugins', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ls-connector-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (config: unknown): string => {
    const file = join(dir, 'connector.json');
    writeFileSync(file, JSON.stringify(config));
    return file;
  };

  it('takes permissions, scratch root and watchdog limits, paths relative to the file', () => {
    const file = write({
      plugins: {
        folders: ['plugins'],
        limits: { memoryMb: 128, rssMb: 256, scratchMb: 32 },
        permissions: { 'generic-sql': { nativeAddons: true, readPaths: ['ledgers'], writePaths: ['/srv/out'] } },
        scratchRoot: 'state/scratch',
      },
    });
    const options = hostOptionsFromConfig(file);
    expect(options.limits).to.deep.equal({ memoryMb: 128, rssMb: 256, scratchMb: 32 });
    expect(options.permissions).to.deep.equal({ 'generic-sql': { nativeAddons: true, readPaths: [join(dir, 'ledgers')], writePaths: ['/srv/out'] } });
    expect(options.scratchRoot).to.equal(join(dir, 'state', 'scratch'));
  });

  it('refuses a permission it does not know, naming the field', () => {
    const file = write({ plugins: { permissions: { 'generic-sql': { childProcesses: true } } } });
    expect(() => readConnectorConfig(file)).to.throw(/^CONNECTOR_CONFIG_INVALID: .*connector\.json: field plugins\.permissions\.generic-sql/);
  });
});
