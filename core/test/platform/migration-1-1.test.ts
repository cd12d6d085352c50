import { expect } from 'chai';
import { Knex } from 'knex';
import { migratePlatform, openItems, openItemsInCurrency, PLATFORM_MIGRATIONS, trialBalance, yearResults } from '../../src/platform';
import { eachDatabase } from './support/databases';

/** A platform store filled under the schema before the 1.1 additions (migration 002), then migrated up. */
for (const database of eachDatabase('pfmig')) {
  describe(`platform migration 003_model_1_1 on ${database.label}`, function () {
    this.timeout(30_000);
    let db: Knex;

    before(async () => {
      ({ db } = await database.open());
    });
    after(async () => {
      await db?.destroy();
      await database.drop();
    });

    it('keeps 003 right after 002 (a later branch adds 004 after it)', () => {
      expect(PLATFORM_MIGRATIONS.slice(0, 3)).to.deep.equal(['001_platform_initial', '002_dossier_active_task', '003_model_1_1']);
    });

    it('adds the 1.1 columns to a store holding version-1 data, fills currency and fiscal year from the stored entries, and the figures work on both', async () => {
      await migratePlatform(db, '002_dossier_active_task');
      const before = await db('pf_entry_lines').columnInfo();
      expect(before).to.not.have.property('currency_amount');
      await db('pf_dossiers').insert({ dossier_id: 'D1', name: 'Old BV', currency: 'EUR' });
      await db('pf_accounts').insert([
        { dossier_id: 'D1', account_id: '400000', reconcilable: true },
        { dossier_id: 'D1', account_id: '700000', reconcilable: false },
      ]);
      const entries = [
        { id: 'VK-1', fiscalYearId: '2024', currency: 'EUR', amount: 12100 },
        { id: 'VK-2', fiscalYearId: '2025', currency: 'EUR', amount: 500 },
        { id: 'VK-3', fiscalYearId: '2025', currency: 'USD', amount: 900 },
      ];
      for (const e of entries) {
        const record = {
          id: e.id, journalId: 'VK', fiscalYearId: e.fiscalYearId, periodId: `${e.fiscalYearId}-01`, number: e.id, date: `${e.fiscalYearId}-01-10`, counterpartyId: 'C1', currency: e.currency,
          lines: [{ line: 1, accountId: '400000', amount: e.amount }, { line: 2, accountId: '700000', amount: -e.amount }],
        };
        await db('pf_records').insert({ dossier_id: 'D1', entity: 'entry', record_id: e.id, json: JSON.stringify(record), digest: 'x'.repeat(64) });
        await db('pf_entry_lines').insert([
          { dossier_id: 'D1', entry_id: e.id, line: 1, account_id: '400000', amount: e.amount, period_id: record.periodId, counterparty_id: 'C1' },
          { dossier_id: 'D1', entry_id: e.id, line: 2, account_id: '700000', amount: -e.amount, period_id: record.periodId, counterparty_id: null },
        ]);
      }
      const trialBefore = await trialBalance(db, 'D1');
      const openBefore = await openItems(db, 'D1');

      await migratePlatform(db);

      const lines = await db('pf_entry_lines').where({ dossier_id: 'D1', line: 1 }).orderBy('entry_id').select('entry_id', 'currency', 'fiscal_year_id', 'currency_amount', 'kind');
      expect(lines).to.deep.equal([
        { entry_id: 'VK-1', currency: 'EUR', fiscal_year_id: '2024', currency_amount: null, kind: null },
        { entry_id: 'VK-2', currency: 'EUR', fiscal_year_id: '2025', currency_amount: null, kind: null },
        { entry_id: 'VK-3', currency: 'USD', fiscal_year_id: '2025', currency_amount: null, kind: null },
      ]);
      expect(await trialBalance(db, 'D1')).to.deep.equal(trialBefore);
      expect(await openItems(db, 'D1')).to.deep.equal(openBefore);
      expect(await yearResults(db, 'D1')).to.deep.equal({ 2024: { 400000: 12100, 700000: -12100 }, 2025: { 400000: 1400, 700000: -1400 } });
      // C1's open lines are in EUR and in USD (without currencyAmount): no single-currency figure
      expect(await openItemsInCurrency(db, 'D1')).to.deep.equal({});
      await db('pf_entry_lines').where({ dossier_id: 'D1', entry_id: 'VK-3' }).delete();
      expect(await openItemsInCurrency(db, 'D1')).to.deep.equal({ C1: { currency: 'EUR', amount: 12600 } });
      // running it again changes nothing
      await migratePlatform(db);
      expect((await db('pf_migrations').select('name')).map((r: { name: string }) => r.name)).to.include('003_model_1_1');
    });

    it('names the migrations it knows when asked for one it does not', async () => {
      let caught: unknown;
      try {
        await migratePlatform(db, '009_nope');
      } catch (error) {
        caught = error;
      }
      expect(String(caught)).to.contain('003_model_1_1');
    });
  });
}
