import { Address, Counterparty } from '@ledgersync/sdk';
import { fingerprintSql } from '../sql/digest-sql';
import { counterpartyIdSql, LISTED_PARTY_TYPES, PartyType } from './counterparty-ids';
import { EntityMapping, Scope, setPresent } from './mapping';

/**
 * Customers and suppliers (global in ERPNext: every company's dossier lists them all). The VAT
 * number is `tax_id`, the e-mail `email_id`, the IBAN that of the party's default Bank Account,
 * the address its primary Address (country as the ISO code of its Country). The marker is the
 * latest `modified` of the party, its address and its bank account.
 */
function branch(scope: Scope, partyType: Exclude<PartyType, 'Employee'>, nameField: string, addressField: string): string {
  const id = counterpartyIdSql(scope.counterpartyIds, partyType)('p.name');
  const country = 'COALESCE(UPPER(co.code), ad.country)';
  const fields = [id, `'${partyType}'`, `p.${nameField}`, 'p.tax_id', 'p.email_id', 'b.iban', 'ad.name', 'ad.address_line1', 'ad.pincode', 'ad.city', country];
  return `SELECT ${id} AS id, '${partyType.toLowerCase()}' AS type,
      GREATEST(p.modified, COALESCE(ad.modified, p.modified), COALESCE(b.modified, p.modified)) AS modified,
      p.${nameField} AS name, p.tax_id AS tax_id, p.email_id AS email_id, b.iban AS iban, ad.name AS address,
      ad.address_line1 AS street, ad.pincode AS postal_code, ad.city AS city, ${country} AS country,
      ${fingerprintSql(fields)} AS fp
    FROM \`tab${partyType}\` p
    LEFT JOIN \`tabAddress\` ad ON ad.name = p.${addressField}
    LEFT JOIN \`tabCountry\` co ON co.name = ad.country
    LEFT JOIN \`tabBank Account\` b ON b.name = (SELECT MIN(x.name) FROM \`tabBank Account\` x
      WHERE x.party_type = '${partyType}' AND x.party = p.name AND x.is_default = 1)`;
}

/** The company's employees (expense claims, advances: GL rows with party_type Employee). */
function employees(scope: Scope): string {
  const id = counterpartyIdSql(scope.counterpartyIds, 'Employee')('e.name');
  return `SELECT ${id} AS id, 'employee' AS type, e.modified AS modified, e.employee_name AS name, NULL AS tax_id, NULL AS email_id,
      NULL AS iban, NULL AS address, NULL AS street, NULL AS postal_code, NULL AS city, NULL AS country,
      ${fingerprintSql([id, "'employee'", 'e.employee_name'])} AS fp
    FROM \`tabEmployee\` e WHERE e.company = ?`;
}

/**
 * Parties of any other type (Shareholder, Member, Student…: GL `party_type` is a Link to any
 * doctype marked as a party type) are known by the GL rows of the company that name them: type
 * other, named by their Frappe name, marked by the latest of those rows.
 */
function otherParties(scope: Scope): string {
  const id = counterpartyIdSql(scope.counterpartyIds, { column: 'g.party_type' })('g.party');
  return `SELECT ${id} AS id, 'other' AS type, MAX(g.modified) AS modified, g.party AS name, NULL AS tax_id, NULL AS email_id,
      NULL AS iban, NULL AS address, NULL AS street, NULL AS postal_code, NULL AS city, NULL AS country,
      ${fingerprintSql([id, "'other'", 'g.party'])} AS fp
    FROM \`tabGL Entry\` g WHERE g.company = ? AND g.is_cancelled = 0 AND COALESCE(g.party, '') <> ''
      AND COALESCE(g.party_type, '') NOT IN ('', ${LISTED_PARTY_TYPES.map((t) => `'${t}'`).join(', ')})
    GROUP BY g.party_type, g.party`;
}

export const counterparties: EntityMapping<'counterparty'> = {
  entity: 'counterparty',
  sql(scope) {
    return {
      select: `${branch(scope, 'Customer', 'customer_name', 'customer_primary_address')}
        UNION ALL ${branch(scope, 'Supplier', 'supplier_name', 'supplier_primary_address')}
        UNION ALL ${employees(scope)}
        UNION ALL ${otherParties(scope)}`,
      bindings: [scope.company, scope.company],
    };
  },
  toRecord(row): Counterparty {
    const record: Counterparty = { id: String(row.id), type: row.type as Counterparty['type'], name: String(row.name ?? '') };
    setPresent(record, 'vatNumber', row.tax_id);
    setPresent(record, 'email', row.email_id);
    setPresent(record, 'iban', row.iban);
    if (row.address !== null && row.address !== undefined) {
      const address: Address = {};
      setPresent(address, 'street', row.street);
      setPresent(address, 'postalCode', row.postal_code);
      setPresent(address, 'city', row.city);
      setPresent(address, 'country', row.country);
      record.address = address;
    }
    return record;
  },
};
