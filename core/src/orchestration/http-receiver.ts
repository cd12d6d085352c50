import { ChangesetHeader, ChangesetPage, ChangesetReceiver, ChangesetSummary, PageAck } from '../changeset/types';
import { PlatformClient } from './platform-client';

/** Called after each page the platform acknowledged. */
export type PageListener = (page: ChangesetPage, ack: PageAck) => void;

/** The task a receiver's calls belong to, and the lease secret its claim returned. */
export interface ReceiverTask {
  taskId: number;
  connectorId: string;
  lease: string;
}

export const LEASE_HEADER = 'x-ledgersync-lease';

/**
 * A `ChangesetReceiver` that posts to the platform. Every call names the task, the connector and
 * carries the task's lease: the platform refuses pages from a connector that lost its lease, and
 * extends the lease of one that still holds it.
 */
export class HttpChangesetReceiver implements ChangesetReceiver {
  private readonly query: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly client: PlatformClient, task: ReceiverTask, private readonly onPage?: PageListener) {
    this.query = `?task=${task.taskId}&connector=${encodeURIComponent(task.connectorId)}`;
    this.headers = { [LEASE_HEADER]: task.lease };
  }

  begin(header: ChangesetHeader): Promise<{ lastApplied: number }> {
    return this.client.post(`/api/changesets/begin${this.query}`, header, this.headers);
  }

  async apply(page: ChangesetPage): Promise<PageAck> {
    const ack = await this.client.post<PageAck>(`/api/changesets/pages${this.query}`, page, this.headers);
    this.onPage?.(page, ack);
    return ack;
  }

  async complete(summary: ChangesetSummary): Promise<void> {
    await this.client.post(`/api/changesets/complete${this.query}`, summary, this.headers);
  }
}
