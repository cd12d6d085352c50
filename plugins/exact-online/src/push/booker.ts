import {
  AdapterError, AdapterErrorCode, entryFromProposal, Journal, Period, Proposal, ProposalRejectedError, SourceRecord,
} from '@ledgersync/sdk';
import { RESOURCES, SELECT, syncQuery } from '../endpoints';
import { ExactClient } from '../http/exact-client';
import { ReadRow } from '../listing';
import { RECONCILABLE_GL_TYPES } from '../mapping/master-data';
import { GLAccountRow } from '../mapping/rows';
import { DivisionReader } from '../reader';
import { bookingRequest, readBackFilter } from './booking';

/**
 * Books proposals into the division, once each: the proposal id is the booking's `YourRef`, and
 * a proposal whose booking is already there is answered with that entry.
 */
export class Booker {
  constructor(private readonly client: ExactClient, private readonly reader: DivisionReader) {}

  async push(dossierId: string, asProposed: Proposal): Promise<SourceRecord<'entry'>> {
    const proposal = withExactCodes(asProposed);
    const journals = (await this.reader.read('journal')).map((row) => row.record as Journal);
    const journal = journals.find((j) => j.id === proposal.journalId);
    if (!journal) throw new ProposalRejectedError(dossierId, proposal.id, 'journalId', `journal ${proposal.journalId} is not in the division`);
    const existing = await this.reader.bookedEntry(readBackFilter(proposal, journal.type));
    if (existing) return asSourceRecord(existing);
    await this.checkPeriod(dossierId, proposal);
    const glAccounts = new Map<string, { guid: string; reconcilable: boolean }>();
    for await (const row of this.client.rows<GLAccountRow>(RESOURCES.glAccounts, syncQuery(SELECT.glAccounts, 0n))) {
      glAccounts.set(String(row.Code).trim(), { guid: row.ID, reconcilable: RECONCILABLE_GL_TYPES.includes(row.Type as number) });
    }
    const request = bookingRequest(proposal, { dossierId, journalType: journal.type, glAccounts });
    const { status, json } = await this.client.post(request.resource, request.body);
    if (status >= 400 && status < 500) throw new ProposalRejectedError(dossierId, proposal.id, 'proposal', `Exact Online refused the booking (HTTP ${status}${exactMessage(json)})`);
    if (status >= 300) throw new AdapterError(AdapterErrorCode.Source, `Exact Online answered ${request.resource} with HTTP ${status}`);
    const booked = await this.reader.bookedEntry(request.readBack);
    if (!booked) throw new AdapterError(AdapterErrorCode.Source, `Exact Online accepted proposal ${proposal.id} but its entry cannot be read back`);
    return asSourceRecord(booked);
  }

  /** Exact refuses bookings outside an open period; say so before posting, naming the date. */
  private async checkPeriod(dossierId: string, proposal: Proposal): Promise<void> {
    const periods = (await this.reader.read('period')).map((row) => row.record as Period);
    entryFromProposal(dossierId, proposal, { id: proposal.id, number: proposal.id, currency: 'EUR', periods });
  }
}

/** Exact's journal, GL account and VAT codes carry no outer spaces (the reader trims the padding): a proposal's are compared the same way. */
function withExactCodes(proposal: Proposal): Proposal {
  return {
    ...proposal,
    journalId: proposal.journalId.trim(),
    lines: proposal.lines.map((line) => (line.vatCode === undefined ? { ...line, accountId: line.accountId.trim() } : { ...line, accountId: line.accountId.trim(), vatCode: line.vatCode.trim() })),
  };
}

function asSourceRecord(row: ReadRow): SourceRecord<'entry'> {
  return { id: row.id, marker: row.marker, cursor: JSON.stringify([row.id]), record: row.record as SourceRecord<'entry'>['record'] };
}

/** Exact's error text (`{ error: { message: { value } } }`), cut short: it names fields, not secrets. */
function exactMessage(json: unknown): string {
  const value = (json as { error?: { message?: { value?: unknown } } } | undefined)?.error?.message?.value;
  return typeof value === 'string' ? `: ${value.slice(0, 200)}` : '';
}
