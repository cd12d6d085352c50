import { Account, EntityName } from '@ledgersync/sdk';
import { PlannedStatus, StagedRow, StateRow } from '../../state';
import { chunks } from '../../state/sql';
import { SyncContext } from '../context';
import { stagedCascade } from '../staged-source';

/**
 * Which dependants a decided record must send back to planning:
 * - every record referring to it when it appears, disappears, or becomes valid or invalid;
 * - only matchings when it stays on the platform but changes what matchings check
 *   (an account's `reconcilable` flag, an entry's lines).
 */
export function dependantsToRevisit(entity: EntityName, before: StateRow | undefined, status: PlannedStatus, staged: StagedRow): 'all' | 'matchings' | 'none' {
  if ((before?.status ?? 'gone') !== status) return 'all';
  if (status !== 'sent' || !before) return 'none';
  if (entity === 'account') {
    const was = (JSON.parse(before.recordJson) as Account).reconcilable;
    const is = (JSON.parse(staged.recordJson!) as Account).reconcilable;
    return was === is ? 'none' : 'matchings';
  }
  if (entity === 'entry') return before.digest === staged.digest ? 'none' : 'matchings';
  return 'none';
}

/** Stages acknowledged records again (origin `cascade`) unless this changeset staged them already; returns those staged now. */
export async function restage(ctx: SyncContext, entity: EntityName, ids: readonly string[]): Promise<string[]> {
  const staged: string[] = [];
  // a deleted journal can send 100k entries back: copy them in slices, never all at once
  for (const slice of chunks(ids, RESTAGE_SLICE)) {
    const already = await ctx.staging.byIds(entity, slice);
    const fresh = slice.filter((id) => !already.has(id));
    const rows = [...(await ctx.records.byIds(entity, fresh)).values()].map(stagedCascade);
    await ctx.staging.put(rows);
    staged.push(...rows.map((r) => r.id));
  }
  return staged;
}

const RESTAGE_SLICE = 500;
