import { canonicalFingerprint, ChangeMarker, DeletedRecord, DossierInfo, EntityName, KeyRecord, Period, UnknownDossierError } from '@ledgersync/sdk';
import { divisionQuery, RESOURCES, SELECT, settledQuery, syncQuery } from './endpoints';
import { ExactClient } from './http/exact-client';
import { ReadRow } from './listing';
import { accountOf, counterpartyOf, journalOf, mainIbans } from './mapping/master-data';
import { closedPeriodsOf, fiscalYearsOf, periodOf } from './mapping/calendar';
import { entryOf } from './mapping/entries';
import { cents } from './mapping/amounts';
import { matchingsOfSettledItems, SettledItem } from './mapping/settled';
import {
  BankAccountRow, CrmAccountRow, DELETED_ENTITY_TYPE, DeletedRow, DivisionRow, FinancialPeriodRow, GLAccountRow, JournalRow, JournalStatusRow, SettledItemRow, TransactionLineRow,
} from './mapping/rows';
import { bookedLinesQuery, entryFilter, ENTRIES_PER_LOOKUP } from './lookups';
import { markerOfNumber, numberOfMarker } from './markers';
import { calendarDate, codeText, odataMillis } from './odata';

/**
 * Reads one division's entities as canonical rows with markers. Sync endpoints are asked only for
 * rows changed since the marker (`Timestamp gt since-1`, markers being inclusive); the small
 * master-data endpoints without row versions are read whole and filtered here.
 */
export class DivisionReader {
  private division_?: Promise<DivisionRow | undefined>;

  constructor(private readonly client: ExactClient, private readonly division: number) {}

  async dossier(dossierId: string): Promise<DossierInfo> {
    const row = await this.divisionRow();
    if (!row) throw new UnknownDossierError(dossierId);
    const info: DossierInfo = { id: dossierId, name: row.Description ?? String(row.Code), currency: row.Currency ?? 'EUR' };
    if (row.Country) info.country = row.Country.trim();
    if (row.VATNumber) info.vatNumber = row.VATNumber;
    return info;
  }

  /** The division's own (book) currency: `AmountDC` is in it. Read once per adapter. */
  private async bookCurrency(): Promise<string> {
    return (await this.divisionRow())?.Currency ?? 'EUR';
  }

  private divisionRow(): Promise<DivisionRow | undefined> {
    this.division_ ??= (async () => {
      for await (const row of this.client.rows<DivisionRow>(RESOURCES.divisions, divisionQuery(this.division))) return row;
      return undefined;
    })();
    return this.division_;
  }

  async read(entity: EntityName, since?: ChangeMarker): Promise<ReadRow[]> {
    switch (entity) {
      case 'fiscalYear':
        return this.fiscalYears();
      case 'period':
        return this.periods();
      case 'journal':
        return this.collect(this.client.rows<JournalRow>(RESOURCES.journals, { $select: SELECT.journals }), (row) => ({ id: journalOf(row).id, marker: modifiedMarker(row.Modified, row.ID), record: journalOf(row) }));
      case 'account':
        return this.collect(this.sync<GLAccountRow>(RESOURCES.glAccounts, SELECT.glAccounts, since), (row) => ({ id: accountOf(row).id, marker: markerOfNumber(row.Timestamp), record: accountOf(row) }));
      case 'counterparty':
        return this.counterparties(since);
      case 'entry':
        return this.entries(since);
      case 'matching':
        return this.matchings();
    }
  }

