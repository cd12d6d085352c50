import { join } from 'node:path';

/*
 * The example adapter runs the whole conformance suite against both public ledgers, through the
 * real diff engine. It loads the suite at run time rather than importing its types: the suite's
 * recorded-ledger fixture driver builds on this package, so a compile-time reference back would
 * be a cycle. A third-party adapter simply writes `import { conformance } from '@ledgersync/conformance'`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { conformance } = require('@ledgersync/conformance') as { conformance(options: { plugin: string; title?: string; ledgers?: string[] }): void };

conformance({ plugin: join(__dirname, '..', '..'), title: 'recorded-ledger example adapter: conformance' });

// real-books-1.1 (every addition of format 1.1) is not yet among the public ledgers every adapter runs
conformance({
  plugin: join(__dirname, '..', '..'),
  title: 'recorded-ledger example adapter: conformance on real-books-1.1',
  ledgers: [join(__dirname, '..', '..', '..', '..', 'conformance', 'ledgers', 'real-books-1.1.json')],
});
