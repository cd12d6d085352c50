import { expect } from 'chai';
import { ENTITIES, LedgerState, RecordErrorJson } from '@ledgersync/sdk';
import { Entity, OracleResult, oracleFigures } from './oracle';

/** Ids per entity of a state, sorted. */
export function idsOf(state: { [E in Entity]: Map<string, unknown> } | LedgerState): Record<string, string[]> {
  return Object.fromEntries(ENTITIES.map((e) => [e, [...(state as Record<string, Map<string, unknown>>)[e].keys()].sort()]));
}

/**
 * The engine's (or the SDK's) verdict against the oracle's: the same records held, with the same
 * content, the same records reported, the oracle's reason among the reported ones, the same figures.
 */
export function expectAgreesWithOracle(held: LedgerState, reported: readonly Pick<RecordErrorJson, 'code' | 'entity' | 'recordId'>[], oracle: OracleResult, label: string): void {
  expect(idsOf(held), `records held, ${label}`).to.deep.equal(idsOf(oracle.valid));
  for (const entity of ENTITIES) {
    for (const [id, record] of oracle.valid[entity]) expect(sameContent(held[entity].get(id), record), `${entity} ${id} content, ${label}`).to.equal(true);
  }
  const codes = new Map<string, Set<string>>();
  for (const e of reported) codes.set(`${e.entity} ${e.recordId}`, (codes.get(`${e.entity} ${e.recordId}`) ?? new Set()).add(e.code));
  expect([...codes.keys()].sort(), `records reported, ${label}`).to.deep.equal(oracle.rejected.map((r) => `${r.entity} ${r.id}`).sort());
  for (const r of oracle.rejected) expect([...codes.get(`${r.entity} ${r.id}`)!], `why ${r.entity} ${r.id} is out, ${label}`).to.include(r.code);
  expect(oracleFigures(held as unknown as OracleResult['valid']), `figures, ${label}`).to.deep.equal(oracleFigures(oracle.valid));
}

/** Field by field, whatever the key order (the engine holds records in canonical form). */
function sameContent(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameContent(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
    const ka = keys(a);
    return ka.join() === keys(b).join() && ka.every((k) => sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
