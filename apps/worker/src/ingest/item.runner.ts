import { Logger } from '@ctxvault/common';
import { SourceRepository } from '@ctxvault/persistence';
import type { JobPayloads } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';
import { IngestPipeline } from './ingest.pipeline';

const log = new Logger('item');

/** The live path: one item a vendor event named, fetched now and run through the pipeline (or tombstoned). */
export class ItemRunner {
  private readonly sources: SourceRepository;

  constructor(
    private readonly s: Services,
    private readonly pipeline: IngestPipeline,
    private readonly notifyCheckpoint: (tenantId: string) => Promise<unknown>,
  ) {
    this.sources = new SourceRepository(s.db);
  }

  async run(payload: JobPayloads['source.item']): Promise<void> {
    const { tenantId, sourceId } = payload;
    const found = await this.s.db.inTenant(tenantId, async () => {
      const src = await this.sources.findById(sourceId);
      return src && src.enabled ? { src, credentials: this.s.sources.credentialsOf(src) } : null;
    });
    if (!found) return;
    const connector = this.s.connectors[found.src.kind as keyof Services['connectors']];
    if (!connector?.fetchItem) {
      log.warn('source kind has no live path', { kind: found.src.kind });
      return;
    }
    // Whatever the event said (edit or deletion), the source's current state decides: an item
    // still there is upserted, one that is gone is tombstoned.
    const controller = new AbortController();
    const { externalId, document } = await connector.fetchItem(
      { tenantId, sourceId, config: found.src.config, credentials: found.credentials, cursor: null, signal: controller.signal },
      { ...payload.item },
    );
    const prepared = await this.pipeline.prepare(tenantId, found.src, document ? [document] : [], document ? [] : [externalId]);
    await this.s.db.inTenant(tenantId, () => this.pipeline.commit(prepared));
    await this.notifyCheckpoint(tenantId).catch(() => undefined);
  }
}
