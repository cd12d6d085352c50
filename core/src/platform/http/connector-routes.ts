import { FastifyInstance, FastifyRequest } from 'fastify';
import { ChangesetHeader, ChangesetPage, ChangesetSummary } from '../../changeset/types';
import { newSecret } from '../access/secrets';
import { invalidField, PlatformError, PlatformErrorCode } from '../errors';
import { ConnectorRegistration, Platform } from '../platform';
import { TaskFailure, TaskSuccess } from '../tasks/types';
import { authenticatedConnector, leaseOf } from './authentication';
import { checkPage } from './page-validation';
import * as schemas from './schemas';

type TaskCall<B = unknown> = FastifyRequest<{ Params: { id: string }; Body: B & { connectorId?: string } }>;
type ChangesetCall<B> = FastifyRequest<{ Querystring: { task: string; connector?: string }; Body: B }>;

/**
 * What a connector calls, each call with its credential (`Authorization: Bearer lsc:…`). Calls about
 * a task also carry the lease secret of the claim (`x-ledgersync-lease`): a connector that lost the
 * task (presumed dead, the task gone to another) cannot act on it any more. Changeset calls name
 * their task (`?task=`), must be about the task's dossier, and extend the lease, so a long sync
 * needs no separate heartbeat.
 */
export function connectorRoutes(app: FastifyInstance, platform: Platform): void {
  app.post<{ Body: ConnectorRegistration }>('/api/connectors/register', { schema: { body: schemas.registrationBody } }, async (request) => {
    const connectorId = await authenticatedConnector(request, platform);
    sameConnector(connectorId, request.body.connectorId);
    return platform.registerConnector(request.body);
  });

  app.post<{ Params: { connectorId: string } }>('/api/connectors/:connectorId/claim', { schema: { params: schemas.connectorParams } }, async (request) => {
    const connectorId = await authenticatedConnector(request, platform);
    sameConnector(connectorId, request.params.connectorId);
    const lease = newSecret();
    const task = await platform.claimFor(connectorId, lease);
    const probeToken = task ? (await platform.dossiers.get(task.dossierId)).probeToken : null;
    return { task, probeToken, lease: task ? lease : null };
  });

  const taskRoute = { schema: { params: schemas.taskParams, body: schemas.connectorOnlyBody } };
  app.post('/api/tasks/:id/start', taskRoute, async (request: TaskCall) => {
    const connectorId = await taskCaller(request, platform);
    return platform.tasks.start(taskId(request.params.id), connectorId, leaseOf(request));
  });
  app.post('/api/tasks/:id/heartbeat', taskRoute, async (request: TaskCall) => {
    const connectorId = await taskCaller(request, platform);
    return platform.tasks.heartbeat(taskId(request.params.id), connectorId, leaseOf(request));
  });
  app.post('/api/tasks/:id/succeed', { schema: { params: schemas.taskParams, body: schemas.successBody } }, async (request: TaskCall<TaskSuccess>) => {
    const connectorId = await taskCaller(request, platform);
    const { connectorId: _named, ...success } = request.body;
    return platform.completeTask(taskId(request.params.id), connectorId, success, leaseOf(request));
  });
  app.post('/api/tasks/:id/fail', { schema: { params: schemas.taskParams, body: schemas.failureBody } }, async (request: TaskCall<TaskFailure>) => {
    const connectorId = await taskCaller(request, platform);
    const { connectorId: _named, ...failure } = request.body;
    return platform.tasks.fail(taskId(request.params.id), connectorId, failure, leaseOf(request));
  });

  app.post('/api/changesets/begin', { schema: { querystring: schemas.changesetQuery, body: schemas.changesetHeaderBody } }, async (request: ChangesetCall<ChangesetHeader>) => {
    await holdLease(request, platform, request.body.dossierId);
    return platform.receiver.begin(request.body);
  });
  app.post('/api/changesets/pages', { schema: { querystring: schemas.changesetQuery, body: schemas.changesetPageBody } }, async (request: ChangesetCall<ChangesetPage>) => {
    await holdLease(request, platform, request.body.dossierId);
    checkPage(request.body);
    return platform.receiver.apply(request.body);
  });
  app.post('/api/changesets/complete', { schema: { querystring: schemas.changesetQuery, body: schemas.changesetSummaryBody } }, async (request: ChangesetCall<ChangesetSummary>) => {
    await holdLease(request, platform, request.body.dossierId);
    await platform.receiver.complete(request.body);
    return { completed: true };
  });
}

/** The credential decides who calls; a connector id named in the call must be the same one. */
function sameConnector(authenticated: string, named: string | undefined): void {
  if (named !== undefined && named !== authenticated) {
    throw new PlatformError(PlatformErrorCode.Forbidden, `the credential is connector ${authenticated}'s, not ${named}'s`);
  }
}

async function taskCaller(request: TaskCall, platform: Platform): Promise<string> {
  const connectorId = await authenticatedConnector(request, platform);
  sameConnector(connectorId, request.body?.connectorId);
  return connectorId;
}

/** The caller holds the task's lease (extended by this call), and the changeset is about the task's dossier. */
async function holdLease(request: ChangesetCall<unknown>, platform: Platform, dossierId: string): Promise<void> {
  const connectorId = await authenticatedConnector(request, platform);
  sameConnector(connectorId, request.query.connector);
  const task = await platform.tasks.heartbeat(taskId(request.query.task), connectorId, leaseOf(request));
  if (task.dossierId !== dossierId) {
    throw new PlatformError(PlatformErrorCode.Forbidden, `task ${task.id} is about dossier ${task.dossierId}, not ${dossierId}`);
  }
}

export function taskId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw invalidField('taskId', `${JSON.stringify(text)} is not a task id`);
  return id;
}
