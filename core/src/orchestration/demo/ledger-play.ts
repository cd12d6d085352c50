import { copySnapshot, Entry, ProposalNumbering, RecordedLedger, recordsOf, replay, ReplayedStep, validState, ValidatedState } from '@ledgersync/sdk';
import { SourceFileFixture } from '@ledgersync/example-recorded-ledger';

/** How the recorded-ledger adapter numbers pushed proposals (`<journal>-P<n>`), so a replay agrees with it. */
export function adapterNumbering(): ProposalNumbering {
  let pushed = 0;
  return (proposal) => {
    pushed += 1;
    return { id: `${proposal.journalId}-P${pushed}`, number: `P${pushed}` };
  };
}

/** One dossier's history, step by step, and the source file the adapter reads. */
export interface LedgerPlay {
  ledger: RecordedLedger;
  fixture: SourceFileFixture;
  steps: ReplayedStep[];
}

export function playOf(ledger: RecordedLedger): LedgerPlay {
  return { ledger, fixture: new SourceFileFixture(ledger), steps: [...replay(ledger, adapterNumbering())] };
}

/**
 * Writes the source as it is after step `index`'s changes. Proposals are left out: the connector
 * pushes them through the adapter, which writes them into the source file as a package writes its database.
 */
export function materialise(play: LedgerPlay, index: number): void {
  const replayed = play.steps[index];
  if (replayed.pushed.length === 0) return play.fixture.materialise(replayed);
  const source = copySnapshot(replayed.source);
  for (const { entry } of replayed.pushed) source.entry.delete(entry.id);
  play.fixture.materialise({ ...replayed, source, pushed: [] });
}

/** What the platform must hold after a proposal step: the source before it, plus the entries the proposals became. */
export function truthAfterProposals(play: LedgerPlay, index: number): ValidatedState {
  const before = play.steps[index - 1];
  const records = before ? recordsOf(before.source) : recordsOf(copySnapshot(play.steps[index].source));
  for (const { entry } of play.steps[index].pushed) records.entry.set(entry.id, entry as Entry);
  return validState(play.ledger.dossier.id, records, { bookCurrency: play.ledger.dossier.currency });
}
