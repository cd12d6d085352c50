import { expect } from 'chai';
import { daysInMonth, monthlyFullDay, needsBackfill, nextNight, spreadOverNights } from '../../src/platform';

describe('sync schedule', () => {
  for (const month of ['2025-02', '2025-03', '2025-04', '2024-02']) {
    it(`spreads the monthly full day of 10,000 dossiers evenly over ${month} (every day within ±20 % of the mean)`, () => {
      const days = daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
      const perDay = new Array<number>(days + 1).fill(0);
      for (let i = 0; i < 10_000; i++) perDay[monthlyFullDay(`BE0${String(400000000 + i * 7919)}`, month)] += 1;
      const mean = 10_000 / days;
      expect(perDay[0], 'no day 0').to.equal(0);
      for (let day = 1; day <= days; day++) expect(perDay[day], `day ${day}`).to.be.within(mean * 0.8, mean * 1.2);
    });
  }

  it('gives a dossier the same day every time, and different days in different months', () => {
    expect(monthlyFullDay('BE0412345678', '2025-02')).to.equal(monthlyFullDay('BE0412345678', '2025-02'));
    const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].map((m) => monthlyFullDay('BE0412345678', m));
    expect(new Set(months).size).to.be.greaterThan(1);
  });

  it('schedules the next night at 02:00 UTC', () => {
    expect(nextNight(new Date('2025-02-01T01:00:00Z')).toISOString()).to.equal('2025-02-01T02:00:00.000Z');
    expect(nextNight(new Date('2025-02-01T02:00:00Z')).toISOString()).to.equal('2025-02-02T02:00:00.000Z');
  });

  it('spreads an upgrade backfill evenly over the following nights', () => {
    const ids = Array.from({ length: 70 }, (_, i) => `D${i}`);
    const plan = spreadOverNights(ids, new Date('2025-02-10T12:00:00Z'), 7);
    const perNight = new Map<string, number>();
    for (const night of plan.values()) perNight.set(night.toISOString(), (perNight.get(night.toISOString()) ?? 0) + 1);
    expect([...perNight.keys()].sort()).to.deep.equal(['11', '12', '13', '14', '15', '16', '17'].map((d) => `2025-02-${d}T02:00:00.000Z`));
    expect([...perNight.values()]).to.deep.equal([10, 10, 10, 10, 10, 10, 10]);
  });

  it('asks for a backfill only on an upgrade from a version the manifest names', () => {
    const backfill = { whenUpgradingFrom: '<1.2.0', reason: 'matchings were read incompletely' };
    expect(needsBackfill('1.1.3', '1.2.0', backfill)).to.equal(true);
    expect(needsBackfill('1.2.0', '1.2.1', backfill), 'previous not in range').to.equal(false);
    expect(needsBackfill('1.1.3', '1.1.3', backfill), 'same version').to.equal(false);
    expect(needsBackfill('1.3.0', '1.1.0', backfill), 'downgrade').to.equal(false);
    expect(needsBackfill(null, '1.2.0', backfill), 'first registration').to.equal(false);
    expect(needsBackfill('1.1.3', '1.2.0', undefined), 'no manifest request').to.equal(false);
  });
});
