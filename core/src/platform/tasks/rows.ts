import { TaskEvent, TaskFields, TaskView } from './types';

/** A pf_tasks row as the database returns it. */
export type TaskRow = Record<string, unknown> & { task_id: number; dossier_id: string; state: string; history: string | null; fields: string | null };

export function taskFromRow(row: TaskRow): TaskView {
  const counted = row.count_read !== null && row.count_read !== undefined;
  return {
    id: Number(row.task_id),
    dossierId: row.dossier_id,
    kind: row.kind as TaskView['kind'],
    origin: row.origin as TaskView['origin'],
    state: row.state as TaskView['state'],
    fields: parse<TaskFields>(row.fields, {}),
    createdAt: row.created_at as string,
    notBefore: row.not_before as string,
    claimedAt: (row.claimed_at as string | null) ?? null,
    startedAt: (row.started_at as string | null) ?? null,
    finishedAt: (row.finished_at as string | null) ?? null,
    leaseUntil: (row.lease_until as string | null) ?? null,
    connectorId: (row.connector_id as string | null) ?? null,
    attempt: Number(row.attempt),
    maxAttempts: Number(row.max_attempts),
    changesetId: (row.changeset_id as string | null) ?? null,
    counts: counted
      ? { read: Number(row.count_read), upserted: Number(row.count_upserted), deleted: Number(row.count_deleted), quarantined: Number(row.count_quarantined) }
      : null,
    methods: parse(row.methods as string | null, {}),
    quarantined: parse(row.quarantined as string | null, []),
    outcome: (row.outcome as string | null) ?? null,
    error: row.error_code ? { code: row.error_code as string, message: row.error_message as string } : null,
    emailError: row.email_error_code ? { code: row.email_error_code as string, message: row.email_error_message as string } : null,
    history: parse<TaskEvent[]>(row.history, []),
  };
}

export function withEvent(row: TaskRow, event: TaskEvent): string {
  return JSON.stringify([...parse<TaskEvent[]>(row.history, []), event]);
}

function parse<T>(text: string | null | undefined, fallback: T): T {
  return text ? (JSON.parse(text) as T) : fallback;
}
