import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

/** The parameter names of an exported function, as its source declares them. */
function parametersOf(file: string, name: string): string[] {
  const declaration = new RegExp(`export function ${name}\\(([^)]*)\\)`).exec(readFileSync(join(REPO_ROOT, file), 'utf8'));
  if (!declaration) throw new Error(`${file} declares no function ${name}`);
  return declaration[1].split(',').map((parameter) => parameter.split(':')[0].trim().replace(/\?$/, ''));
}

describe('the README’s signatures', () => {
  it('calls truthOf with the parameters the SDK declares', () => {
    const declared = parametersOf('sdk/src/recorded/replay.ts', 'truthOf');
    for (const doc of ['README.md', 'docs/sdk.md']) {
      const calls = [...readFileSync(join(REPO_ROOT, doc), 'utf8').matchAll(/`truthOf\(([^)`]*)\)/g)].map((call) => call[1].split(',').map((arg) => arg.trim()));
      expect(calls.length, doc).to.be.greaterThan(0);
      for (const args of calls) expect(args, doc).to.deep.equal(declared);
    }
  });
});
