import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Knex } from 'knex';
import { Clock, NightScheduler, Platform, TaskView } from '../../src/platform';
import { eachDatabase } from './support/databases';

describe('night scheduler', function () {
  this.timeout(20_000);
  const [database] = eachDatabase('nights');
  let db: Knex;

  after(async () => {
    await db?.destroy();
    await database.drop();
  });

  it('plans the night at 02:00 UTC on its own timer, then waits for the next one', async () => {
    let offset = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offset) };
    ({ db } = await database.open());
    const platform = await Platform.on(db, { clock });
    await platform.dossiers.register({ id: 'N1', name: 'Night', currency: 'EUR', connectorId: 'c1', adapterId: 'a', adapterVersion: '1.0.0' });
    const planned: { day: string; tasks: TaskView[] }[] = [];
    const scheduler = new NightScheduler(platform, { onPlanned: (day, tasks) => planned.push({ day, tasks }) });
    // from now on the clock runs at real speed, 150 ms before 02:00
    offset = Date.parse('2025-03-09T01:59:59.850Z') - Date.now();
    scheduler.start();
    try {
      for (let waited = 0; planned.length === 0 && waited < 5_000; waited += 25) await sleep(25);
      expect(planned.map((p) => p.day)).to.deep.equal(['2025-03-09']);
      expect(planned[0].tasks.map((t) => [t.dossierId, t.notBefore])).to.deep.equal([['N1', '2025-03-09T02:00:00.000Z']]);
      await sleep(200);
      expect(planned, 'one plan per night').to.have.length(1);
    } finally {
      scheduler.stop();
    }
  });
});
