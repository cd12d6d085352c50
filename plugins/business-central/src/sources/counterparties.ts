import { Address, Counterparty } from '@ledgersync/sdk';
import { counterpartyPrefixes, EntitySource } from './source';
import { definedOnly, RowReader } from './values';

const ADDRESS_COLUMNS = `x.[E-Mail] AS email, x.[Address] AS street, x.[Post Code] AS postal_code, x.[City] AS city, x.[Country_Region Code] AS country`;
const PARTY_COLUMNS = `x.[Name] AS name, x.[VAT Registration No_] AS vat, N'' AS iban, ${ADDRESS_COLUMNS}`;
/** Employee (table 5200) has first, middle and last name, no VAT number, and its own IBAN. */
const EMPLOYEE_COLUMNS = `LTRIM(RTRIM(REPLACE(CONCAT(x.[First Name], N' ', x.[Middle Name], N' ', x.[Last Name]), N'  ', N' '))) AS name, N'' AS vat, x.[IBAN] AS iban, ${ADDRESS_COLUMNS}`;

/**
 * Customers, vendors and employees (G/L lines name all three through `Source Type` 1, 2 and 6),
 * ids prefixed `C:` / `V:` / `E:` unless configured plain. Customer and vendor IBANs live in
 * bank-account tables: not read.
 */
export const counterpartySource: EntitySource<'counterparty'> = {
  entity: 'counterparty',
  content: ['type', 'name', 'vat', 'iban', 'email', 'street', 'postal_code', 'city', 'country'],
  rows: (context) => {
    const prefix = counterpartyPrefixes(context);
    return context.db.raw(
      `SELECT CONCAT(?, x.[No_]) AS id, x.[timestamp] AS ts, 0 AS seq, 'customer' AS type, ${PARTY_COLUMNS} FROM ?? x
  UNION ALL
  SELECT CONCAT(?, x.[No_]) AS id, x.[timestamp] AS ts, 0 AS seq, 'supplier' AS type, ${PARTY_COLUMNS} FROM ?? x
  UNION ALL
  SELECT CONCAT(?, x.[No_]) AS id, x.[timestamp] AS ts, 0 AS seq, 'employee' AS type, ${EMPLOYEE_COLUMNS} FROM ?? x`,
      [prefix.customer, context.tables.ref(context.db, 'customer'), prefix.vendor, context.tables.ref(context.db, 'vendor'), prefix.employee, context.tables.ref(context.db, 'employee')],
    );
  },
  toRecord(id, [row]): Counterparty {
    const read = new RowReader('counterparty', id, row);
    const address: Address = definedOnly({
      street: read.optionalText('street'),
      postalCode: read.optionalText('postal_code'),
      city: read.optionalText('city'),
      country: read.optionalText('country'),
    });
    return definedOnly({
      id,
      type: read.text('type') as Counterparty['type'],
      name: read.text('name'),
      vatNumber: read.optionalText('vat'),
      email: read.optionalText('email'),
      iban: read.optionalText('iban'),
      address: Object.keys(address).length > 0 ? address : undefined,
    });
  },
};
