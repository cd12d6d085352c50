import nock from 'nock';
import { AdapterServices, ENTITIES, ExtractionAdapter, Logger } from '@ledgersync/sdk';
import { createExactOnlineAdapter } from '../factory';
import { RefreshTokenStore } from '../http/oauth';
import { scrubCassette } from './scrub';

export interface RecordOptions {
  configuration: Record<string, unknown>;
  tokenStore: RefreshTokenStore;
  logger: Logger;
}

/**
 * Captures a live division as a cassette: every listing the adapter makes (each entity, its keys,
 * the deletion log), recorded by nock's recorder from real HTTP and scrubbed of credentials.
 * Costs a few dozen calls of the division's daily quota for a small division.
 */
export async function recordDivision(options: RecordOptions): Promise<nock.Definition[]> {
  const services: Pick<AdapterServices, 'http' | 'clock' | 'logger'> = { http: { fetch: (input, init) => fetch(input, init) }, clock: { now: () => new Date() }, logger: options.logger };
  const adapter = createExactOnlineAdapter(options.configuration, services, { tokenStore: options.tokenStore });
  const secrets = [options.configuration.clientSecret, options.configuration.refreshToken].filter((s): s is string => typeof s === 'string');
  const wasActive = nock.isActive();
  nock.recorder.clear();
  nock.recorder.rec({ output_objects: true, dont_print: true, enable_reqheaders_recording: false });
  try {
    await exercise(adapter);
  } finally {
    // stop recording; give interception back to whoever had it (tests in the same process)
    nock.restore();
    if (wasActive) nock.activate();
  }
  const recorded = nock.recorder.play() as nock.Definition[];
  nock.recorder.clear();
  const rotated = await options.tokenStore.load();
  return scrubCassette(recorded, rotated ? [...secrets, rotated] : secrets);
}

async function exercise(adapter: ExtractionAdapter): Promise<void> {
  let dossierId = '';
  for await (const dossier of adapter.listDossiers()) dossierId = dossier.id;
  for (const entity of ENTITIES) {
    for await (const _record of adapter.read(dossierId, entity)) {
      // the recorder keeps the responses; the records themselves are not needed here
    }
    if (adapter.keys) for await (const _key of adapter.keys(dossierId, entity)) { /* recorded */ }
  }
  if (adapter.deletedSince) for await (const _deleted of adapter.deletedSince(dossierId, '1')) { /* recorded */ }
  await adapter.close();
}
