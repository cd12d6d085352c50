import { expect } from 'chai';
import { Proposal, ProposalRejectedError, readRecordedLedgerFile } from '@ledgersync/sdk';
import { bookingRequest } from '../src/push/booking';
import { ServedLedger } from './fixture-support';
import { collect, LEDGERS } from './support';

const closedPeriodEdit = () => readRecordedLedgerFile(LEDGERS[1]);
const proposalOf = (overrides: Partial<Proposal> = {}): Proposal => ({ ...closedPeriodEdit().steps[2].proposals![0], ...overrides });

describe('exact-online: booking proposals', () => {
  it('books a purchase proposal once, however often it is pushed, and reads it back as Exact wrote it', async () => {
    await ServedLedger.with(closedPeriodEdit(), async (served, dossier) => {
      // the state before the proposal step (a plain replay books proposals itself)
      await served.goTo(1);
      const proposal = proposalOf();
      const first = await served.adapter.push!(dossier, proposal);
      const second = await served.adapter.push!(dossier, proposal);
      expect(second).to.deep.equal(first);
      expect(first.record).to.deep.include({ journalId: 'AK', periodId: '2025-02', fiscalYearId: '2025', counterpartyId: 'L200', description: 'Eikenhout planken', number: '3' });
      const lines = first.record.lines.map(({ accountId, amount, vatCode }) => ({ accountId, amount, vatCode }));
      expect(lines).to.deep.equal([
        { accountId: '440000', amount: -60500, vatCode: undefined },
        { accountId: '604000', amount: 50000, vatCode: '81' },
        { accountId: '411000', amount: 10500, vatCode: undefined },
      ]);
      const entries = await collect(served.adapter.read(dossier, 'entry'));
      expect(entries.filter((e) => e.id === first.id)).to.have.length(1, 'booked once, and listed');
    });
  });

  it('compares a proposal’s journal and account codes as Exact keeps them: without outer spaces (failed before: journal "AK " is not in the division)', async () => {
    await ServedLedger.with(closedPeriodEdit(), async (served, dossier) => {
      await served.goTo(1);
      const proposal = proposalOf();
      const padded = { ...proposal, journalId: `${proposal.journalId} `, lines: proposal.lines.map((l) => ({ ...l, accountId: ` ${l.accountId}` })) };
      const booked = await served.adapter.push!(dossier, padded);
      expect(booked.record).to.deep.include({ journalId: 'AK' });
      expect(booked.record.lines.map((l) => l.accountId)).to.deep.equal(['440000', '604000', '411000']);
    });
  });

  it('refuses a proposal dated in a closed period, naming the dossier, proposal and field', async () => {
    await ServedLedger.with(closedPeriodEdit(), async (served, dossier) => {
      await served.goTo(2);
      const error = await served.adapter.push!(dossier, proposalOf({ id: 'P-closed', date: '2025-01-15' })).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ProposalRejectedError);
      expect((error as Error).message).to.include(`dossier ${dossier}, proposal P-closed, field date`);
    });
  });

  describe('the Exact booking a proposal becomes', () => {
    const glAccounts = new Map([
      ['440000', { guid: 'g-440000', reconcilable: true }],
      ['400000', { guid: 'g-400000', reconcilable: true }],
      ['604000', { guid: 'g-604000', reconcilable: false }],
      ['411000', { guid: 'g-411000', reconcilable: false }],
      ['550000', { guid: 'g-550000', reconcilable: false }],
    ]);
    const context = (journalType: 'purchase' | 'sales' | 'financial' | 'general') => ({ dossierId: 'D1', journalType, glAccounts });

    it('lets Exact write the payable and VAT lines of a purchase entry', () => {
      const request = bookingRequest(proposalOf(), context('purchase'));
      expect(request.resource).to.equal('purchaseentry/PurchaseEntries');
      expect(request.body).to.deep.include({ Journal: 'AK', Supplier: 'L200', YourRef: 'P-77', EntryDate: '2025-02-04T00:00:00' });
      expect(request.body.PurchaseEntryLines).to.deep.equal([{ GLAccount: 'g-604000', AmountFC: 500, VATCode: '81', VATAmountFC: 105 }]);
    });

    it('books a general entry line by line', () => {
      const request = bookingRequest(proposalOf({ journalId: 'DIV' }), context('general'));
      expect(request.resource).to.equal('generaljournalentry/GeneralJournalEntries');
      expect((request.body.GeneralJournalEntryLines as unknown[]).length).to.equal(3);
    });

    it('refuses what Exact cannot book, naming the field', () => {
      const refuse = (proposal: Proposal, journalType: 'purchase' | 'financial') => {
        try {
          bookingRequest(proposal, context(journalType));
        } catch (error) {
          return (error as Error).message;
        }
        return 'accepted';
      };
      expect(refuse(proposalOf(), 'financial')).to.include('field journalId');
      const twoControls = proposalOf({ lines: [...proposalOf().lines, { line: 4, accountId: '400000', amount: 0 }] });
      expect(refuse(twoControls, 'purchase')).to.include('field lines: Exact writes the payable line itself');
      const unknownAccount = proposalOf({ lines: proposalOf().lines.map((l) => (l.line === 2 ? { ...l, accountId: '999999' } : l)) });
      expect(refuse(unknownAccount, 'purchase')).to.include('field lines[1].accountId');
    });
  });
});
