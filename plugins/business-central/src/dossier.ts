import { AdapterError, AdapterErrorCode, DossierInfo } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { CompanyTables } from './identifiers';
import { SourceRow } from './sources';

/** The company's dossier facts: name, VAT number and country from Company Information, local currency from General Ledger Setup. */
export function dossierQuery(db: Knex, tables: CompanyTables): Knex.Raw {
  return db.raw(
    `SELECT TOP 1 ci.[Name] AS [name], ci.[VAT Registration No_] AS [vat], ci.[Country_Region Code] AS [country], gls.[LCY Code] AS [currency]
  FROM ?? ci CROSS JOIN ?? gls`,
    [tables.ref(db, 'companyInformation'), tables.ref(db, 'generalLedgerSetup')],
  );
}

export class CompanySetupError extends AdapterError {
  constructor(readonly table: string, readonly field: string, detail: string) {
    super(AdapterErrorCode.Source, `table ${table}, field ${field}: ${detail}`);
  }
}

/** The one dossier of a connection: the configured company. */
export async function readDossier(db: Knex, tables: CompanyTables): Promise<DossierInfo> {
  const [row] = (await dossierQuery(db, tables)) as SourceRow[];
  if (!row) throw new CompanySetupError(tables.name('companyInformation'), 'Name', 'Company Information or General Ledger Setup holds no row: is the company set up?');
  return dossierFromRow(tables.companyName, row, tables);
}

export function dossierFromRow(company: string, row: SourceRow, tables: CompanyTables): DossierInfo {
  const text = (column: string) => (typeof row[column] === 'string' && (row[column] as string).trim() !== '' ? (row[column] as string).trim() : undefined);
  const currency = text('currency');
  if (!currency) throw new CompanySetupError(tables.name('generalLedgerSetup'), 'LCY Code', 'the local currency code is blank; set it in General Ledger Setup');
  const dossier: DossierInfo = { id: company, name: text('name') ?? company, currency };
  const country = text('country');
  const vatNumber = text('vat');
  if (country) dossier.country = country;
  if (vatNumber) dossier.vatNumber = vatNumber;
  return dossier;
}
