/**
 * Every check the suite runs, once, with what it means. The report, the mocha front end and the
 * certificate all name checks by these ids.
 */
export const CHECKS = {
  manifest: { scope: 'plugin', optional: false, title: 'manifest and configuration schema are valid' },
  connection: { scope: 'ledger', optional: false, title: 'a good configuration connects and lists the dossier' },
  'bad-configuration': { scope: 'ledger', optional: false, title: 'a bad configuration fails with an error naming the field' },
  secrets: { scope: 'plugin', optional: false, title: 'no secret appears in any output' },
  records: { scope: 'step', optional: false, title: 'the platform holds exactly the source’s valid records' },
  figures: { scope: 'step', optional: false, title: 'trial balance and open items equal the source’s' },
  expect: { scope: 'step', optional: false, title: 'the step’s expected figures hold' },
  'bad-records': { scope: 'step', optional: true, title: 'bad records are quarantined and reported by entity, id and field' },
  proposals: { scope: 'step', optional: true, title: 'each proposal became an entry in the source and on the platform; no matching changed' },
  idempotency: { scope: 'step', optional: false, title: 'a second sync of an unchanged source sends no operations' },
  'incremental-cost': { scope: 'step', optional: true, title: 'an incremental sync reads no more rows than its changes plus detection overhead' },
  resumability: { scope: 'step', optional: true, title: 'a sync interrupted at every page boundary resumes, ends equal, applies nothing twice' },
} as const;

export type CheckId = keyof typeof CHECKS;
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

export function isCheckId(value: string): value is CheckId {
  return Object.prototype.hasOwnProperty.call(CHECKS, value);
}
