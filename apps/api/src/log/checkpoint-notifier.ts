import { Inject, Injectable } from '@nestjs/common';
import { currentContext } from '@ctxvault/common';
import type { QueueClient } from '@ctxvault/queue';
import type { Tenancy } from '@ctxvault/tenancy';
import { QUEUE_CLIENT, TENANCY } from '../tokens';

/** Asks the worker to deliver new checkpoints to the tenant's webhooks once the transaction commits. */
@Injectable()
export class CheckpointNotifier {
  constructor(
    @Inject(QUEUE_CLIENT) private readonly queue: QueueClient,
    @Inject(TENANCY) private readonly tenancy: Tenancy,
  ) {}

  afterCommit(tenantId: string): void {
    const correlationId = currentContext()?.requestId;
    this.tenancy.db.afterCommit(() => this.queue.enqueue('checkpoint.publish', { tenantId, correlationId }));
  }
}
