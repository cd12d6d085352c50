import { dayOf, isMonthlyFullNight, nightOf } from '../../../src/platform';
import { Harness } from './harness';

/** The first night after the harness clock that is (or is not) the dossier's monthly full night. */
export function nextNightWhere(harness: Harness, dossierId: string, monthlyFull: boolean): string {
  let day = new Date(harness.clock.now().getTime() + 86_400_000);
  while (isMonthlyFullNight(dossierId, dayOf(day)) !== monthlyFull) day = new Date(day.getTime() + 86_400_000);
  return dayOf(day);
}

/** Moves the clock to a night, has the platform plan it, and lets the connector run what is due. */
export async function runNight(harness: Harness, day: string): Promise<void> {
  harness.clock.set(new Date(nightOf(day).getTime() + 60_000));
  const planned = await harness.call<unknown[]>('POST', `/api/nights/${day}/plan`);
  if (planned.status !== 201) throw new Error(`planning ${day} failed: ${JSON.stringify(planned.body)}`);
  await harness.connector.drain();
}
