import { Address, Counterparty } from '@ledgersync/sdk';
import { counterpartyPrefixes, EntitySource } from './source';
import { definedOnly, RowReader } from './values';

const PARTY_COLUMNS = `x.[Name] AS name, x.[VAT Registration No_] AS vat, x.[E-Mail] AS email,
    x.[Address] AS street, x.[Post Code] AS postal_code, x.[City] AS city, x.[Country_Region Code] AS country`;

/** Customers and vendors, ids prefixed `C:` / `V:` unless configured plain. IBANs live in bank-account tables: not read. */
export const counterpartySource: EntitySource<'counterparty'> = {
  entity: 'counterparty',
  content: ['type', 'name', 'vat', 'email', 'street', 'postal_code', 'city', 'country'],
  rows: (context) => {
    const prefix = counterpartyPrefixes(context);
    return context.db.raw(
      `SELECT CONCAT(?, x.[No_]) AS id, x.[timestamp] AS ts, 0 AS seq, 'customer' AS type, ${PARTY_COLUMNS} FROM ?? x
  UNION ALL
  SELECT CONCAT(?, x.[No_]) AS id, x.[timestamp] AS ts, 0 AS seq, 'supplier' AS type, ${PARTY_COLUMNS} FROM ?? x`,
      [prefix.customer, context.tables.name('customer'), prefix.vendor, context.tables.name('vendor')],
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
      address: Object.keys(address).length > 0 ? address : undefined,
    });
  },
};
