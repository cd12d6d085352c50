/**
 * An oracle the engine does not share: the valid part of a source state and the portal figures,
 * recomputed from the format's text (/work/shared/ledger-format.md, "The canonical ledger model")
 * in the plainest code that can be right. It imports nothing from the SDK on purpose: a bug in the
 * SDK's `validateShape`, `checkMatchingLines` or `portalFigures` must show up as a difference.
 *
 * Its shape check is deliberately narrower than the JSON Schema (it checks what the invariants
 * need: ids, references, integer amounts, line numbers, real dates); the property tests generate
 * records whose other fields are well-formed.
 */

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Dependency order: a record only refers to entities before its own. */
export const ORDER = ['fiscalYear', 'period', 'journal', 'account', 'counterparty', 'entry', 'matching'] as const;
export type Entity = (typeof ORDER)[number];

export type Source = { [E in Entity]: Map<string, unknown> };

/** Why the oracle leaves a record out: the first rule it breaks (codes as the format's errors name them). */
export interface Rejection {
  entity: Entity;
  id: string;
  code: string;
}

export interface OracleResult {
  valid: { [E in Entity]: Map<string, Rec> };
  rejected: Rejection[];
}

export interface OracleOptions {
  /** The dossier's book currency: with it, the 1.1 currencyAmount rules apply. */
  bookCurrency?: string;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** -1, 0 or 1. */
const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

export function oracleValidState(source: Source, options: OracleOptions = {}): OracleResult {
  const valid = { fiscalYear: new Map(), period: new Map(), journal: new Map(), account: new Map(), counterparty: new Map(), entry: new Map(), matching: new Map() } as OracleResult['valid'];
  const rejected: Rejection[] = [];
  // amount already matched on "entry/line" by the valid matchings so far (all of the line's sign)
  const matched = new Map<string, number>();

  for (const entity of ORDER) {
    const ids = [...source[entity].keys()].sort(); // code-unit order
    for (const id of ids) {
      const record = source[entity].get(id) as Rec;
      const code = problemOf(entity, id, record, valid, matched, options);
      if (code) {
        rejected.push({ entity, id, code });
        continue;
      }
      valid[entity].set(id, record);
      if (entity === 'matching') {
        for (const item of record.items) {
          const key = `${item.entryId}/${item.line}`;
          matched.set(key, (matched.get(key) ?? 0) + Math.abs(item.amount));
        }
      }
    }
  }
  return { valid, rejected };
}

function problemOf(entity: Entity, id: string, r: Rec, valid: OracleResult['valid'], matched: Map<string, number>, options: OracleOptions): string | undefined {
  if (typeof r !== 'object' || r === null || r.id !== id) return 'LEDGER_SCHEMA_VIOLATION';
  switch (entity) {
    case 'fiscalYear':
      if (!isDate(r.start) || !isDate(r.end)) return 'LEDGER_INVALID_DATE';
      return undefined;
    case 'period':
      if (!isDate(r.start) || !isDate(r.end)) return 'LEDGER_INVALID_DATE';
      if (!valid.fiscalYear.has(r.fiscalYearId)) return 'LEDGER_MISSING_REFERENCE';
      return undefined;
    case 'journal':
    case 'counterparty':
      if (!isId(r.name)) return 'LEDGER_SCHEMA_VIOLATION';
      return undefined;
    case 'account':
      if (!isId(r.name) || typeof r.reconcilable !== 'boolean') return 'LEDGER_SCHEMA_VIOLATION';
      return undefined;
    case 'entry':
      return entryProblem(r, valid, options);
    case 'matching':
      return matchingProblem(r, valid, matched);
  }
}

function entryProblem(r: Rec, valid: OracleResult['valid'], options: OracleOptions): string | undefined {
  if (!Array.isArray(r.lines) || r.lines.length === 0) return 'LEDGER_SCHEMA_VIOLATION';
  for (const line of r.lines) {
    if (!isInt(line.line) || !isId(line.accountId) || !isInt(line.amount)) return 'LEDGER_SCHEMA_VIOLATION';
    if (line.currencyAmount !== undefined && !isInt(line.currencyAmount)) return 'LEDGER_SCHEMA_VIOLATION';
  }
  if (!isDate(r.date) || (r.dueDate !== undefined && !isDate(r.dueDate))) return 'LEDGER_INVALID_DATE';
  const numbers = r.lines.map((l: Rec) => l.line);
  if (new Set(numbers).size !== numbers.length) return 'LEDGER_DUPLICATE_LINE';
  let total = 0;
  for (const line of r.lines) total += line.amount;
  if (total !== 0) return 'LEDGER_UNBALANCED_ENTRY';
  // 1.1: a currencyAmount has the sign of its amount (or one of them is 0); only a foreign-currency entry has one
  for (const line of r.lines) {
    if (line.currencyAmount === undefined) continue;
    if (line.currencyAmount !== 0 && line.amount !== 0 && sign(line.currencyAmount) !== sign(line.amount)) return 'LEDGER_CURRENCY_AMOUNT_SIGN';
    if (options.bookCurrency !== undefined && r.currency === options.bookCurrency) return 'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY';
  }
  const refs: [Entity, unknown][] = [['journal', r.journalId], ['fiscalYear', r.fiscalYearId], ['period', r.periodId]];
  if (r.counterpartyId !== undefined) refs.push(['counterparty', r.counterpartyId]);
  for (const line of r.lines) {
    refs.push(['account', line.accountId]);
    if (line.counterpartyId !== undefined) refs.push(['counterparty', line.counterpartyId]);
  }
  for (const [entity, target] of refs) if (!valid[entity].has(target as string)) return 'LEDGER_MISSING_REFERENCE';
  return undefined;
}

function matchingProblem(r: Rec, valid: OracleResult['valid'], matched: Map<string, number>): string | undefined {
  if (!Array.isArray(r.items) || r.items.length === 0 || !isDate(r.date)) return 'LEDGER_SCHEMA_VIOLATION';
  for (const item of r.items) if (!isId(item.entryId) || !isInt(item.line) || !isInt(item.amount)) return 'LEDGER_SCHEMA_VIOLATION';
  let total = 0;
  for (const item of r.items) total += item.amount;
  if (total !== 0) return 'LEDGER_UNBALANCED_MATCHING';
  for (const item of r.items) if (!valid.entry.has(item.entryId)) return 'LEDGER_MISSING_REFERENCE';
  const here = new Map<string, number>();
  for (const item of r.items) {
    const line = valid.entry.get(item.entryId)!.lines.find((l: Rec) => l.line === item.line);
    if (!line) return 'LEDGER_MISSING_REFERENCE';
    if (valid.account.get(line.accountId)?.reconcilable !== true) return 'LEDGER_MATCHING_NOT_RECONCILABLE';
    if (item.amount === 0 || sign(item.amount) !== sign(line.amount)) return 'LEDGER_MATCHING_SIGN_MISMATCH';
    const key = `${item.entryId}/${item.line}`;
    here.set(key, (here.get(key) ?? 0) + Math.abs(item.amount));
    if ((matched.get(key) ?? 0) + here.get(key)! > Math.abs(line.amount)) return 'LEDGER_OVER_MATCHED';
  }
  return undefined;
}

export interface Figures {
  trialBalance: Record<string, number>;
  openItems: Record<string, number>;
}

/** The portal figures of a valid state, as the format defines them. */
export function oracleFigures(valid: OracleResult['valid']): Figures {
  const trialBalance: Record<string, number> = {};
  const openItems: Record<string, number> = {};
  const ownerOf = new Map<string, string>();
  for (const entry of valid.entry.values()) {
    for (const line of entry.lines) {
      trialBalance[line.accountId] = (trialBalance[line.accountId] ?? 0) + line.amount;
      // the line's counterparty, else the entry's
      const owner = line.counterpartyId !== undefined ? line.counterpartyId : entry.counterpartyId;
      if (owner === undefined || valid.account.get(line.accountId)?.reconcilable !== true) continue;
      openItems[owner] = (openItems[owner] ?? 0) + line.amount;
      ownerOf.set(`${entry.id}/${line.line}`, owner);
    }
  }
  for (const matching of valid.matching.values()) {
    for (const item of matching.items) {
      const owner = ownerOf.get(`${item.entryId}/${item.line}`);
      if (owner !== undefined) openItems[owner] -= item.amount;
    }
  }
  return { trialBalance, openItems };
}

/** Valid records per entity, as the `expect.counts` of a recorded ledger count them. */
export function oracleCounts(valid: OracleResult['valid']): Record<Entity, number> {
  return Object.fromEntries(ORDER.map((e) => [e, valid[e].size])) as Record<Entity, number>;
}
