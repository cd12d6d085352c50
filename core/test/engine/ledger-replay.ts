import {
  canonicalJson, canonicalRecord, contentDigest, ENTITIES, LedgerState, Proposal, ProposalNumbering, readRecordedLedgerFile, RecordedLedger,
  RecordErrorJson, ValidatedState,
} from '@ledgersync/sdk';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The public recorded ledgers (conformance/ledgers), from core/dist/test/engine. */
export const LEDGER_DIRECTORY = join(__dirname, '../../../../conformance/ledgers');

export function publicLedgers(): { file: string; ledger: RecordedLedger }[] {
  return readdirSync(LEDGER_DIRECTORY)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ledger: readRecordedLedgerFile(join(LEDGER_DIRECTORY, file)) }));
}

/** How the recorded-ledger adapter numbers pushed proposals (`<journal>-P<n>`), so the replay and the adapter agree. */
export function adapterNumbering(): ProposalNumbering {
  let pushed = 0;
  const given = new Map<string, { id: string; number: string }>();
  return (proposal: Proposal) => {
    const known = given.get(proposal.id);
    if (known) return known;
    pushed += 1;
    const numbering = { id: `${proposal.journalId}-P${pushed}`, number: `P${pushed}` };
    given.set(proposal.id, numbering);
    return numbering;
  };
}

/** Per entity, id → content digest: two states are equal when these are. */
export function digestsOf(state: LedgerState): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const entity of ENTITIES) {
    out[entity] = {};
    for (const [id, record] of [...state[entity]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[entity][id] = contentDigest(entity, record);
  }
  return out;
}

/** Quarantine reports comparable with `validState`'s: (code, entity, id, field), sorted. */
export function reportKeys(errors: readonly RecordErrorJson[]): string[] {
  return errors.map((e) => `${e.code} ${e.entity} ${e.recordId} ${e.field}`).sort();
}

export function truthReport(truth: ValidatedState): string[] {
  return reportKeys(truth.rejected.map((e) => e.toJSON()));
}

export function canonical(entity: (typeof ENTITIES)[number], record: unknown): string {
  return canonicalJson(canonicalRecord(entity, record));
}
