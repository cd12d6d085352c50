import { ReceiverTask } from '../../../src/orchestration';
import { Platform, TaskView } from '../../../src/platform';

/** A connector as the operator sets one up (credential, dossier assigned) holding a claimed full sync of `dossierId`. */
export async function leasedTask(platform: Platform, dossierId: string, connectorId = 'c1'): Promise<{ credential: string; task: TaskView; receiverTask: ReceiverTask }> {
  const credential = await platform.connectors.issue(connectorId);
  await platform.connectors.assign(connectorId, [dossierId]);
  await platform.requestManualSync(dossierId, 'full');
  const lease = `lease-of-${connectorId}-${Math.random().toString(36).slice(2)}`;
  const task = await platform.claimFor(connectorId, lease);
  if (!task) throw new Error(`no task of dossier ${dossierId} to claim`);
  return { credential, task, receiverTask: { taskId: task.id, connectorId, lease } };
}
