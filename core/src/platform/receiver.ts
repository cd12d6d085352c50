import { Knex } from 'knex';
import { ChangesetHeader, ChangesetPage, ChangesetReceiver, ChangesetSummary, PageAck } from '../changeset/types';
import { Clock, isoNow, systemClock } from './clock';
import { retryOnDeadlock } from './deadlock-retry';
import { PlatformError, PlatformErrorCode } from './errors';
import { writeOperations } from './record-writer';

const LAST_SYNC_COLUMN = { full: 'last_full_at', incremental: 'last_incremental_at', proposal: 'last_proposal_at' } as const;

/**
 * The platform side of a changeset: each page in one transaction, together with the row that says
 * it was applied, so a page seen twice (a retry after a lost acknowledgement) changes nothing.
 */
export class PlatformReceiver implements ChangesetReceiver {
  constructor(private readonly db: Knex, private readonly clock: Clock = systemClock) {}

  async begin(header: ChangesetHeader): Promise<{ lastApplied: number }> {
    await this.requireDossier(header.dossierId);
    const existing = await this.db('pf_changesets').where({ changeset_id: header.changesetId }).first();
    if (existing && existing.dossier_id !== header.dossierId) {
      throw new PlatformError(PlatformErrorCode.ChangesetMismatch, `changeset ${header.changesetId} belongs to dossier ${existing.dossier_id}, not ${header.dossierId}`);
    }
    if (!existing) {
      await this.db('pf_changesets')
        .insert({ changeset_id: header.changesetId, dossier_id: header.dossierId, kind: header.kind, started_at: header.startedAt })
        .onConflict('changeset_id')
        .ignore();
    }
    return { lastApplied: await this.lastApplied(header.changesetId) };
  }

  async apply(page: ChangesetPage): Promise<PageAck> {
    const changeset = await this.changeset(page.changesetId, page.dossierId);
    const ack = { changesetId: page.changesetId, sequence: page.sequence };
    try {
      // a deadlock victim's transaction was rolled back whole (its page row too): run it again
      return await retryOnDeadlock(() => this.db.transaction(async (trx) => {
        const seen = await trx('pf_applied_pages').where({ changeset_id: page.changesetId, sequence: page.sequence }).first();
        if (seen) return { ...ack, applied: false };
        const last = await this.lastApplied(page.changesetId, trx);
        if (page.sequence !== last + 1) {
          throw new PlatformError(PlatformErrorCode.SequenceGap, `changeset ${page.changesetId} of dossier ${page.dossierId}: page ${page.sequence} arrived after page ${last}`);
        }
        // claim the page first: a concurrent retry of the same page then fails on the primary key
        await trx('pf_applied_pages').insert({ changeset_id: page.changesetId, sequence: page.sequence, operations: page.operations.length, applied_at: isoNow(this.clock) });
        await writeOperations(trx, changeset.dossier_id, page.operations);
        return { ...ack, applied: true };
      }));
    } catch (error) {
      const seen = await this.db('pf_applied_pages').where({ changeset_id: page.changesetId, sequence: page.sequence }).first();
      if (seen) return { ...ack, applied: false };
      throw error;
    }
  }

  async complete(summary: ChangesetSummary): Promise<void> {
    const changeset = await this.changeset(summary.changesetId, summary.dossierId);
    if (changeset.completed_at) return;
    const finishedAt = isoNow(this.clock);
    await this.db.transaction(async (trx) => {
      await trx('pf_changesets').where({ changeset_id: summary.changesetId }).update({ completed_at: finishedAt, summary: JSON.stringify(summary) });
      await trx('pf_dossiers').where({ dossier_id: summary.dossierId }).update({ [LAST_SYNC_COLUMN[summary.kind]]: finishedAt });
    });
  }

  /** Highest sequence applied: pages are applied strictly in order, so this is where a resume starts. */
  private async lastApplied(changesetId: string, db: Knex = this.db): Promise<number> {
    const [row] = await db('pf_applied_pages').where({ changeset_id: changesetId }).max({ last: 'sequence' });
    return Number(row?.last ?? 0);
  }

  private async changeset(changesetId: string, dossierId: string): Promise<{ dossier_id: string; completed_at: string | null }> {
    const changeset = await this.db('pf_changesets').where({ changeset_id: changesetId }).first();
    if (!changeset) throw new PlatformError(PlatformErrorCode.UnknownChangeset, `changeset ${changesetId} of dossier ${dossierId} was never begun`);
    if (changeset.dossier_id !== dossierId) {
      throw new PlatformError(PlatformErrorCode.ChangesetMismatch, `changeset ${changesetId} belongs to dossier ${changeset.dossier_id}, not ${dossierId}`);
    }
    return changeset;
  }

  private async requireDossier(dossierId: string): Promise<void> {
    const found = await this.db('pf_dossiers').where({ dossier_id: dossierId }).first('dossier_id');
    if (!found) throw new PlatformError(PlatformErrorCode.UnknownDossier, `dossier ${dossierId} is not registered on the platform`);
  }
}
