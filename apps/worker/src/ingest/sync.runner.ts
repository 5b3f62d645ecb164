import { UnrecoverableError } from 'bullmq';
import { Logger, newId } from '@ctxvault/common';
import { ConnectorError } from '@ctxvault/connectors';
import { SourceRepository, SyncRunRepository } from '@ctxvault/persistence';
import type { JobMeta, JobPayloads } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';
import { IngestPipeline } from './ingest.pipeline';

const log = new Logger('sync');

/**
 * Runs one sync of a source: takes the source's lease (one sync per source at a time; a lease left
 * by a crashed run expires and its run is marked failed), pages through the connector's changes,
 * and commits each batch together with the advanced cursor. Failures are retried with backoff by
 * the queue; authentication and permanent failures stop at once and mark the source unhealthy.
 * A job whose lock lapsed while this process still runs it (an event loop held up past
 * WORKER_LOCK_SECONDS) comes back to the queue; when it comes back to this process, it waits for the
 * run already going and ends as it does, instead of running the same run a second time alongside it.
 */
export class SyncRunner {
  private readonly sources: SourceRepository;
  private readonly runs: SyncRunRepository;
  /** Runs this process is executing, by run id. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly s: Services,
    private readonly pipeline: IngestPipeline,
    private readonly notifyCheckpoint: (tenantId: string) => Promise<unknown>,
  ) {
    this.sources = new SourceRepository(s.db);
    this.runs = new SyncRunRepository(s.db);
  }

  async run(payload: JobPayloads['source.sync'], meta: JobMeta, maxAttempts: number): Promise<void> {
    const { tenantId, sourceId } = payload;
    const runId =
      payload.runId ??
      (await this.s.db.inTenant(tenantId, async () => {
        const src = await this.sources.findById(sourceId);
        if (!src || !src.enabled) return null;
        return (await this.runs.insert(newId(), sourceId, 'schedule')).id;
      }));
    if (!runId) return;
    const going = this.running.get(runId);
    if (going) {
      log.info('sync run already running in this process; waiting for it', { sourceId, runId, attempt: meta.attempt });
      return going;
    }
    const execution = this.execute(tenantId, sourceId, runId, meta, maxAttempts);
    this.running.set(runId, execution);
    try {
      await execution;
    } finally {
      if (this.running.get(runId) === execution) this.running.delete(runId);
    }
  }

  private async execute(tenantId: string, sourceId: string, runId: string, meta: JobMeta, maxAttempts: number): Promise<void> {
    const cfg = this.s.config.ingest;
    const claimed = await this.s.db.inTenant(tenantId, async () => {
      const run = await this.runs.findById(runId);
      if (!run || run.status === 'succeeded' || run.status === 'skipped') return null;
      const src = await this.sources.findById(sourceId);
      if (!src || !src.enabled) {
        await this.runs.finish(runId, 'skipped', src ? 'the source is disabled' : 'the source was deleted');
        return null;
      }
      const lease = await this.sources.acquireLease(sourceId, runId, cfg.leaseSeconds);
      if (!lease.acquired) {
        await this.runs.finish(runId, 'skipped', `another sync (run ${lease.previousRunId}) is running for this source`);
        return null;
      }
      if (lease.previousRunId && lease.previousRunId !== runId) {
        const prev = await this.runs.findById(lease.previousRunId);
        if (prev && (prev.status === 'running' || prev.status === 'queued')) {
          await this.runs.finish(prev.id, 'failed', 'stalled: the worker running it stopped and its lease expired');
        }
      }
      await this.runs.start(runId);
      return { source: (await this.sources.findById(sourceId))!, credentials: this.s.sources.credentialsOf(src) };
    });
    if (!claimed) return;
    const { source, credentials } = claimed;
    const connector = this.s.connectors[source.kind as keyof Services['connectors']];

    try {
      if (!connector) throw new ConnectorError('PERMANENT', `no connector for sources of kind ${source.kind}`);
      const controller = new AbortController();
      let last = Date.now();
      for await (const batch of connector.fetchChanges({ tenantId, sourceId, config: source.config, credentials, cursor: source.cursor, signal: controller.signal })) {
        const fetchMs = Date.now() - last;
        const prepared = await this.pipeline.prepare(tenantId, source, batch.upserts, batch.deletions);
        await this.s.db.inTenant(tenantId, async () => {
          const r = await this.pipeline.commit(prepared);
          await this.sources.renewLease(sourceId, runId, cfg.leaseSeconds, batch.cursor);
          await this.runs.progress(runId, r.counts, { fetch: fetchMs, ...r.timingsMs }, r.errors);
        });
        await this.notifyCheckpoint(tenantId).catch(() => undefined);
        last = Date.now();
      }
      await this.s.db.inTenant(tenantId, async () => {
        await this.runs.finish(runId, 'succeeded', null);
        await this.sources.recordHealth(sourceId, true, null, cfg.unhealthyAfter);
        await this.sources.releaseLease(sourceId, runId);
      });
    } catch (e) {
      const ce = e instanceof ConnectorError ? e : null;
      const message = (e as Error).message;
      const final = ce?.kind === 'AUTH' || ce?.kind === 'PERMANENT' || meta.attempt >= maxAttempts;
      log.warn('sync failed', { sourceId, runId, attempt: meta.attempt, final, kind: ce?.kind, error: message });
      await this.s.db.inTenant(tenantId, async () => {
        await this.runs.progress(runId, {}, {}, [{ message: `attempt ${meta.attempt}: ${message}` }]);
        if (final) await this.runs.finish(runId, 'failed', message);
        else await this.runs.retrying(runId, `attempt ${meta.attempt} failed (${message}); retrying with backoff`);
        await this.sources.recordHealth(sourceId, false, message, cfg.unhealthyAfter, ce?.kind === 'AUTH');
        await this.sources.releaseLease(sourceId, runId);
      });
      if (final) throw new UnrecoverableError(message);
      throw e;
    }
  }
}
