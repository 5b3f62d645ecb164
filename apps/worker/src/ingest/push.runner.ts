import { IngestItemRepository, SourceRepository, SyncRunRepository } from '@ctxvault/persistence';
import type { FetchedDocument } from '@ctxvault/connectors';
import type { JobPayloads } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';
import { IngestPipeline } from './ingest.pipeline';

/**
 * Processes the documents one push request staged: a slice at a time, each slice committed with its
 * items marked processed, so a worker killed at any point resumes exactly where it stopped. The batch
 * is marked succeeded in the transaction that finds no item left, after waiting for any slice another
 * runner of the same batch still holds.
 */
export class PushRunner {
  private readonly items: IngestItemRepository;
  private readonly runs: SyncRunRepository;
  private readonly sources: SourceRepository;

  constructor(
    private readonly s: Services,
    private readonly pipeline: IngestPipeline,
    private readonly notifyCheckpoint: (tenantId: string) => Promise<unknown>,
  ) {
    this.items = new IngestItemRepository(s.db);
    this.runs = new SyncRunRepository(s.db);
    this.sources = new SourceRepository(s.db);
  }

  async run(payload: JobPayloads['ingest.push']): Promise<void> {
    const { tenantId, runId } = payload;
    const run = await this.s.db.inTenant(tenantId, async () => {
      const r = await this.runs.findById(runId);
      if (!r || r.status === 'succeeded') return null;
      await this.runs.start(runId);
      return r;
    });
    if (!run) return;
    const source = await this.s.db.inTenant(tenantId, () => this.sources.findById(run.sourceId));
    if (!source) return;
    for (;;) {
      const more = await this.s.db.inTenant(tenantId, async () => {
        let items = await this.items.nextPending(runId, this.s.config.ingest.batchSize);
        // Nothing free: another runner of this batch (a job BullMQ handed out again after a stall)
        // may still hold a slice. The batch is done only once that slice is committed; if its runner
        // died, the slice comes back here and is processed now.
        if (!items.length) items = await this.items.nextPending(runId, this.s.config.ingest.batchSize, { wait: true });
        if (!items.length) {
          await this.runs.finish(runId, 'succeeded', null);
          return false;
        }
        const prepared = await this.pipeline.prepare(tenantId, source, items.map((i) => i.payload as unknown as FetchedDocument), []);
        const r = await this.pipeline.commit(prepared);
        await this.items.markProcessed(runId, items.map((i) => i.ordinal));
        await this.runs.progress(runId, r.counts, r.timingsMs, r.errors);
        return true;
      });
      if (!more) break;
      await this.notifyCheckpoint(tenantId).catch(() => undefined);
    }
  }
}
