import { DeletedRecord, EntityName, KeyRecord, LedgersyncError, SourceRecord } from '@ledgersync/sdk';
import { EngineErrorCode } from './errors';

/**
 * An adapter handed a record whose envelope (id, marker, cursor, fingerprint) breaks the extraction
 * contract. The engine keys its state on the envelope, so it cannot quarantine such a record the way
 * it quarantines bad content: the sync stops, naming the record and field, before anything is staged
 * or committed (a NULL `modified` column used to fail deep in the state store as a raw database error).
 */
export class SourceEnvelopeError extends LedgersyncError {
  constructor(readonly call: string, readonly dossierId: string, readonly entity: EntityName | undefined, readonly recordId: string, readonly field: string, detail: string) {
    super(EngineErrorCode.SourceEnvelope, `adapter ${call} for dossier ${dossierId}${entity ? `, entity ${entity}` : ''}, record ${recordId}: field ${field} ${detail}`);
  }
}

type Envelope = Record<string, unknown>;

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

/** The record's name in an error: its id when that is usable, else its place in the listing. */
function nameOf(envelope: Envelope, position: number): string {
  return typeof envelope.id === 'string' && envelope.id !== '' ? JSON.stringify(envelope.id) : `#${position} of the listing`;
}

function check(call: string, dossierId: string, entity: EntityName | undefined, item: unknown, position: number, fields: Record<string, 'string' | 'string?' | 'object'>): void {
  const envelope = (typeof item === 'object' && item !== null ? item : {}) as Envelope;
  const fail = (field: string, detail: string) => {
    throw new SourceEnvelopeError(call, dossierId, entity, nameOf(envelope, position), field, detail);
  };
  if (envelope !== item) fail('(record)', `must be an object, got ${describe(item)}`);
  for (const [field, kind] of Object.entries(fields)) {
    const value = envelope[field];
    if (kind === 'string?' && value === undefined) continue;
    if (kind === 'object') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, `must be an object, got ${describe(value)}`);
      continue;
    }
    if (typeof value !== 'string') fail(field, `must be a string, got ${describe(value)}`);
    if (field === 'id' && value === '') fail(field, 'must not be empty');
  }
}

async function* checked<T>(listing: AsyncIterable<T>, verify: (item: T, position: number) => void): AsyncGenerator<T> {
  let position = 0;
  for await (const item of listing) {
    verify(item, ++position);
    yield item;
  }
}

/** A `read` listing whose every record is checked: id, marker and cursor strings, fingerprint a string when given, record an object. */
export function checkedRecords<E extends EntityName>(dossierId: string, entity: E, listing: AsyncIterable<SourceRecord<E>>): AsyncGenerator<SourceRecord<E>> {
  return checked(listing, (record, position) => check('read', dossierId, entity, record, position, { id: 'string', marker: 'string', cursor: 'string', fingerprint: 'string?', record: 'object' }));
}

/** A `keys` listing, checked: id and marker strings, fingerprint a string when given. */
export function checkedKeys(dossierId: string, entity: EntityName, listing: AsyncIterable<KeyRecord>): AsyncGenerator<KeyRecord> {
  return checked(listing, (key, position) => check('keys', dossierId, entity, key, position, { id: 'string', marker: 'string', fingerprint: 'string?' }));
}

/** A `deletedSince` listing, checked: entity, id and marker strings. */
export function checkedDeletions(dossierId: string, listing: AsyncIterable<DeletedRecord>): AsyncGenerator<DeletedRecord> {
  return checked(listing, (deleted, position) => check('deletedSince', dossierId, undefined, deleted, position, { entity: 'string', id: 'string', marker: 'string' }));
}
