import { AdapterCapabilities, EntityName } from '@ledgersync/sdk';
import { DetectionMethod } from '../../changeset/types';
import { SyncContext } from '../context';
import { digestScan } from './digest-scan';
import { keyScan } from './key-scan';
import { mergeRead } from './merge-read';
import { sinceRead } from './since-read';

/** Entities whose markers may stay put on a change; an adapter that says nothing may have them anywhere. */
export function silentChangesPossible(capabilities: AdapterCapabilities, entity: EntityName): boolean {
  return capabilities.silentChangesPossible?.includes(entity) ?? true;
}

/**
 * The cheapest method that finds every change of an entity since the watermark, hard deletes and
 * silent changes included: the deletion log when the source logs deletes and cannot change records
 * silently; else bucket digests; else keys (with fingerprints when silent changes are possible);
 * else a full read. Without a watermark (never synced), a full read.
 */
export function chooseMethod(capabilities: AdapterCapabilities, entity: EntityName, watermark: string | undefined, hasKeys: boolean, hasDigests: boolean): DetectionMethod {
  if (watermark === undefined) return 'full-read';
  const silent = silentChangesPossible(capabilities, entity);
  if (capabilities.deletedSince.includes(entity) && !silent) return 'deletion-log';
  if (capabilities.digests && hasDigests) return 'digests';
  if (capabilities.keys && hasKeys) return 'keys';
  return 'full-read';
}

/** Runs the chosen method for one entity; returns the method that in the end found its changes. */
export async function detectChanges(ctx: SyncContext, entity: EntityName, method: DetectionMethod, watermark: string | undefined): Promise<DetectionMethod> {
  if (method === 'full-read' || watermark === undefined) {
    await mergeRead(ctx, entity);
    return 'full-read';
  }
  await sinceRead(ctx, entity, watermark);
  if (method === 'digests') await digestScan(ctx, entity);
  if (method === 'keys' && !(await keyScan(ctx, entity, silentChangesPossible(ctx.capabilities, entity)))) {
    await mergeRead(ctx, entity);
    return 'full-read';
  }
  return method;
}
