import { expect } from 'chai';
import { emptyLedgerState, Entry } from '@ledgersync/sdk';
import { diffStates, diffValues } from '../../src/checks/record-diff';

const entry: Entry = {
  id: 'VK-1', journalId: 'VK', fiscalYearId: '2026', periodId: '2026-01', number: '1', date: '2026-01-10', currency: 'EUR',
  lines: [{ line: 1, accountId: '400000', amount: 100 }, { line: 2, accountId: '700000', amount: -100 }],
};

describe('conformance suite: record differences', () => {
  it('names the path and both values of each differing field, absent fields included', () => {
    expect(diffValues({ ...entry, description: 'x' }, { ...entry, lines: [entry.lines[0], { ...entry.lines[1], amount: -90 }] }, '')).to.deep.equal([
      'description: platform "x", source (absent)',
      'lines[1].amount: platform -100, source -90',
    ]);
  });

  it('ignores the order in which lines arrive, and names missing and extra records', () => {
    const platform = emptyLedgerState();
    const truth = emptyLedgerState();
    platform.entry.set('VK-1', { ...entry, lines: [...entry.lines].reverse() });
    truth.entry.set('VK-1', entry);
    platform.entry.set('VK-9', { ...entry, id: 'VK-9' });
    truth.entry.set('VK-2', { ...entry, id: 'VK-2' });
    expect(diffStates(platform, truth)).to.deep.equal([
      'entry VK-2: missing on the platform',
      'entry VK-9: on the platform, but not a valid record of the source (a delete not applied?)',
    ]);
  });
});
