import { AdapterError, AdapterErrorCode, ChangeMarker } from '@ledgersync/sdk';

/**
 * Frappe keeps `modified` as a naive DATETIME(6) in the site's time zone. Markers are that value
 * written ISO-style with six fraction digits and a `Z`, so code-unit order is `modified` order.
 */
const DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,6})?Z?$/;

/** SQL that writes a DATETIME column as a marker. */
export function markerSql(column: string): string {
  return `DATE_FORMAT(${column}, '%Y-%m-%dT%H:%i:%s.%fZ')`;
}

/** A marker (ours, or an ISO-8601 UTC timestamp) as a DATETIME literal for a query parameter. */
export function markerToDatetime(marker: ChangeMarker): string {
  // the empty marker sorts before every other: "since the beginning"
  if (marker === '') return '1000-01-01 00:00:00';
  const match = DATETIME.exec(marker);
  if (!match) throw new AdapterError(AdapterErrorCode.Source, `marker ${JSON.stringify(marker)} is not a timestamp this adapter wrote`);
  return `${match[1]} ${match[2]}${match[3] ?? ''}`;
}

/** The later of two markers (ISO-8601 UTC strings order as times); `b` may be absent. */
export function maxMarker(a: ChangeMarker, b: ChangeMarker | undefined): ChangeMarker {
  return b === undefined || a > b ? a : b;
}
