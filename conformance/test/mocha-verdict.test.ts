import { expect } from 'chai';
import { RecordedLedger } from '@ledgersync/sdk';
import { loadLedgers, PUBLIC_LEDGERS } from '../src';
import { notApplicable, verdictOf } from '../src/mocha-verdict';
import { CheckResult } from '../src/suite/types';

describe('conformance mocha front end: the verdict of one check', () => {
  const result = (status: CheckResult['status'], message = 'ok', ledger = 'bakery-basic'): CheckResult => ({ check: 'figures', status, ledger, step: 0, stepLabel: 'initial load', message });

  it('fails a check that produced no result at all, naming the check and the ledger (it used to show as pending)', () => {
    const verdict = verdictOf('figures', [{ ...result('passed'), check: 'records' }], 'bakery-basic');
    expect(verdict.kind).to.equal('empty');
    expect(verdict).to.have.property('message').that.contains('figures on bakery-basic produced no result');
  });

  it('fails a check with any failed result, whatever else passed', () => {
    const verdict = verdictOf('figures', [result('passed'), result('failed', 'trial balance differs'), result('skipped', 'why')], 'bakery-basic');
    expect(verdict.kind).to.equal('failed');
    expect(verdict).to.have.property('failures').with.length(1);
  });

  it('skips a check only when every result is skipped, with each distinct written reason', () => {
    expect(verdictOf('figures', [result('skipped', 'no API'), result('skipped', 'no API')], 'bakery-basic')).to.deep.equal({ kind: 'skipped', reasons: ['no API'] });
    expect(verdictOf('figures', [result('skipped', 'no API'), result('passed')], 'bakery-basic')).to.deep.equal({ kind: 'passed' });
  });

  it('counts only the results of its own ledger', () => {
    expect(verdictOf('figures', [result('failed', 'x', 'other')], 'bakery-basic').kind).to.equal('empty');
    expect(verdictOf('figures', [result('passed', 'x', 'other')]).kind).to.equal('passed');
  });

  it('finds proposals not applicable to a ledger without a proposal step, and applicable where there is one', () => {
    const byName = new Map(loadLedgers(PUBLIC_LEDGERS).map(({ ledger }) => [ledger.name, ledger]));
    expect(notApplicable('proposals', byName.get('bakery-basic')!)).to.equal('bakery-basic has no step with proposals');
    expect(notApplicable('proposals', byName.get('closed-period-edit')!)).to.equal(undefined);
    for (const ledger of byName.values()) for (const check of ['records', 'figures', 'idempotency', 'bad-records'] as const) expect(notApplicable(check, ledger), `${check} on ${ledger.name}`).to.equal(undefined);
    const bare: RecordedLedger = { ...byName.get('bakery-basic')!, steps: byName.get('bakery-basic')!.steps.map(({ expect: _, ...step }) => ({ ...step, sync: 'full' as const })) };
    expect(notApplicable('expect', bare)).to.equal('bakery-basic has no step with expect figures');
    expect(notApplicable('incremental-cost', bare)).to.equal('bakery-basic has no incremental sync');
  });
});
