import { isCalendarDate, Period } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { Clock, isoNow, systemClock } from './clock';
import { invalidField, PlatformError, PlatformErrorCode } from './errors';

/** What the platform keeps per dossier besides its records. */
export interface DossierView {
  id: string;
  name: string;
  currency: string;
  clientEmail: string | null;
  connectorId: string | null;
  adapterId: string | null;
  adapterVersion: string | null;
  /** The date shown in the client portal: the books are complete up to it. */
  updatedUntil: string | null;
  activePeriodId: string | null;
  closedPeriodIds: string[];
  proposalCounter: number;
  probeToken: string | null;
  lastSync: { full: string | null; incremental: string | null; proposal: string | null; manual: string | null };
}

export interface DossierRegistration {
  id: string;
  name: string;
  currency: string;
  connectorId: string;
  adapterId: string;
  adapterVersion: string;
}

/** The two fields an accountant may set for many dossiers at once. */
export interface BulkFields {
  updatedUntil?: string;
  resetProposalCounter?: boolean;
}

export class DossierStore {
  constructor(private readonly db: Knex, private readonly clock: Clock = systemClock) {}

  /** Adds or refreshes a dossier a connector serves; returns the adapter version it had before (null when new). */
  async register(registration: DossierRegistration): Promise<string | null> {
    const previous = await this.db('pf_dossiers').where({ dossier_id: registration.id }).first('adapter_version');
    const row = { name: registration.name, currency: registration.currency, connector_id: registration.connectorId, adapter_id: registration.adapterId, adapter_version: registration.adapterVersion };
    if (previous) await this.db('pf_dossiers').where({ dossier_id: registration.id }).update(row);
    else await this.db('pf_dossiers').insert({ dossier_id: registration.id, ...row });
    return previous?.adapter_version ?? null;
  }

  async get(dossierId: string, db: Knex = this.db): Promise<DossierView> {
    const row = await db('pf_dossiers').where({ dossier_id: dossierId }).first();
    if (!row) throw new PlatformError(PlatformErrorCode.UnknownDossier, `dossier ${dossierId} is not registered on the platform`);
    const closed: { period_id: string }[] = await db('pf_closed_periods').where({ dossier_id: dossierId }).orderBy('period_id').select('period_id');
    return {
      id: row.dossier_id,
      name: row.name,
      currency: row.currency,
      clientEmail: row.client_email,
      connectorId: row.connector_id,
      adapterId: row.adapter_id,
      adapterVersion: row.adapter_version,
      updatedUntil: row.updated_until,
      activePeriodId: row.active_period_id,
      closedPeriodIds: closed.map((c) => c.period_id),
      proposalCounter: Number(row.proposal_counter),
      probeToken: row.probe_token,
      lastSync: { full: row.last_full_at, incremental: row.last_incremental_at, proposal: row.last_proposal_at, manual: row.last_manual_at },
    };
  }

  async list(): Promise<DossierView[]> {
    const ids: { dossier_id: string }[] = await this.db('pf_dossiers').orderBy('dossier_id').select('dossier_id');
    return Promise.all(ids.map((row) => this.get(row.dossier_id)));
  }

  async setClientEmail(dossierId: string, email: string): Promise<void> {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidField('clientEmail', 'is not an e-mail address', dossierId);
    await this.update(this.db, dossierId, { client_email: email });
  }

  async setProbeToken(dossierId: string, token: string): Promise<void> {
    await this.update(this.db, dossierId, { probe_token: token });
  }

  async addToProposalCounter(dossierId: string, booked: number, db: Knex = this.db): Promise<void> {
    await this.get(dossierId, db);
    await db('pf_dossiers').where({ dossier_id: dossierId }).increment('proposal_counter', booked);
  }

  async markManualSync(dossierId: string, db: Knex = this.db): Promise<void> {
    await this.update(db, dossierId, { last_manual_at: isoNow(this.clock) });
  }

  /** Updated-until and the counter reset for many dossiers, all or none. */
  async bulkUpdate(dossierIds: string[], fields: BulkFields): Promise<void> {
    checkBulkFields(fields);
    await this.db.transaction(async (trx) => {
      for (const dossierId of dossierIds) await this.applyBulkFields(trx, dossierId, fields);
    });
  }

  async applyBulkFields(db: Knex, dossierId: string, fields: BulkFields): Promise<void> {
    checkBulkFields(fields, dossierId);
    const changes: Record<string, unknown> = {};
    if (fields.updatedUntil !== undefined) changes.updated_until = fields.updatedUntil;
    if (fields.resetProposalCounter) changes.proposal_counter = 0;
    await this.update(db, dossierId, changes);
  }

  /**
   * Makes `periodId` the dossier's active booking period and closes, on the platform, every period
   * that ends before it starts. The period must be one the platform holds.
   */
  async setActivePeriod(db: Knex, dossierId: string, periodId: string): Promise<string[]> {
    const rows: { json: string }[] = await db('pf_records').where({ dossier_id: dossierId, entity: 'period' }).select('json');
    const periods = rows.map((row) => JSON.parse(row.json) as Period);
    const active = periods.find((period) => period.id === periodId);
    if (!active) throw invalidField('activePeriodId', `period ${periodId} is not on the platform`, dossierId);
    const earlier = periods.filter((period) => period.end < active.start).map((period) => period.id);
    await this.update(db, dossierId, { active_period_id: periodId });
    const closedAt = isoNow(this.clock);
    for (const id of earlier) {
      await db('pf_closed_periods').insert({ dossier_id: dossierId, period_id: id, closed_at: closedAt }).onConflict(['dossier_id', 'period_id']).ignore();
    }
    return earlier;
  }

  private async update(db: Knex, dossierId: string, changes: Record<string, unknown>): Promise<void> {
    if (Object.keys(changes).length === 0) {
      await this.get(dossierId, db);
      return;
    }
    const updated = await db('pf_dossiers').where({ dossier_id: dossierId }).update(changes);
    if (updated === 0) throw new PlatformError(PlatformErrorCode.UnknownDossier, `dossier ${dossierId} is not registered on the platform`);
  }
}

export function checkBulkFields(fields: BulkFields, dossierId?: string): void {
  if (fields.updatedUntil !== undefined && !isCalendarDate(fields.updatedUntil)) throw invalidField('updatedUntil', `${JSON.stringify(fields.updatedUntil)} is not a date YYYY-MM-DD`, dossierId);
  if (fields.resetProposalCounter !== undefined && typeof fields.resetProposalCounter !== 'boolean') throw invalidField('resetProposalCounter', 'must be true or false', dossierId);
}
