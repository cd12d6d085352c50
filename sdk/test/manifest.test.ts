import { expect } from 'chai';
import { ManifestInvalidError, secretFields, validateManifest } from '../src';

const manifest = () => ({
  name: '@acme/ledgersync-plugin-demo',
  version: '1.2.0',
  main: 'dist/index.js',
  engines: { ledgersync: '^1.0.0' },
  ledgersync: {
    id: 'demo',
    activationEvents: ['onAdapter:demo'],
    contributes: {
      adapters: [{
        id: 'demo', displayName: 'Demo', package: 'Demo Books',
        configuration: { type: 'object', required: ['host'], properties: { host: { type: 'string' }, password: { type: 'string', secret: true } } },
      }],
    },
  },
});

describe('plugin manifest', () => {
  it('accepts a complete manifest', () => {
    expect(validateManifest(manifest()).ledgersync.id).to.equal('demo');
  });

  it('names the plugin and the field of a bad activation event', () => {
    const bad = manifest();
    bad.ledgersync.activationEvents = ['onSomething'];
    expect(() => validateManifest(bad)).to.throw(ManifestInvalidError, /PLUGIN_MANIFEST_INVALID: @acme\/ledgersync-plugin-demo: field ledgersync\.activationEvents\[0\]/);
  });

  it('requires engines.ledgersync', () => {
    const bad: Record<string, unknown> = manifest();
    bad.engines = {};
    expect(() => validateManifest(bad)).to.throw(ManifestInvalidError, /field engines\.ledgersync: is required/);
  });

  it('refuses two adapters with one id', () => {
    const bad = manifest();
    bad.ledgersync.contributes.adapters.push(bad.ledgersync.contributes.adapters[0]);
    expect(() => validateManifest(bad)).to.throw(ManifestInvalidError, /adapter id demo appears twice/);
  });

  it('lists the configuration fields marked secret', () => {
    expect(secretFields(manifest().ledgersync.contributes.adapters[0].configuration)).to.deep.equal(['password']);
  });
});
