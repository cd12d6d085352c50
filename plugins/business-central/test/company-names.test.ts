import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdapterConfigurationError } from '@ledgersync/sdk';
import { generateLedger } from '@ledgersync/conformance';
import { BusinessCentralAdapter, ChangeTrackingLog, CompanyTables, createTableStatement, dossierQuery, enableChangeTrackingStatements, parseConfiguration, probeQuery, quotedIdentifier, sqlCompanyName, TRACKED_TABLES } from '../src';
import { compile, mssql } from './helpers';
import { scriptedSqlServer } from './scripted-sql-server';

interface CompanyNameFacts {
  companyTable: { type: string; sources: string[] };
  tableNames: { example: { company: string; table: string; sql: string }; source: string };
  replacedCharacters: { characters: string[]; replacement: string; source: string };
}
const FACTS: CompanyNameFacts = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'facts', 'company-names.json'), 'utf8')) as CompanyNameFacts;

/** Every bracket-quoted identifier in a statement, unescaped (`]]` is one `]`). */
const identifiers = (sql: string): string[] => [...sql.matchAll(/\[((?:[^\]]|\]\])*)\]/g)].map((match) => match[1].replace(/\]\]/g, ']'));

/** Names that try to leave the identifier, split it (knex reads `.` as schema and ` as ` as alias) or end the statement. */
const ATTEMPTS = ['a]; DROP TABLE x; --', 'x] ; SELECT 1 --', 'Smith as Partners', 'A AS b', '[dbo].[x]', "O'Brien & Co.", '"DOSSIER 1"', 'back`tick; --'];

describe('business-central: company names as BC keeps them and as SQL table names spell them (test/facts/company-names.json)', () => {
  it('the facts name their sources: Company.Name is Text[30]; . " \\ / \' % ] [ become _ in table names', () => {
    expect(FACTS.companyTable.type).to.equal('Text[30]');
    expect(FACTS.companyTable.sources[0]).to.match(/^https:\/\/learn\.microsoft\.com\//);
    expect(FACTS.tableNames.source).to.match(/^https:\/\/learn\.microsoft\.com\//);
    expect(FACTS.replacedCharacters.source).to.match(/\.ps1/);
    expect(new CompanyTables(FACTS.tableNames.example.company).name('customer')).to.equal(FACTS.tableNames.example.sql);
    for (const character of FACTS.replacedCharacters.characters) {
      expect(sqlCompanyName(`A${character}B`), character).to.equal(`A${FACTS.replacedCharacters.replacement}B`);
    }
    expect(sqlCompanyName('x'.repeat(30))).to.have.length(30);
    expect(() => sqlCompanyName('x'.repeat(31))).to.throw(AdapterConfigurationError);
  });

  it('generated seed 1\'s dossier "DOSSIER 1" (with quotes) is a company: SQL name _DOSSIER 1_, dossier id read back as the ledger\'s', async () => {
    const ledger = generateLedger(1, { invoices: 12 });
    expect(ledger.dossier.id).to.equal('"DOSSIER 1"');
    const tables = new CompanyTables(ledger.dossier.id);
    expect(tables.name('glEntry')).to.equal('_DOSSIER 1_$G_L Entry');
    const server = scriptedSqlServer((sql) => (sql.includes('Company Information]') ? [{ name: 'Dossier 1', vat: null, country: 'NL', currency: 'EUR' }] : []));
    const config = { server: 'sql01', database: 'BC', user: 'reader', password: 'secret', company: ledger.dossier.id };
    const adapter = new BusinessCentralAdapter(server.db, parseConfiguration(config), new ChangeTrackingLog(TRACKED_TABLES));
    try {
      const dossiers = [];
      for await (const dossier of adapter.listDossiers()) dossiers.push(dossier);
      expect(dossiers.map((dossier) => dossier.id)).to.deep.equal([ledger.dossier.id]);
      for await (const _ of adapter.read(ledger.dossier.id, 'account')) void _;
      expect(server.statements.some((statement) => identifiers(statement.sql).includes('_DOSSIER 1_$G_L Account'))).to.equal(true);
    } finally {
      await adapter.close();
    }
  });

  for (const attempt of ATTEMPTS) {
    it(`company ${JSON.stringify(attempt)} stays one identifier in every statement (no alias, schema or statement break)`, () => {
      const tables = new CompanyTables(attempt);
      const sqlName = tables.name('companyInformation');
      expect(sqlName).not.to.match(/[[\]'"]/);
      const dossier = compile(dossierQuery(mssql, tables)).sql;
      expect(identifiers(dossier)).to.include(sqlName);
      expect(dossier).to.match(/FROM \[[^\]]*\] ci CROSS JOIN \[[^\]]*\] gls$/);
      const probe = compile(probeQuery(mssql, tables)).sql;
      expect(identifiers(probe)).to.include(tables.name('glEntry'));
      for (const statement of enableChangeTrackingStatements(mssql, tables).slice(1)) expect(compile(statement).sql).to.match(/^ALTER TABLE \[[^\]]*\] ENABLE CHANGE_TRACKING$/);
      // the fixture driver's setUp and writes
      const create = compile(createTableStatement(mssql, tables, 'glEntry')).sql;
      expect(create.startsWith(`CREATE TABLE ${quotedIdentifier(tables.name('glEntry'))} (`), create).to.equal(true);
      expect(create).to.contain('CONSTRAINT [pk_glEntry] PRIMARY KEY');
      const insert = compile(mssql(tables.ref(mssql, 'glEntry')).insert({ 'Document No_': 'X' })).sql;
      expect(insert.startsWith(`insert into ${quotedIdentifier(tables.name('glEntry'))} (`), insert).to.equal(true);
    });
  }

  it('quotes an identifier as T-SQL QUOTENAME does: ] doubled, nothing dropped', () => {
    expect(quotedIdentifier('a]; DROP TABLE x; --')).to.equal('[a]]; DROP TABLE x; --]');
    expect(identifiers(quotedIdentifier('a]b]]c'))).to.deep.equal(['a]b]]c']);
  });

  it('still refuses control characters and blank names, naming the field', () => {
    for (const attempt of ['tab\there', 'nul\u0000', '', '   ']) {
      expect(() => sqlCompanyName(attempt)).to.throw(AdapterConfigurationError).with.property('field', 'company');
    }
  });
});
