import { Proposal } from '@ledgersync/sdk';
import { SyncKind } from '../../changeset/types';
import { BulkFields } from '../dossiers';
import { invalidField } from '../errors';
import { portalFigures, trialBalanceByPeriod } from '../figures';
import { expectedPickup } from '../monitoring/summary';
import { Platform } from '../platform';
import { ManualFields, TASK_STATES, TaskFilter, TaskState } from '../tasks/types';
import { taskId } from './connector-routes';
import { Router } from './router';

/** What the accountant's screens (and `ledgersync tasks`) call. */
export function accountantRoutes(router: Router, platform: Platform): void {
  router.add('GET', '/api/dossiers', async () => ({ json: await platform.dossiers.list() }));
  router.add('GET', '/api/dossiers/:id', async ({ params }) => ({
    json: { ...(await platform.dossiers.get(params.id)), figures: await portalFigures(platform.db, params.id), trialBalanceByPeriod: await trialBalanceByPeriod(platform.db, params.id) },
  }));
  router.add('PUT', '/api/dossiers/:id/client-email', async ({ params, body }) => {
    await platform.dossiers.setClientEmail(params.id, (body as { email?: string }).email ?? '');
    return { json: await platform.dossiers.get(params.id) };
  });

  router.add('POST', '/api/dossiers/:id/sync', async ({ params, body }) => {
    const { kind, ...fields } = body as { kind: Exclude<SyncKind, 'proposal'> } & ManualFields;
    const { task, merged } = await platform.requestManualSync(params.id, kind, fields);
    return { status: merged ? 200 : 201, json: { task, merged, expectedPickup: await expectedPickup(platform, task) } };
  });
  router.add('POST', '/api/dossiers/:id/proposals', async ({ params, body }) => {
    const proposals = (body as { proposals?: Proposal[] }).proposals;
    if (!Array.isArray(proposals)) throw invalidField('proposals', 'must be a list of booking proposals', params.id);
    const task = await platform.pushProposals(params.id, proposals);
    if (!task) return { json: { task: null, expectedPickup: null } };
    return { status: 201, json: { task, expectedPickup: await expectedPickup(platform, task) } };
  });
  router.add('DELETE', '/api/dossiers/:id/proposals/:proposalId', async ({ params }) => {
    await platform.worklist.withdraw(params.id, params.proposalId);
    return { json: { withdrawn: params.proposalId } };
  });
  router.add('POST', '/api/dossiers/bulk', async ({ body }) => {
    const { dossierIds, ...fields } = body as { dossierIds?: string[] } & BulkFields;
    if (!Array.isArray(dossierIds) || dossierIds.length === 0) throw invalidField('dossierIds', 'must list at least one dossier');
    await platform.bulkUpdate(dossierIds, fields);
    return { json: { updated: dossierIds.length } };
  });

  router.add('POST', '/api/nights/:day/plan', async ({ params }) => ({ status: 201, json: await platform.planNight(params.day) }));

  router.add('GET', '/api/tasks', async ({ query }) => ({ json: await platform.tasks.list(taskFilter(query)) }));
  router.add('GET', '/api/tasks/:id', async ({ params }) => ({ json: await platform.tasks.get(taskId(params.id)) }));
  router.add('POST', '/api/tasks/:id/cancel', async ({ params }) => ({ json: await platform.tasks.cancel(taskId(params.id)) }));
}

export function taskFilter(query: URLSearchParams): TaskFilter {
  const filter: TaskFilter = {};
  // an empty value (a form's "all") means no filter
  const state = query.get('state') || null;
  if (state !== null) {
    if (!TASK_STATES.includes(state as TaskState)) throw invalidField('state', `${JSON.stringify(state)} is not one of ${TASK_STATES.join(', ')}`);
    filter.state = state as TaskState;
  }
  const kind = query.get('kind') || null;
  if (kind !== null) {
    if (!['full', 'incremental', 'proposal'].includes(kind)) throw invalidField('kind', `${JSON.stringify(kind)} is not full, incremental or proposal`);
    filter.kind = kind as SyncKind;
  }
  const dossier = query.get('dossier') || null;
  if (dossier !== null) filter.dossierId = dossier;
  return filter;
}
