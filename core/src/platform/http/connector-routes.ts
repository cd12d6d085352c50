import { ChangesetHeader, ChangesetPage, ChangesetSummary } from '../../changeset/types';
import { invalidField } from '../errors';
import { ConnectorRegistration, Platform } from '../platform';
import { TaskFailure, TaskSuccess } from '../tasks/types';
import { RouteContext, Router } from './router';

/**
 * What a connector calls. Changeset calls may name the task they belong to (`?task=&connector=`):
 * the platform then checks the connector still holds the task's lease (a connector presumed dead
 * cannot write any more) and extends it, so a long sync needs no separate heartbeat.
 */
export function connectorRoutes(router: Router, platform: Platform): void {
  router.add('POST', '/api/connectors/register', async ({ body }) => ({ json: { backfill: await platform.registerConnector(body as ConnectorRegistration) } }));

  router.add('POST', '/api/connectors/:connectorId/claim', async ({ params }) => {
    const task = await platform.claimFor(params.connectorId);
    const probeToken = task ? (await platform.dossiers.get(task.dossierId)).probeToken : null;
    return { json: { task, probeToken } };
  });

  router.add('POST', '/api/tasks/:id/start', async ({ params, body }) => ({ json: await platform.tasks.start(taskId(params.id), connectorOf(body)) }));
  router.add('POST', '/api/tasks/:id/heartbeat', async ({ params, body }) => ({ json: await platform.tasks.heartbeat(taskId(params.id), connectorOf(body)) }));
  router.add('POST', '/api/tasks/:id/succeed', async ({ params, body }) => ({ json: await platform.completeTask(taskId(params.id), connectorOf(body), body as TaskSuccess) }));
  router.add('POST', '/api/tasks/:id/fail', async ({ params, body }) => ({ json: await platform.tasks.fail(taskId(params.id), connectorOf(body), body as TaskFailure) }));

  router.add('POST', '/api/changesets/begin', async (context) => {
    await holdLease(platform, context);
    return { json: await platform.receiver.begin(context.body as ChangesetHeader) };
  });
  router.add('POST', '/api/changesets/pages', async (context) => {
    await holdLease(platform, context);
    return { json: await platform.receiver.apply(context.body as ChangesetPage) };
  });
  router.add('POST', '/api/changesets/complete', async (context) => {
    await holdLease(platform, context);
    await platform.receiver.complete(context.body as ChangesetSummary);
    return { json: { completed: true } };
  });
}

async function holdLease(platform: Platform, { query }: RouteContext): Promise<void> {
  const task = query.get('task');
  if (task === null) return;
  await platform.tasks.heartbeat(taskId(task), query.get('connector') ?? '');
}

export function taskId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw invalidField('taskId', `${JSON.stringify(text)} is not a task id`);
  return id;
}

function connectorOf(body: unknown): string {
  const connectorId = (body as { connectorId?: unknown })?.connectorId;
  if (typeof connectorId !== 'string' || connectorId === '') throw invalidField('connectorId', 'must name the connector');
  return connectorId;
}
