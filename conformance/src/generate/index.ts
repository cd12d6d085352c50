import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLedger, GeneratedLedgerOptions } from './generate-ledger';

export { generateLedger, GeneratedLedgerOptions } from './generate-ledger';
export { LARGEST_AMOUNT } from './entries';

/** Writes the ledger of each seed into a temp folder of its own; returns the files (for `--generate <seed>`). */
export function writeGeneratedLedgers(seeds: number[], options?: GeneratedLedgerOptions): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ledgersync-generated-'));
  return seeds.map((seed) => {
    const file = join(dir, `generated-${seed}.json`);
    writeFileSync(file, `${JSON.stringify(generateLedger(seed, options), null, 1)}\n`);
    return file;
  });
}
