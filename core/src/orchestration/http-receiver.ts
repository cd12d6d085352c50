import { ChangesetHeader, ChangesetPage, ChangesetReceiver, ChangesetSummary, PageAck } from '../changeset/types';
import { PlatformClient } from './platform-client';

/** Called after each page the platform acknowledged. */
export type PageListener = (page: ChangesetPage, ack: PageAck) => void;

/**
 * A `ChangesetReceiver` that posts to the platform. When it belongs to a task, every call names the
 * task and the connector: the platform refuses pages from a connector that lost its lease, and
 * extends the lease of one that still holds it.
 */
export class HttpChangesetReceiver implements ChangesetReceiver {
  private readonly query: string;

  constructor(private readonly client: PlatformClient, task?: { taskId: number; connectorId: string }, private readonly onPage?: PageListener) {
    this.query = task ? `?task=${task.taskId}&connector=${encodeURIComponent(task.connectorId)}` : '';
  }

  begin(header: ChangesetHeader): Promise<{ lastApplied: number }> {
    return this.client.post(`/api/changesets/begin${this.query}`, header);
  }

  async apply(page: ChangesetPage): Promise<PageAck> {
    const ack = await this.client.post<PageAck>(`/api/changesets/pages${this.query}`, page);
    this.onPage?.(page, ack);
    return ack;
  }

  async complete(summary: ChangesetSummary): Promise<void> {
    await this.client.post(`/api/changesets/complete${this.query}`, summary);
  }
}
