import { CounterpartyIdStyle } from '../config';

/** Party types with a doctype of their own that the adapter lists; any other party type is listed from the GL rows that name it. */
const PREFIX = { Customer: 'customer:', Supplier: 'supplier:', Employee: 'employee:' } as const;
export type PartyType = keyof typeof PREFIX;
export const LISTED_PARTY_TYPES = Object.keys(PREFIX) as PartyType[];

/** The prefix of a party type in `prefixed` ids: `shareholder:` for Shareholder, `member:`… */
function prefixOf(partyType: string): string {
  return (PREFIX as Record<string, string>)[partyType] ?? `${partyType.toLowerCase().replace(/ /g, '-')}:`;
}

/** The counterparty id of a Frappe party. */
export function counterpartyId(style: CounterpartyIdStyle, partyType: unknown, party: unknown): string | undefined {
  if (party === null || party === undefined || party === '') return undefined;
  if (style === 'plain' || typeof partyType !== 'string' || partyType === '') return String(party);
  return `${prefixOf(partyType)}${party}`;
}

/** SQL of the same id, for fingerprints and bucket keys; `partyType` a listed type, or a column of any type. */
export function counterpartyIdSql(style: CounterpartyIdStyle, partyType: PartyType | { column: string }): (nameColumn: string) => string {
  if (style === 'plain') return (nameColumn) => nameColumn;
  if (typeof partyType === 'string') return (nameColumn) => `CONCAT('${PREFIX[partyType]}', ${nameColumn})`;
  return (nameColumn) => `CONCAT(LOWER(REPLACE(${partyType.column}, ' ', '-')), ':', ${nameColumn})`;
}

/** The Frappe party behind a counterparty id; `type` is known for prefixed ids of listed types only. */
export function partyOf(style: CounterpartyIdStyle, id: string): { type?: PartyType; name: string } {
  if (style === 'prefixed') {
    for (const type of LISTED_PARTY_TYPES) if (id.startsWith(PREFIX[type])) return { type, name: id.slice(PREFIX[type].length) };
  }
  return { name: id };
}
