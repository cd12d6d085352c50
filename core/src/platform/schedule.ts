import { createHash } from 'node:crypto';

/** Nightly syncs start at 02:00 UTC, when office servers are idle. */
export const NIGHT_HOUR_UTC = 2;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The day of `month` (`YYYY-MM`) on which a dossier's nightly sync becomes a full sync: random per
 * dossier but deterministic (a hash of dossier id and month), so the platform and anyone reading the
 * monitoring agree without storing it, and uniform over the month's days so full syncs spread evenly.
 */
export function monthlyFullDay(dossierId: string, month: string): number {
  const [year, monthNumber] = month.split('-').map(Number);
  const digest = createHash('sha256').update(`${dossierId}\u0000${month}`).digest();
  // 48 bits of hash: the modulo bias over at most 31 days is far below 1e-12
  return (digest.readUIntBE(0, 6) % daysInMonth(year, monthNumber)) + 1;
}

/** `YYYY-MM-DD` of a date in UTC. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The nightly start (02:00 UTC) of the day `date` falls on. */
export function nightOf(day: string): Date {
  return new Date(`${day}T${String(NIGHT_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
}

/** The first nightly start strictly after `now`. */
export function nextNight(now: Date): Date {
  const tonight = nightOf(dayOf(now));
  return tonight > now ? tonight : new Date(tonight.getTime() + 86_400_000);
}

/** Whether a dossier's sync on the night of `day` is its monthly full one. */
export function isMonthlyFullNight(dossierId: string, day: string): boolean {
  return monthlyFullDay(dossierId, day.slice(0, 7)) === Number(day.slice(8, 10));
}

/**
 * Nights for an upgrade backfill: dossiers (in id order) take the following `nights` nights in
 * turn, so each night carries an even share of full syncs.
 */
export function spreadOverNights(dossierIds: readonly string[], after: Date, nights: number): Map<string, Date> {
  const first = nextNight(after);
  const plan = new Map<string, Date>();
  [...dossierIds].sort().forEach((dossierId, index) => plan.set(dossierId, new Date(first.getTime() + (index % Math.max(1, nights)) * 86_400_000)));
  return plan;
}
