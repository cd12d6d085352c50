import { EntityName } from '@ledgersync/sdk';
import { PlannedOp, PlannedStatus, PlanRow, StagedOrigin, StagedRow } from './rows';

/** The staging tables' rows as the database returns them, and their typed form (internal to the state store). */
export interface StagedDbRow {
  entity: string;
  record_id: string;
  origin: string;
  bucket: number | string | null;
  fingerprint: string | null;
  marker: string | null;
  digest: string | null;
  record_json: string | null;
}

export interface PlanDbRow {
  entity: string;
  record_id: string;
  status: string;
  op: string;
  error_json: string | null;
  refs_json?: string | null;
}

export function toStaged(row: StagedDbRow): StagedRow {
  return {
    entity: row.entity as EntityName,
    id: row.record_id,
    origin: row.origin as StagedOrigin,
    bucket: row.bucket === null ? null : Number(row.bucket),
    fingerprint: row.fingerprint,
    marker: row.marker,
    digest: row.digest,
    recordJson: row.record_json,
  };
}

export function toPlan(row: PlanDbRow): PlanRow {
  return { entity: row.entity as EntityName, id: row.record_id, status: row.status as PlannedStatus, op: row.op as PlannedOp, errorJson: row.error_json, refsJson: row.refs_json ?? null };
}
