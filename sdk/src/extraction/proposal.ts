import { Entry, Period } from '../model/entities';
import { Proposal } from './contract';
import { ProposalRejectedError } from './errors';

/** The period whose dates contain `date` (opening periods, number 0, are never chosen for new bookings). */
export function periodContaining(periods: Iterable<Period>, date: string): Period | undefined {
  let found: Period | undefined;
  for (const period of periods) {
    if (period.number === 0 || period.start > date || period.end < date) continue;
    if (!found || period.number < found.number) found = period;
  }
  return found;
}

/**
 * The canonical entry a proposal becomes once the package has given it an id and a number:
 * its fiscal year and period follow from its date, its currency is the dossier's.
 */
export function entryFromProposal(
  dossierId: string,
  proposal: Proposal,
  given: { id: string; number: string; currency: string; periods: Iterable<Period> },
): Entry {
  const period = periodContaining(given.periods, proposal.date);
  if (!period) throw new ProposalRejectedError(dossierId, proposal.id, 'date', `no booking period contains ${proposal.date}`);
  if (period.status === 'closed') throw new ProposalRejectedError(dossierId, proposal.id, 'date', `period ${period.id} is closed`);
  const entry: Entry = {
    id: given.id,
    journalId: proposal.journalId,
    fiscalYearId: period.fiscalYearId,
    periodId: period.id,
    number: given.number,
    date: proposal.date,
    counterpartyId: proposal.counterpartyId,
    currency: given.currency,
    lines: proposal.lines.map((line) => ({ ...line })),
  };
  if (proposal.dueDate !== undefined) entry.dueDate = proposal.dueDate;
  if (proposal.description !== undefined) entry.description = proposal.description;
  return entry;
}
