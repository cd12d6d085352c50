import { canonicalFingerprint, ChangeMarker, DeletedRecord, DossierInfo, EntityName, KeyRecord, Period, UnknownDossierError } from '@ledgersync/sdk';
import { divisionQuery, RESOURCES, SELECT, syncQuery } from './endpoints';
import { ExactClient } from './http/exact-client';
import { ReadRow } from './listing';
import { accountOf, counterpartyOf, journalOf, mainIbans } from './mapping/master-data';
import { fiscalYearsOf, periodOf } from './mapping/calendar';
import { entryOf, matchingOf } from './mapping/entries';
import {
  BankAccountRow, CrmAccountRow, DELETED_ENTITY_TYPE, DeletedRow, DivisionRow, FinancialPeriodRow, GLAccountRow, JournalRow, MatchSetRow, TransactionLineRow,
} from './mapping/rows';
import { markerOfNumber, numberOfMarker } from './markers';
import { codeText, odataMillis } from './odata';

/**
 * Reads one division's entities as canonical rows with markers. Sync endpoints are asked only for
 * rows changed since the marker (`Timestamp gt since-1`, markers being inclusive); the small
 * master-data endpoints without row versions are read whole and filtered here.
 */
export class DivisionReader {
  constructor(private readonly client: ExactClient, private readonly division: number, private readonly closedThrough?: string) {}

  async dossier(dossierId: string): Promise<DossierInfo> {
    for await (const row of this.client.rows<DivisionRow>(RESOURCES.divisions, divisionQuery(this.division))) {
      const info: DossierInfo = { id: dossierId, name: row.Description ?? String(row.Code), currency: row.Currency ?? 'EUR' };
      if (row.Country) info.country = row.Country.trim();
      if (row.VATNumber) info.vatNumber = row.VATNumber;
      return info;
    }
    throw new UnknownDossierError(dossierId);
  }

  async read(entity: EntityName, since?: ChangeMarker): Promise<ReadRow[]> {
    switch (entity) {
      case 'fiscalYear':
        return this.fiscalYears();
      case 'period':
        return this.periods();
      case 'journal':
        return this.collect(this.client.rows<JournalRow>(RESOURCES.journals, { $select: SELECT.journals }), (row) => ({ id: journalOf(row).id, marker: modifiedMarker(row.Modified), record: journalOf(row) }));
      case 'account':
        return this.collect(this.sync<GLAccountRow>(RESOURCES.glAccounts, SELECT.glAccounts, since), (row) => ({ id: accountOf(row).id, marker: markerOfNumber(row.Timestamp), record: accountOf(row) }));
      case 'counterparty':
        return this.counterparties(since);
      case 'entry':
        return this.entries(since);
      case 'matching':
        return this.collect(this.client.rows<MatchSetRow>(RESOURCES.matchSets, { $select: SELECT.matchSets, $expand: 'MatchSetLines' }), (row) => ({ id: row.ID, marker: modifiedMarker(row.Modified), record: matchingOf(row) }));
    }
  }

  /**
   * Ids and markers. GL accounts and transaction lines cannot change without a new row version,
   * so their keys select the fewest fields Exact allows; the other entities can change with their
   * marker standing still (a bank account, the closing date, a derived fiscal year), so their
   * keys carry fingerprints of what a full read finds.
   */
  async keys(entity: EntityName): Promise<{ keys: KeyRecord[]; rows?: ReadRow[] }> {
    if (entity === 'account') {
      return { keys: await this.collect(this.sync<GLAccountRow>(RESOURCES.glAccounts, SELECT.glAccountKeys), (row) => ({ id: codeText(row.Code) as string, marker: markerOfNumber(row.Timestamp) })) };
    }
    if (entity === 'entry') {
      const lines = await groupByEntry(this.sync<TransactionLineRow>(RESOURCES.transactionLines, SELECT.transactionLineKeys));
      return { keys: [...lines].map(([id, group]) => ({ id, marker: entryMarker(group) })) };
    }
    const rows = await this.read(entity);
    return { keys: rows.map(({ id, marker, record }) => ({ id, marker, fingerprint: canonicalFingerprint(entity, record) })), rows };
  }

  /** The entry booked for a proposal (its `YourRef`), if there is one. */
  async bookedEntry(proposalId: string): Promise<ReadRow | undefined> {
    const filter = `YourRef eq '${proposalId.replace(/'/g, "''")}'`;
    const lines = await groupByEntry(this.client.rows<TransactionLineRow>(RESOURCES.bookedLines, { $filter: filter, $select: SELECT.bookedLines }));
    const [group] = lines.values();
    return group && { id: group[0].EntryID, marker: entryMarker(group), record: entryOf(group) };
  }

