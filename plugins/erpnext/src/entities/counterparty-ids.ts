import { CounterpartyIdStyle } from '../config';

const PREFIX = { Customer: 'customer:', Supplier: 'supplier:' } as const;
export type PartyType = keyof typeof PREFIX;

/** The counterparty id of a Frappe party. */
export function counterpartyId(style: CounterpartyIdStyle, partyType: unknown, party: unknown): string | undefined {
  if (party === null || party === undefined || party === '') return undefined;
  if (style === 'plain' || (partyType !== 'Customer' && partyType !== 'Supplier')) return String(party);
  return `${PREFIX[partyType]}${party}`;
}

/** SQL of the same id, for fingerprints and bucket keys. */
export function counterpartyIdSql(style: CounterpartyIdStyle, partyType: PartyType): (nameColumn: string) => string {
  return (nameColumn) => (style === 'plain' ? nameColumn : `CONCAT('${PREFIX[partyType]}', ${nameColumn})`);
}

/** The Frappe party behind a counterparty id; `type` is known for prefixed ids only. */
export function partyOf(style: CounterpartyIdStyle, id: string): { type?: PartyType; name: string } {
  if (style === 'prefixed') {
    for (const type of Object.keys(PREFIX) as PartyType[]) if (id.startsWith(PREFIX[type])) return { type, name: id.slice(PREFIX[type].length) };
  }
  return { name: id };
}
