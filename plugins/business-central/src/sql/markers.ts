import { AdapterError, AdapterErrorCode } from '@ledgersync/sdk';

/**
 * Markers are BC's `timestamp` column, a SQL Server rowversion (binary(8), database-wide and
 * increasing), written as 16 lowercase hex digits: fixed width, so string order is change order.
 */
const MARKER = /^[0-9a-f]{16}$/;

export class InvalidMarkerError extends AdapterError {
  constructor(readonly field: string) {
    super(AdapterErrorCode.Source, `${field} is not a rowversion marker (16 lowercase hex digits)`);
  }
}

/** The lowest rowversion: what the engine's empty marker ('', "nothing seen yet") means. */
export const FIRST_MARKER = '0000000000000000';

/** A marker the engine handed back, checked before it is bound as a parameter; '' means from the start. */
export function checkedMarker(value: string, field: string): string {
  if (value === '') return FIRST_MARKER;
  if (!MARKER.test(value)) throw new InvalidMarkerError(field);
  return value;
}

/** The marker of a rowversion as tedious returns it (a Buffer of 8 bytes). */
export function markerOf(rowversion: unknown): string {
  if (!Buffer.isBuffer(rowversion) || rowversion.length !== 8) throw new InvalidMarkerError('timestamp');
  return rowversion.toString('hex');
}

/** SQL that turns a bound marker parameter back into binary(8) for comparison with `timestamp`. */
export const MARKER_PARAMETER = 'CONVERT(binary(8), ?, 2)';

/**
 * The upper bound of an incremental read: the lowest rowversion still held by an open transaction
 * (or the next one to be given when none is open). A transaction that wrote a row at rowversion 90
 * and commits after another one wrote 100 would otherwise be skipped for good by a reader that saw
 * 100 and then asks for >= 100. Rows at or above the bound are left to the next read.
 */
export const ACTIVE_ROWVERSION_BOUND = 'MIN_ACTIVE_ROWVERSION()';