  /**
   * Ids and markers. GL accounts and transaction lines cannot change without a new row version,
   * so their keys select the fewest fields Exact allows; the other entities can change with their
   * marker standing still (a bank account, a journal's period status, a derived fiscal year), so their
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

  /**
   * The entry a proposal was booked as, found by the read-back filter its booking carries
   * (`YourRef` on sales and purchase entries, the tagged `Notes` on general entries: see
   * push/booking.ts). Its row version is on the sync endpoint only, which the next `since`
   * read carries: the record comes back with marker 0.
   */
  async bookedEntry(filter: string): Promise<ReadRow | undefined> {
    const lines = await groupByEntry(this.client.rows<TransactionLineRow>(RESOURCES.bookedLines, bookedLinesQuery(filter)));
    const [group] = lines.values();
    return group && { id: group[0].EntryID, marker: markerOfNumber(0), record: entryOf(group, await this.bookCurrency()) };
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

  /** Periods with the status Exact keeps per journal (read/financial/JournalStatusByFinancialPeriod). */
  private async periodRows(): Promise<{ period: Period; marker: ChangeMarker }[]> {
    const closed = closedPeriodsOf(await this.collect(this.client.rows<JournalStatusRow>(RESOURCES.journalStatus, { $select: SELECT.journalStatus }), (row) => row));
    return this.collect(this.client.rows<FinancialPeriodRow>(RESOURCES.periods, { $select: SELECT.periods }), (row) => ({ period: periodOf(row, closed), marker: modifiedMarker(row.Modified, row.ID) }));
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
   * Entries from their lines, grouped by EntryID; an entry's marker is its highest line version.
   * `Timestamp` is per row: a change to one line gives that line alone a new version, so a `since`
   * read finds the *entries* with a changed line (keys only), then reads every line of those
   * entries from financialtransaction/TransactionLines by EntryID — rebuilding an entry from its
   * changed lines alone would replace it with an unbalanced fragment.
   */
  private async entries(since?: ChangeMarker): Promise<ReadRow[]> {
    const bookCurrency = await this.bookCurrency();
    if (since === undefined) {
      const lines = await groupByEntry(this.sync<TransactionLineRow>(RESOURCES.transactionLines, SELECT.transactionLines));
      return [...lines.values()].map((group) => ({ id: group[0].EntryID, marker: entryMarker(group), record: entryOf(group, bookCurrency) }));
    }
    const changed = await groupByEntry(this.sync<TransactionLineRow>(RESOURCES.transactionLines, SELECT.transactionLineKeys, since));
    const ids = [...changed.keys()];
    const rows: ReadRow[] = [];
    for (let start = 0; start < ids.length; start += ENTRIES_PER_LOOKUP) {
      const whole = await groupByEntry(this.client.rows<TransactionLineRow>(RESOURCES.bookedLines, bookedLinesQuery(entryFilter(ids.slice(start, start + ENTRIES_PER_LOOKUP)))));
      for (const [id, group] of whole) rows.push({ id, marker: entryMarker(changed.get(id)!), record: entryOf(group, bookCurrency) });
    }
    return rows;
  }

  /**
   * Matchings rebuilt from the settled items of `cashflow/Receivables` and `cashflow/Payments`
   * (`Status` 50): one per EndDate (see mapping/settled.ts). Items name their line by its GUID,
   * so the lines' numbers come from one key-sized listing of the transaction lines. A matching's
   * marker is its latest item's `Modified`; an undone match set leaves without a newer one, which
   * is why matchings are among the silent changes (found by fingerprinted keys).
   */
  private async matchings(): Promise<ReadRow[]> {
    const settled = [
      ...(await this.collect(this.client.rows<SettledItemRow>(RESOURCES.receivables, settledQuery()), (row) => row)),
      ...(await this.collect(this.client.rows<SettledItemRow>(RESOURCES.payments, settledQuery()), (row) => row)),
    ];
    if (settled.length === 0) return [];
    const lines = new Map<string, TransactionLineRow>();
    for await (const row of this.sync<TransactionLineRow>(RESOURCES.transactionLines, SELECT.transactionLineNumbers)) lines.set(row.ID, row);
    const items: SettledItem[] = [];
    const modified = new Map<string, string>();
    for (const row of settled) {
      const line = lines.get(row.TransactionID);
      const endDate = calendarDate(row.EndDate) as string;
      // a line Exact no longer lists (deleted since) is kept under its own GUID: the engine reports the dangling reference
      items.push({ entryId: line?.EntryID ?? row.TransactionEntryID, line: (line?.LineNumber as number | undefined) ?? -1, amount: cents(row.AmountDC), endDate });
      const latest = modified.get(endDate);
      if (latest === undefined || (odataMillis(row.Modified) ?? 0) > (odataMillis(latest) ?? 0)) modified.set(endDate, row.Modified);
    }
    return matchingsOfSettledItems(items).map((record) => ({ id: record.id, marker: modifiedMarker(modified.get(record.date)!, record.id), record }));
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

/** The highest row version of an entry's lines: the latest change to any of them (see `entries`). */
function entryMarker(lines: TransactionLineRow[]): ChangeMarker {
  return lines.map((row) => markerOfNumber(row.Timestamp ?? 0)).reduce((max, marker) => (marker > max ? marker : max));
}

/**
 * Marker of a resource without row versions: its `Modified` date in milliseconds, then a number
 * drawn from the row's key. Exact writes a batch (a new year's periods, the default journals) in
 * one millisecond; with the date alone every row of the batch ties with the watermark and comes
 * back every night. The key breaks the tie; a row written later in the watermark's millisecond
 * with a lower tie-break is still found, by the key listing every entity here gets.
 */
export function modifiedMarker(modified: string, key: string): ChangeMarker {
  const millis = BigInt(odataMillis(modified) ?? 0);
  return markerOfNumber(millis * TIE_BREAK + tieBreakOf(key));
}

/** 10⁶ tie-breaks per millisecond: ms since 1970 × 10⁶ stays within 20 digits until the year 2554. */
const TIE_BREAK = 1_000_000n;

function tieBreakOf(key: string): bigint {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619) >>> 0;
  return BigInt(hash % 1_000_000);
}
