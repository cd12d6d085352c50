import { expect } from 'chai';
import fc from 'fast-check';
import { portalFigures, SourceLedgerState, validState } from '@ledgersync/sdk';
import { sourceState } from './arbitraries';
import { expectAgreesWithOracle } from './compare';
import { oracleFigures, oracleValidState } from './oracle';
import { runs } from './runs';

describe('the SDK\'s validState and portal figures against the oracle', () => {
  it('agree on random source states: records held, records reported and why, trial balance and open items', () => {
    fc.assert(
      fc.property(sourceState, (source) => {
        const sdk = validState('D1', source as unknown as SourceLedgerState, { bookCurrency: 'EUR' });
        const oracle = oracleValidState(source, { bookCurrency: 'EUR' });
        expectAgreesWithOracle(sdk.state, sdk.rejected.map((e) => e.toJSON()), oracle, 'SDK');
        const figures = portalFigures(sdk.state);
        expect(figures).to.deep.equal(oracleFigures(oracle.valid));
      }),
      runs(1_000, 50_000),
    );
  });
});
