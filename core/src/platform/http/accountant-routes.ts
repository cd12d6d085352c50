import { Proposal } from '@ledgersync/sdk';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { SyncKind } from '../../changeset/types';
import { BulkFields } from '../dossiers';
import { invalidField } from '../errors';
import { portalFigures, trialBalanceByPeriod } from '../figures';
import { expectedPickup } from '../monitoring/summary';
import { Platform } from '../platform';
import { ManualFields, TASK_STATES, TaskFilter, TaskState } from '../tasks/types';
import { authenticatedAccountant } from './authentication';
import { taskId } from './connector-routes';
import * as schemas from './schemas';

type DossierCall<B = unknown> = FastifyRequest<{ Params: { id: string }; Body: B }>;

/** What the accountant's screens (and `ledgersync tasks`) call: a logged-in accountant or an API token only. */
export function accountantRoutes(app: FastifyInstance, platform: Platform): void {
  app.addHook('preHandler', async (request, reply) => {
    await authenticatedAccountant(request, platform, reply);
  });
  const dossier = { schema: { params: schemas.dossierParams } };

  app.get('/api/dossiers', async () => platform.dossiers.list());
  app.get('/api/dossiers/:id', dossier, async ({ params }: DossierCall) => ({
    ...(await platform.dossiers.get(params.id)),
    figures: await portalFigures(platform.db, params.id),
    trialBalanceByPeriod: await trialBalanceByPeriod(platform.db, params.id),
  }));
  app.put('/api/dossiers/:id/client-email', { schema: { params: schemas.dossierParams, body: schemas.clientEmailBody } }, async ({ params, body }: DossierCall<{ email: string }>) => {
    await platform.dossiers.setClientEmail(params.id, body.email);
    return platform.dossiers.get(params.id);
  });

  app.post('/api/dossiers/:id/sync', { schema: { params: schemas.dossierParams, body: schemas.manualSyncBody } }, async ({ params, body }: DossierCall<{ kind: Exclude<SyncKind, 'proposal'> } & ManualFields>, reply) => {
    const { kind, ...fields } = body;
    const { task, merged } = await platform.requestManualSync(params.id, kind, fields);
    reply.code(merged ? 200 : 201);
    return { task, merged, expectedPickup: await expectedPickup(platform, task) };
  });
  app.post('/api/dossiers/:id/proposals', { schema: { params: schemas.dossierParams, body: schemas.proposalsBody } }, async ({ params, body }: DossierCall<{ proposals: Proposal[] }>, reply) => {
    const task = await platform.pushProposals(params.id, body.proposals);
    if (!task) return { task: null, expectedPickup: null };
    reply.code(201);
    return { task, expectedPickup: await expectedPickup(platform, task) };
  });
  app.delete<{ Params: { id: string; proposalId: string } }>(
    '/api/dossiers/:id/proposals/:proposalId',
    { schema: { params: { type: 'object', required: ['id', 'proposalId'], properties: { id: schemas.DOSSIER_ID, proposalId: schemas.RECORD_ID } } } },
    async ({ params }) => {
      await platform.worklist.withdraw(params.id, params.proposalId);
      return { withdrawn: params.proposalId };
    },
  );
  app.post<{ Body: { dossierIds: string[] } & BulkFields }>('/api/dossiers/bulk', { schema: { body: schemas.bulkBody } }, async ({ body }) => {
    const { dossierIds, ...fields } = body;
    await platform.bulkUpdate(dossierIds, fields);
    return { updated: dossierIds.length };
  });

  app.post<{ Params: { day: string } }>('/api/nights/:day/plan', { schema: { params: { type: 'object', required: ['day'], properties: { day: { type: 'string', maxLength: 10 } } } } }, async ({ params }, reply) => {
    reply.code(201);
    return platform.planNight(params.day);
  });

  app.get<{ Querystring: Record<string, string> }>('/api/tasks', { schema: { querystring: schemas.taskListQuery } }, async ({ query }) => platform.tasks.list(taskFilter(new URLSearchParams(query))));
  app.get<{ Params: { id: string } }>('/api/tasks/:id', { schema: { params: schemas.taskParams } }, async ({ params }) => platform.tasks.get(taskId(params.id)));
  app.post<{ Params: { id: string } }>('/api/tasks/:id/cancel', { schema: { params: schemas.taskParams } }, async ({ params }) => platform.tasks.cancel(taskId(params.id)));
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
