import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { READS } from '../src/endpoints';

/** Exact's documented REST models, kept as data with their source (test/facts/exact-rest-models.json). */
export interface ResourceFacts {
  doc: string;
  source: string;
  fields: string[];
  methods?: string[];
  enums?: Record<string, Record<string, string>>;
}

export const FACTS = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'facts', 'exact-rest-models.json'), 'utf8')) as Record<string, ResourceFacts>;

/**
 * Reads Exact does not document for GET and the adapter still makes, for want of another read
 * path: kept visible here rather than hidden (issue 14 — settled items).
 */
const UNDOCUMENTED_READS = ['financial/MatchSets'];

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

  it('keeps the known undocumented read in sight: MatchSets is documented for POST only', () => {
    expect(FACTS['financial/MatchSets'].methods).to.deep.equal(['POST']);
    expect(READS.filter((read) => !FACTS[read.resource] || !(FACTS[read.resource].methods ?? ['GET']).includes('GET')).map((read) => read.resource)).to.deep.equal(UNDOCUMENTED_READS);
  });
});
