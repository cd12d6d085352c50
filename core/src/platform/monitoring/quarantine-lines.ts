import { RecordErrorJson } from '@ledgersync/sdk';

/** Quarantined records shown per task before "… and N more": the page and the terminal stay readable. */
export const QUARANTINE_SHOWN = 20;

/**
 * One short line per quarantined record, `LEDGER_CURRENCY_AMOUNT_SIGN entry VF-1 lines[1].currencyAmount`:
 * what an accountant needs to find the record in the package. The full messages stay on the task (`--json`).
 */
export function quarantineLines(quarantined: readonly RecordErrorJson[], shown = QUARANTINE_SHOWN): string[] {
  const lines = quarantined.slice(0, shown).map((e) => `${e.code} ${e.entity} ${e.recordId}${e.field ? ` ${e.field}` : ''}`);
  if (quarantined.length > shown) lines.push(`… and ${quarantined.length - shown} more`);
  return lines;
}
