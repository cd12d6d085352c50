import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readRecordedLedgerFile } from '@ledgersync/sdk';
import { READS } from '../src/endpoints';
import { readCassette } from '../src/fixture';
import { ServedLedger } from './fixture-support';
import { LEDGERS } from './support';

/** Exact's documented REST models, kept as data with their source (test/facts/exact-rest-models.json). */
export interface ResourceFacts {
  doc: string;
  source: string;
  fields: string[];
  methods?: string[];
  enums?: Record<string, Record<string, string>>;
  /** Exact's own description of a field, where the adapter relies on its meaning. */
  notes?: Record<string, string>;
}

export const FACTS = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'facts', 'exact-rest-models.json'), 'utf8')) as Record<string, ResourceFacts>;

/** Reads Exact does not document for GET that the adapter still makes: none since matchings come from settled items (issue 14). */
const UNDOCUMENTED_READS: string[] = [];

describe('exact-online: the fields the adapter selects are in Exact’s documented models', () => {
  for (const { resource, select } of READS) {
    if (UNDOCUMENTED_READS.includes(resource)) continue;
    it(`${resource}: $select=${select}`, () => {
      const facts = FACTS[resource];
      expect(facts, `no documented model kept for ${resource}`).to.not.equal(undefined);
      expect(facts.methods ?? ['GET']).to.include('GET');
      const absent = select.split(',').filter((field) => !facts.fields.includes(field));
      expect(absent, `${resource} has no such field in ${facts.source}`).to.deep.equal([]);
    });
  }

  it('the cassettes answer in Exact’s shape with documented fields only: d.results, __next, /Date(ms)/', async () => {
    const path = join(tmpdir(), `exact-facts-${process.pid}.json`);
    await ServedLedger.with(readRecordedLedgerFile(LEDGERS[0]), async (served) => {
      await served.goTo(1);
      served.driver.saveCassette(path);
    });
    const cassette = readCassette(path);
    rmSync(path, { force: true });
    let rows = 0;
    for (const entry of cassette.filter((e) => e.method === 'GET')) {
      const resource = String(entry.path).replace(/^\/api\/v1\/\d+\//, '').replace(/\?.*$/, '');
      const facts = FACTS[resource];
      if (UNDOCUMENTED_READS.includes(resource)) continue;
      expect(facts, resource).to.not.equal(undefined);
      const d = (entry.response as { d: { results: Record<string, unknown>[]; __next?: string } }).d;
      expect(d.results, `${resource} answers d.results`).to.be.an('array');
      if (d.__next !== undefined) expect(d.__next).to.match(/^https:\/\/.+\?/);
      for (const row of d.results) {
        rows += 1;
        const fields = Object.keys(row).filter((field) => field !== '__metadata');
        expect(fields.filter((field) => !facts.fields.includes(field)), `${resource} row fields`).to.deep.equal([]);
        for (const field of ['Date', 'DueDate', 'StartDate', 'EndDate', 'Modified']) {
          if (typeof row[field] === 'string') expect(row[field], `${resource}.${field}`).to.match(/^\/Date\(-?\d+\)\/$/);
        }
      }
    }
    expect(rows).to.be.greaterThan(50);
  });

  it('reads nothing Exact documents for other methods only: MatchSets (POST only) is not read', () => {
    expect(FACTS['financial/MatchSets'].methods).to.deep.equal(['POST']);
    expect(READS.filter((read) => !FACTS[read.resource] || !(FACTS[read.resource].methods ?? ['GET']).includes('GET')).map((read) => read.resource)).to.deep.equal(UNDOCUMENTED_READS);
  });

  it('matchings come from the documented settled items: Status 50 is matched, EndDate is the set’s highest date, TransactionID the line', () => {
    for (const resource of ['cashflow/Receivables', 'cashflow/Payments']) {
      const facts = FACTS[resource];
      expect(facts.methods, resource).to.deep.equal(['GET']);
      expect(facts.enums?.Status['50'], resource).to.match(/^matched/);
      expect(facts.notes?.EndDate, resource).to.match(/highest invoice date of all matched/);
      expect(facts.notes?.TransactionID, resource).to.match(/^Linked transaction line/);
      expect(READS.some((read) => read.resource === resource), `${resource} is read`).to.equal(true);
    }
  });
});
