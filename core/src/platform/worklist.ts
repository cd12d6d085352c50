import { isCalendarDate, Proposal } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { Clock, isoNow, systemClock } from './clock';
import { invalidField, PlatformError, PlatformErrorCode } from './errors';

/** The platform's worklist of booking proposals, waiting to be pushed into the package. */
export class Worklist {
  constructor(private readonly db: Knex, private readonly clock: Clock = systemClock) {}

  /** Adds proposals (a proposal already there is kept as it was: a proposal is booked once). */
  async add(dossierId: string, proposals: Proposal[]): Promise<void> {
    proposals.forEach((proposal, index) => checkProposal(dossierId, proposal, index));
    const now = isoNow(this.clock);
    for (const proposal of proposals) {
      await this.db('pf_proposals')
        .insert({ dossier_id: dossierId, proposal_id: proposal.id, json: JSON.stringify(proposal), state: 'pending', created_at: now })
        .onConflict(['dossier_id', 'proposal_id'])
        .ignore();
    }
  }

  async pending(dossierId: string): Promise<Proposal[]> {
    const rows: { json: string }[] = await this.db('pf_proposals').where({ dossier_id: dossierId, state: 'pending' }).orderBy('proposal_id').select('json');
    return rows.map((row) => JSON.parse(row.json) as Proposal);
  }

  /** Takes a pending proposal off the worklist (one the package refused, say), so later pushes go without it. */
  async withdraw(dossierId: string, proposalId: string): Promise<void> {
    const updated = await this.db('pf_proposals').where({ dossier_id: dossierId, proposal_id: proposalId, state: 'pending' }).update({ state: 'withdrawn' });
    if (updated === 0) throw new PlatformError(PlatformErrorCode.UnknownProposal, `dossier ${dossierId} has no pending proposal ${proposalId}`);
  }

  /** Marks proposals booked with the entries they became; returns how many were still pending. */
  async markBooked(db: Knex, dossierId: string, booked: Record<string, string>): Promise<number> {
    let count = 0;
    for (const [proposalId, entryId] of Object.entries(booked)) {
      count += await db('pf_proposals').where({ dossier_id: dossierId, proposal_id: proposalId, state: 'pending' }).update({ state: 'booked', entry_id: entryId });
    }
    return count;
  }
}

function checkProposal(dossierId: string, proposal: Proposal, index: number): void {
  const at = (field: string) => `proposals[${index}].${field}`;
  if (typeof proposal?.id !== 'string' || proposal.id === '') throw invalidField(at('id'), 'must be a non-empty string', dossierId);
  if (!isCalendarDate(proposal.date)) throw invalidField(at('date'), `${JSON.stringify(proposal.date)} is not a date YYYY-MM-DD`, dossierId);
  if (!Array.isArray(proposal.lines) || proposal.lines.length === 0) throw invalidField(at('lines'), 'must hold at least one line', dossierId);
  const sum = proposal.lines.reduce((total, line) => total + line.amount, 0);
  if (sum !== 0) throw invalidField(at('lines'), `lines sum to ${sum}, not 0`, dossierId);
}