  /** CRM accounts Exact logged as deleted (sync/Deleted, entity type 2), in marker order. */
  async *deletedCounterparties(since: ChangeMarker): AsyncIterable<DeletedRecord> {
    for await (const row of this.sync<DeletedRow>(RESOURCES.deleted, SELECT.deleted, since)) {
      if (row.EntityType === DELETED_ENTITY_TYPE.Accounts) yield { entity: 'counterparty', id: row.EntityKey, marker: markerOfNumber(row.Timestamp) };
    }
  }

  private sync<Row>(resource: string, select: string, since?: ChangeMarker): AsyncIterable<Row> {
    const after = since === undefined ? 0n : numberOfMarker(since) - 1n;
    return this.client.rows<Row>(resource, syncQuery(select, after < 0n ? 0n : after));
  }

  private async periodRows(): Promise<{ period: Period; marker: ChangeMarker }[]> {
    return this.collect(this.client.rows<FinancialPeriodRow>(RESOURCES.periods, { $select: SELECT.periods }), (row) => ({ period: periodOf(row, this.closedThrough), marker: modifiedMarker(row.Modified) }));
  }

  private async periods(): Promise<ReadRow[]> {
    return (await this.periodRows()).map(({ period, marker }) => ({ id: period.id, marker, record: period }));
  }

  /** Fiscal years derived from their periods; a year's marker is its latest period's. */
  private async fiscalYears(): Promise<ReadRow[]> {
    const rows = await this.periodRows();
    return fiscalYearsOf(rows.map((row) => row.period)).map((year) => {
      const marker = rows.filter((row) => row.period.fiscalYearId === year.id).reduce((max, row) => (row.marker > max ? row.marker : max), markerOfNumber(0));
      return { id: year.id, marker, record: year };
    });
  }

  private async counterparties(since?: ChangeMarker): Promise<ReadRow[]> {
    const accounts = await this.collect(this.sync<CrmAccountRow>(RESOURCES.crmAccounts, SELECT.crmAccounts, since), (row) => row);
    if (accounts.length === 0) return [];
    const ibans = mainIbans(await this.collect(this.client.rows<BankAccountRow>(RESOURCES.bankAccounts, { $select: SELECT.bankAccounts }), (row) => row));
    return accounts.map((row) => ({ id: row.ID, marker: markerOfNumber(row.Timestamp), record: counterpartyOf(row, ibans.get(row.ID)) }));
  }

  /**
   * Entries from their lines, grouped by EntryID. An entry's marker is its *lowest* line version:
   * Exact writes all lines of an entry together, with consecutive row versions, so every line of
   * an entry whose marker is at or after `since` comes back from `Timestamp gt since-1` — with the
   * highest version, the entry at the watermark would come back with its last line only.
   */
  private async entries(since?: ChangeMarker): Promise<ReadRow[]> {
    const lines = await groupByEntry(this.sync<TransactionLineRow>(RESOURCES.transactionLines, SELECT.transactionLines, since));
    return [...lines.values()].map((group) => ({ id: group[0].EntryID, marker: entryMarker(group), record: entryOf(group) }));
  }

  private async collect<Row, T>(rows: AsyncIterable<Row>, map: (row: Row) => T): Promise<T[]> {
    const out: T[] = [];
    for await (const row of rows) out.push(map(row));
    return out;
  }
}

async function groupByEntry(rows: AsyncIterable<TransactionLineRow>): Promise<Map<string, TransactionLineRow[]>> {
  const lines = new Map<string, TransactionLineRow[]>();
  for await (const row of rows) {
    const group = lines.get(row.EntryID);
    if (group) group.push(row);
    else lines.set(row.EntryID, [row]);
  }
  return lines;
}

/** The lowest row version of an entry's lines (see `entries`). */
function entryMarker(lines: TransactionLineRow[]): ChangeMarker {
  return lines.map((row) => markerOfNumber(row.Timestamp)).reduce((min, marker) => (marker < min ? marker : min));
}

/** Marker of a resource without row versions: its `Modified` date in milliseconds. */
function modifiedMarker(modified: string): ChangeMarker {
  return markerOfNumber(odataMillis(modified) ?? 0);
}
