import { expect } from 'chai';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecordedLedger, readRecordedLedgerFile, RecordedLedgerError } from '../src';
import { PUBLIC_LEDGERS } from './paths';

describe('recorded-ledger reader', () => {
  const json = () => JSON.parse(readFileSync(PUBLIC_LEDGERS[0], 'utf8'));

  it('accepts both public ledgers', () => {
    for (const file of PUBLIC_LEDGERS) expect(readRecordedLedgerFile(file).steps.length).to.be.greaterThan(0);
  });

  it('accepts a put of a record that breaks the model: that is for the engine to quarantine', () => {
    const ledger = json();
    ledger.steps[0].changes.push({ op: 'put', entity: 'account', record: { id: 'X', reconcilable: 'yes' } });
    expect(() => parseRecordedLedger(ledger)).not.to.throw();
  });

  it('rejects a file of another format, naming the field', () => {
    const ledger = json();
    ledger.format = 'something-else';
    expect(() => parseRecordedLedger(ledger, 'x.json')).to.throw(RecordedLedgerError, /RECORDED_LEDGER_INVALID: x.json, format/);
  });

  it('rejects an unknown sync kind at its path', () => {
    const ledger = json();
    ledger.steps[1].sync = 'weekly';
    expect(() => parseRecordedLedger(ledger, 'x.json')).to.throw(RecordedLedgerError, /steps\[1\]\.sync/);
  });

  it('rejects steps whose clock does not move forward', () => {
    const ledger = json();
    ledger.steps[2].at = ledger.steps[1].at;
    expect(() => parseRecordedLedger(ledger, 'x.json')).to.throw(RecordedLedgerError, /steps\[2\]\.at/);
  });

  it('says which file is not JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'broken.json');
    writeFileSync(file, '{ not json');
    expect(() => readRecordedLedgerFile(file)).to.throw(RecordedLedgerError, /broken\.json/);
  });
});
