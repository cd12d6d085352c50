import { emptyLedgerState, ENTITIES, ExtractionAdapter, LedgerState, Step } from '@ledgersync/sdk';

/** What a proposal step must leave behind, besides the figures: one booking per proposal, in the source and on the platform, matchings untouched. */
export async function proposalProblems(adapter: ExtractionAdapter, dossierId: string, step: Step, pushed: { id: string; record: unknown }[], before: LedgerState, after: LedgerState): Promise<string[]> {
  const problems: string[] = [];
  const proposals = step.proposals ?? [];
  if (pushed.length !== proposals.length) problems.push(`${proposals.length} proposal(s) sent, but push() booked ${pushed.length}`);
  // push is idempotent per proposal id: a retry after a lost answer must not book twice
  for (const [i, proposal] of proposals.entries()) {
    if (!pushed[i]) continue;
    const again = await adapter.push!(dossierId, proposal);
    if (again.id !== pushed[i].id) problems.push(`proposal ${proposal.id} pushed again was booked a second time, as entry ${again.id} (first ${pushed[i].id}): push must be idempotent per proposal id`);
  }
  const inSource = new Set<string>();
  for await (const row of adapter.read(dossierId, 'entry')) inSource.add(row.id);
  for (const entry of pushed) {
    if (!inSource.has(entry.id)) problems.push(`entry ${entry.id}: returned by push() but not in the source`);
    if (!after.entry.has(entry.id)) problems.push(`entry ${entry.id}: booked in the source but not registered on the platform`);
  }
  const matchingsBefore = JSON.stringify([...before.matching].sort());
  const matchingsAfter = JSON.stringify([...after.matching].sort());
  if (matchingsBefore !== matchingsAfter) problems.push('the matchings on the platform changed during a proposal sync');
  return problems;
}

export function withEntries(state: LedgerState, entries: unknown[]): LedgerState {
  const copy = emptyLedgerState();
  for (const entity of ENTITIES) (copy as Record<string, Map<string, unknown>>)[entity] = new Map(state[entity] as Map<string, unknown>);
  for (const entry of entries) copy.entry.set((entry as { id: string }).id, entry as never);
  return copy;
}
