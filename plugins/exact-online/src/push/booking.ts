import { EntryLine, JournalType, Proposal, ProposalRejectedError } from '@ledgersync/sdk';
import { decimal } from '../mapping/amounts';

/** What the adapter knows of the division when it books a proposal. */
export interface BookingContext {
  dossierId: string;
  journalType: JournalType;
  /** GL accounts by number: Exact's GUID, and whether Exact matches its lines (receivable, payable). */
  glAccounts: ReadonlyMap<string, { guid: string; reconcilable: boolean }>;
}

/** Where and what to POST, and the filter on financialtransaction/TransactionLines that finds the booking again. */
export interface BookingRequest {
  resource: string;
  body: Record<string, unknown>;
  readBack: string;
}

/**
 * Notes of a general entry booked for a proposal. GeneralJournalEntries has no `YourRef` (nor
 * `EntryDate`, nor a header description): its lines carry `Notes`, which transaction lines
 * return, so the proposal id travels there, after the description, and a second push finds the
 * first by the exact text. The entry mapping strips the tag again.
 */
export function taggedNotes(proposalId: string, description?: string): string {
  return `${description === undefined ? '' : `${description} `}${PROPOSAL_TAG_OPEN}${proposalId}]`;
}

export const PROPOSAL_TAG_OPEN = '[ledgersync:';

/** The description of tagged notes, without the proposal tag. */
export function untaggedNotes(notes: string): string | undefined {
  const at = notes.lastIndexOf(PROPOSAL_TAG_OPEN);
  if (at < 0 || !notes.endsWith(']')) return notes;
  const text = notes.slice(0, at).replace(/ $/, '');
  return text === '' ? undefined : text;
}

/** The read-back filter of a proposal, the same before and after posting. */
export function readBackFilter(proposal: Proposal, journalType: JournalType): string {
  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  if (journalType === 'general') return `JournalCode eq ${quote(proposal.journalId)} and Notes eq ${quote(taggedNotes(proposal.id, proposal.description))}`;
  return `YourRef eq ${quote(proposal.id)}`;
}

export const BOOKING_RESOURCES = {
  purchase: 'purchaseentry/PurchaseEntries',
  sales: 'salesentry/SalesEntries',
  general: 'generaljournalentry/GeneralJournalEntries',
} as const;

/**
 * The Exact booking a proposal becomes. Purchase and sales entries go through
 * `PurchaseEntries`/`SalesEntries`, where Exact writes the payable or receivable line and the VAT
 * lines itself: the proposal's line on a reconcilable account must be the only one and carry the
 * counterparty, and its uncoded lines are taken as the VAT of its single VAT-coded line. General
 * entries go through `GeneralJournalEntries`, line by line. Bank and cash entries come from bank
 * statements in Exact and are refused. The proposal id travels as `YourRef`: it is how a second
 * push finds the first.
 */
export function bookingRequest(proposal: Proposal, context: BookingContext): BookingRequest {
  const reject = (field: string, detail: string) => new ProposalRejectedError(context.dossierId, proposal.id, field, detail);
  const guidOf = (line: EntryLine, index: number) => {
    const account = context.glAccounts.get(line.accountId);
    if (!account) throw reject(`lines[${index}].accountId`, `GL account ${line.accountId} is not in the division`);
    return account.guid;
  };
  const readBack = readBackFilter(proposal, context.journalType);
  const header = {
    EntryDate: `${proposal.date}T00:00:00`,
    YourRef: proposal.id,
    ...(proposal.description !== undefined ? { Description: proposal.description } : {}),
    ...(proposal.dueDate !== undefined ? { DueDate: `${proposal.dueDate}T00:00:00` } : {}),
  };
  if (context.journalType === 'financial') throw reject('journalId', `journal ${proposal.journalId} is a bank or cash journal: Exact books those from bank statements`);
  if (context.journalType === 'general') {
    // the documented header is JournalCode, FinancialYear/Period, Currency, lines: date and notes go on each line
    const notes = taggedNotes(proposal.id, proposal.description);
    const lines = proposal.lines.map((line, index) => ({
      GLAccount: guidOf(line, index),
      Date: header.EntryDate,
      AmountFC: decimal(line.amount),
      Account: line.counterpartyId ?? proposal.counterpartyId,
      Notes: notes,
      ...(line.description !== undefined ? { Description: line.description } : {}),
      ...(line.vatCode !== undefined ? { VATCode: line.vatCode } : {}),
    }));
    return { resource: BOOKING_RESOURCES.general, body: { JournalCode: proposal.journalId, GeneralJournalEntryLines: lines }, readBack };
  }
  // Exact's amounts on purchase lines are costs (debit), on sales lines revenue (credit)
  const sign = context.journalType === 'purchase' ? 1 : -1;
  const indexed = proposal.lines.map((line, index) => ({ line, index, reconcilable: context.glAccounts.get(line.accountId)?.reconcilable === true }));
  const control = indexed.filter((l) => l.reconcilable);
  if (control.length !== 1) throw reject('lines', `Exact writes the ${context.journalType === 'purchase' ? 'payable' : 'receivable'} line itself: give exactly one line on a reconcilable account, not ${control.length}`);
  if ((control[0].line.counterpartyId ?? proposal.counterpartyId) !== proposal.counterpartyId) throw reject(`lines[${control[0].index}].counterpartyId`, 'must be the proposal’s counterparty');
  const coded = indexed.filter((l) => !l.reconcilable && l.line.vatCode !== undefined);
  const uncoded = indexed.filter((l) => !l.reconcilable && l.line.vatCode === undefined);
  if (coded.length > 1 && uncoded.length > 0) throw reject('lines', 'with several VAT codes, Exact computes each VAT line itself: the VAT lines cannot be told apart');
  const vat = coded.length === 1 ? uncoded.reduce((sum, l) => sum + l.line.amount, 0) : 0;
  const bookable = coded.length > 0 ? coded : uncoded;
  const lines = bookable.map(({ line, index }) => ({
    GLAccount: guidOf(line, index),
    AmountFC: decimal(sign * line.amount),
    ...(line.vatCode !== undefined ? { VATCode: line.vatCode, VATAmountFC: decimal(sign * vat) } : {}),
    ...(line.description !== undefined ? { Description: line.description } : {}),
  }));
  if (context.journalType === 'purchase') return { resource: BOOKING_RESOURCES.purchase, body: { Journal: proposal.journalId, Supplier: proposal.counterpartyId, ...header, PurchaseEntryLines: lines }, readBack };
  return { resource: BOOKING_RESOURCES.sales, body: { Journal: proposal.journalId, Customer: proposal.counterpartyId, ...header, SalesEntryLines: lines }, readBack };
}
