import { expect } from 'chai';
import { AdapterFactory } from '@ledgersync/sdk';
import { ConformanceReport, PUBLIC_LEDGERS, runConformance } from '../../src';
import { join } from 'node:path';
import { booksTwice, doubleCountsALine, dropsAField, dropsCurrencyAmount, ignoresDeletes, mergesClosingEntries } from '../support/broken-adapters';

/** Fails with every line when none matches: the test's output then shows what the suite said. */
function expectLine(lines: string[], pattern: RegExp): void {
  expect(lines.some((line) => pattern.test(line)), `no line matches ${pattern}:\n${lines.join('\n')}`).to.equal(true);
}

async function failuresOf(factory: AdapterFactory, ledger = PUBLIC_LEDGERS[0]): Promise<{ report: ConformanceReport; failed: string[] }> {
  // bakery-basic shows the first three defects (a hard delete, e-mail addresses, balanced entries); closed-period-edit has a proposal
  const report = await runConformance({ plugin: { factory, adapterId: 'broken' }, ledgers: [ledger] });
  const failed = report.results.filter((r) => r.status === 'failed').flatMap((r) => (r.details ?? [r.message]).map((detail) => `${r.ledger} step ${r.step} ${r.check}: ${detail}`));
  return { report, failed };
}

describe('conformance suite: deliberately broken adapters', function () {
  this.timeout(120_000);

  it('fails an adapter that ignores hard deletes, naming the deleted entry', async () => {
    const { report, failed } = await failuresOf(ignoresDeletes);
    expect(report.passed).to.equal(false);
    expectLine(failed, /bakery-basic step 2 records: .*entry VK-2025-0002: on the platform, but not a valid record of the source \(a delete not applied\?\)/);
  });

  it('fails an adapter that drops a field, naming entity, id and field', async () => {
    const { failed } = await failuresOf(dropsAField);
    expectLine(failed, /bakery-basic step 0 records: .*counterparty C001, field email: platform \(absent\), source "boekhouding@dezwaan.example"/);
  });

  it('fails an adapter that double-counts a line: the entries are quarantined though valid, and the trial balance is off', async () => {
    const { failed } = await failuresOf(doubleCountsALine);
    expectLine(failed, /bakery-basic step 0 bad-records: .*entry VK-2025-0001: quarantined \(LEDGER_UNBALANCED_ENTRY.*lines sum to 151250, not 0\), but the source's record is valid/);
    expectLine(failed, /bakery-basic step 0 records: .*entry VK-2025-0001: missing on the platform/);
    expectLine(failed, /bakery-basic step 0 figures: trial balance 400000: platform 0, source 202130/);
  });

  it('fails an adapter whose push books a proposal twice', async () => {
    const { failed } = await failuresOf(booksTwice, PUBLIC_LEDGERS[1]);
    expectLine(failed, /closed-period-edit step 2 proposals: proposal P-77 pushed again was booked a second time, as entry AK-P2 \(first AK-P1\): push must be idempotent per proposal id/);
  });

  // real-books-1.1 holds every addition of format 1.1 (not yet among the public ledgers)
  const realBooks = join(PUBLIC_LEDGERS[0], '..', 'real-books-1.1.json');

  it('fails an adapter that drops currencyAmount, naming the line and the open items in the transaction currency', async () => {
    const { report, failed } = await failuresOf(dropsCurrencyAmount, realBooks);
    expect(report.passed).to.equal(false);
    expectLine(failed, /real-books-1.1 step 0 records: .*entry VK-2024-001, field lines\[0\]\.currencyAmount: platform \(absent\), source 100000/);
    expectLine(failed, /real-books-1.1 step 0 figures: .*open items in the transaction currency C-ACME: platform \(none\), source USD 150000/);
    // until step 3 (where the dropped field lets a bad record through) the book-currency figures are right: only the 1.1 checks find the defect
    expect(failed.filter((line) => /step [012] figures: (trial balance|open items [A-Z])/.test(line))).to.deep.equal([]);
  });

  it('fails an adapter that merges closing entries into regular ones, naming the entry and the year result', async () => {
    const { report, failed } = await failuresOf(mergesClosingEntries, realBooks);
    expect(report.passed).to.equal(false);
    expectLine(failed, /real-books-1.1 step 1 records: .*entry MEM-2024-099, field kind: platform \(absent\), source "closing"/);
    expectLine(failed, /real-books-1.1 step 1 figures: .*year 2024 without its closing entries, account 700000: platform 0, source -139000/);
  });
});
