import { DossierShape } from './shape';

/**
 * Where a cycle falls in time: cycles are spread evenly over the fiscal years, in order, so
 * document numbers and dates grow together as they do in a real journal.
 */
export interface CyclePlace {
  /** The fiscal year, e.g. 2023. */
  year: number;
  /** Position of the cycle within its year, from 0. */
  position: number;
  /** The invoices' date. */
  date: string;
}

export function cyclePlace(shape: DossierShape, cycle: number): CyclePlace {
  const yearIndex = Math.floor((cycle * shape.fiscalYears) / shape.cycles);
  const first = firstCycleOfYear(shape, yearIndex);
  const inYear = firstCycleOfYear(shape, yearIndex + 1) - first;
  const year = shape.firstYear + yearIndex;
  const days = daysInYear(year);
  const day = Math.floor(((cycle - first) * days) / Math.max(1, inYear));
  return { year, position: cycle - first, date: addDays(`${year}-01-01`, day) };
}

/** `date` plus `days`, but never past the end of its year (an entry stays in its fiscal year). */
export function laterInYear(date: string, days: number): string {
  const later = addDays(date, days);
  return later.slice(0, 4) === date.slice(0, 4) ? later : `${date.slice(0, 4)}-12-31`;
}

/** The monthly period of a date, as generatedPeriods names them. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

function firstCycleOfYear(shape: DossierShape, yearIndex: number): number {
  return Math.ceil((yearIndex * shape.cycles) / shape.fiscalYears);
}

function daysInYear(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86400000;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
