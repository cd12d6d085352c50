import { ChangeMarker, Proposal } from '../extraction/contract';
import { entryFromProposal } from '../extraction/proposal';
import { ENTITIES, Entry, EntityName, Period } from '../model/entities';
import { emptySourceState, SourceLedgerState, validState, ValidatedState } from '../model/validity';
import { RecordedLedger, Step } from './ledger';

/** A record as the source holds it, with the source's modification marker. */
export interface HeldRecord {
  record: unknown;
  marker: ChangeMarker;
}

export type SourceSnapshot = { [E in EntityName]: Map<string, HeldRecord> };

/** Marker of a record that first appeared through a silent put: older than any real stamp. */
export const EPOCH_MARKER: ChangeMarker = '1970-01-01T00:00:00.000Z';

/** Markers of a replayed source: the step's `at`, normalised to UTC ISO-8601 so that string order is time order. */
export function markerOf(at: string): ChangeMarker {
  return new Date(at).toISOString();
}

/** The source after one step. */
export interface ReplayedStep {
  index: number;
  step: Step;
  marker: ChangeMarker;
  /** The source's records with their markers, after the step's changes and proposals. */
  source: SourceSnapshot;
  /** Hard deletes made in this step, in order. */
  deleted: { entity: EntityName; id: string }[];
  /** The entries the step's proposals became. */
  pushed: { proposal: Proposal; entry: Entry }[];
}

/** How the package numbers a pushed proposal; the default uses the proposal id for both. */
export type ProposalNumbering = (proposal: Proposal, step: number) => { id: string; number: string };

const defaultNumbering: ProposalNumbering = (proposal) => ({ id: proposal.id, number: proposal.id });

export function emptySnapshot(): SourceSnapshot {
  return emptySourceState() as unknown as SourceSnapshot;
}

export function copySnapshot(snapshot: SourceSnapshot): SourceSnapshot {
  const copy = emptySnapshot();
  for (const entity of ENTITIES) copy[entity] = new Map(snapshot[entity]);
  return copy;
}

/** Applies one step's changes (and proposals) to `source` in place. */
export function applyStep(ledger: RecordedLedger, index: number, source: SourceSnapshot, numbering: ProposalNumbering = defaultNumbering): ReplayedStep {
  const step = ledger.steps[index];
  const marker = markerOf(step.at);
  const deleted: ReplayedStep['deleted'] = [];
  for (const change of step.changes) {
    if (change.op === 'delete') {
      source[change.entity].delete(change.id);
      deleted.push({ entity: change.entity, id: change.id });
      continue;
    }
    const previous = source[change.entity].get(change.record.id);
    const held = change.silent ? (previous?.marker ?? EPOCH_MARKER) : marker;
    source[change.entity].set(change.record.id, { record: change.record, marker: held });
  }
  const pushed: ReplayedStep['pushed'] = [];
  for (const proposal of step.proposals ?? []) {
    const given = numbering(proposal, index);
    const periods = [...source.period.values()].map((held) => held.record as Period);
    const entry = entryFromProposal(ledger.dossier.id, proposal, { ...given, currency: ledger.dossier.currency, periods });
    source.entry.set(entry.id, { record: entry, marker });
    pushed.push({ proposal, entry });
  }
  return { index, step, marker, source, deleted, pushed };
}

/** Every step of a ledger in order, each with its own snapshot of the source. */
export function* replay(ledger: RecordedLedger, numbering?: ProposalNumbering): Generator<ReplayedStep> {
  let source = emptySnapshot();
  for (let index = 0; index < ledger.steps.length; index++) {
    source = copySnapshot(source);
    yield applyStep(ledger, index, source, numbering);
  }
}

/** The records of a snapshot without markers. */
export function recordsOf(snapshot: SourceSnapshot): SourceLedgerState {
  const state = emptySourceState();
  for (const entity of ENTITIES) {
    for (const [id, held] of snapshot[entity]) state[entity].set(id, held.record);
  }
  return state;
}

/** The valid records of the source after a replayed step, and the bad ones reported. */
export function truthOf(ledger: RecordedLedger, replayed: ReplayedStep): ValidatedState {
  return validState(ledger.dossier.id, recordsOf(replayed.source), { bookCurrency: ledger.dossier.currency });
}
