import { ChangeMarker } from '@ledgersync/sdk';

/** Width of a marker: an unsigned 64-bit number has at most 20 decimal digits. */
const MARKER_DIGITS = 20;

/**
 * Exact's `Timestamp` is a 64-bit row version, and `Modified` an OData date in milliseconds: both
 * are written zero-padded to 20 digits so that code-unit string order is the source's change order.
 */
export function markerOfNumber(value: bigint | number | string): ChangeMarker {
  const digits = BigInt(value).toString();
  if (digits.startsWith('-')) throw new RangeError(`a change marker cannot be negative: ${digits}`);
  return digits.padStart(MARKER_DIGITS, '0');
}

/** The row version a marker stands for. */
export function numberOfMarker(marker: ChangeMarker): bigint {
  if (!/^\d{1,20}$/.test(marker)) throw new RangeError(`not an Exact Online change marker: ${marker}`);
  return BigInt(marker);
}

/** The largest of some markers (they compare as strings by construction). */
export function maxMarker(markers: Iterable<ChangeMarker>): ChangeMarker {
  let max = markerOfNumber(0);
  for (const marker of markers) if (marker > max) max = marker;
  return max;
}
