import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BcTableKey, TABLE_SHAPES } from '../src';
import { ENTRY_PAGING_KEY } from '../src/sources/entries';

/**
 * The fixture's tables against Business Central's own definitions (AL source, kept as data with
 * repository and path in test/facts/): every column the fixture creates is a field of that table,
 * with the SQL Server type BC gives that AL type.
 */
interface TableFacts {
  id: number;
  path: string;
  fields: Record<string, string>;
}
interface Facts {
  repository: string;
  tables: Record<string, TableFacts>;
  enums: Record<string, { path: string; values: Record<string, number> }>;
}

export const FACTS: Facts = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'facts', 'base-application.json'), 'utf8')) as Facts;

/** The fixture's tables that have facts, by their AL names. */
const AL_NAMES: Partial<Record<BcTableKey, string>> = {
  glEntry: 'G/L Entry',
  accountingPeriod: 'Accounting Period',
  detailedCustEntry: 'Detailed Cust. Ledg. Entry',
  detailedVendorEntry: 'Detailed Vendor Ledg. Entry',
  customer: 'Customer',
  employee: 'Employee',
};

/** BC's SQL column name for an AL field name. */
const sqlName = (alName: string): string => alName.replace(/[./\\%]/g, '_');

/** The fixture's column type for an AL type (nvarchar(n) for Code/Text, int for Integer and enums, …). */
function fixtureTypeOf(alType: string): string {
  const sized = /^(Code|Text)\[(\d+)\]$/.exec(alType);
  if (sized) return `${sized[1].toLowerCase()}${sized[2]}`;
  if (alType === 'Integer' || alType.startsWith('Enum ')) return 'int';
  if (alType === 'Boolean') return 'bool';
  return alType.toLowerCase();
}

describe('business-central: the fixture matches the base application (test/facts)', () => {
  for (const [table, alName] of Object.entries(AL_NAMES) as [BcTableKey, string][]) {
    it(`${alName}: every fixture column is a field of table ${FACTS.tables[alName]?.id} with BC's type`, () => {
      const facts = FACTS.tables[alName];
      expect(facts, `facts for ${alName}`).to.not.equal(undefined);
      const fields = new Map(Object.entries(facts.fields).map(([name, type]) => [sqlName(name), fixtureTypeOf(type)]));
      for (const [column, type] of Object.entries(TABLE_SHAPES[table].columns)) {
        expect(fields.has(column), `${alName}.${column} (${facts.path})`).to.equal(true);
        expect(type, `${alName}.${column}`).to.equal(fields.get(column));
      }
    });
  }

  it('entries are paged along a key BC keeps on G/L Entry (an index SQL Server can seek)', () => {
    const keys = (FACTS.tables['G/L Entry'] as TableFacts & { keys: string[][] }).keys.map((key) => key.map(sqlName));
    expect(keys).to.deep.include([ENTRY_PAGING_KEY.column.replace(/^\[|\]$/g, '')]);
    expect(ENTRY_PAGING_KEY.table).to.equal('glEntry');
  });

  it('every fact names its source in the repository', () => {
    expect(FACTS.repository).to.equal('StefanMaron/MSDyn365BC.Code.History');
    for (const facts of [...Object.values(FACTS.tables), ...Object.values(FACTS.enums)]) expect(facts.path).to.match(/^BaseApp\/Source\/Base Application\/.+\.al$/);
  });
});
