import { join, resolve } from 'node:path';
import type { AppConfig } from '@ctxvault/config';
import { Connector, createConnectors } from '@ctxvault/connectors';
import { PushService, SentryEventsService, SlackEventsService, SourceService, WebhookRouter } from '@ctxvault/ingestion';
import { ChunkRepository, Database, DocumentRepository, FlagRepository, IngestItemRepository, PolicyRepository, ReadRepository, RescanRepository, Retrieval, SourceRepository, SyncRunRepository } from '@ctxvault/persistence';
import { createProvenance, loadMasterKey, Provenance, SourceKind } from '@ctxvault/provenance';
import type { QueueClient } from '@ctxvault/queue';
import { createTenancy, Tenancy } from '@ctxvault/tenancy';
import { AuditTrailService, createEmbedder, DocumentReadService, FlagReviewService, PolicyService, RescanService, SearchService } from '@ctxvault/retrieval';

/** The domain services of one process, over one Database: what the API, the worker and the CLI share. */
export interface Services {
  config: AppConfig;
  db: Database;
  tenancy: Tenancy;
  provenance: Provenance;
  connectors: Partial<Record<SourceKind, Connector>>;
  sources: SourceService;
  push: PushService;
  slackEvents: SlackEventsService;
  sentryEvents: SentryEventsService;
  documents: DocumentReadService;
  search: SearchService;
  /** The audit trail: reads and flag review decisions. */
  audit: AuditTrailService;
  flagReview: FlagReviewService;
  policy: PolicyService;
  rescan: RescanService;
  /** Producer of jobs, when this process has Redis. */
  queue: QueueClient | null;
}

/** `queue` lets services enqueue work after their transaction commits; without it (some CLI paths) nothing is enqueued. */
export function createServices(config: AppConfig, db: Database, opts: { queue?: QueueClient } = {}): Services {
  const master = loadMasterKey({ configured: config.provenance.masterKey, embedded: config.embedded, dataDir: config.database.dataDir });
  const provenance = createProvenance(db, master, config.provenance.logOriginPrefix, {
    maxPerTenant: config.provenance.maxWebhooks,
    timeoutMs: config.provenance.webhookTimeoutMs,
    allowPrivate: config.provenance.webhookAllowPrivate,
  });
  const tenancy = createTenancy(db, {
    maxActiveKeys: config.auth.maxKeysPerTenant,
    keyCacheSeconds: config.auth.keyCacheSeconds,
    // A new tenant gets its first signing key (a `key` leaf), a first checkpoint and its chunk partition at once.
    onTenantCreated: async () => {
      await provenance.service.checkpointNow();
      await new ChunkRepository(db).ensurePartition();
    },
  });
  const connectors = createConnectors({
    git: {
      cacheDir: config.ingest.gitCacheDir ? resolve(config.ingest.gitCacheDir) : join(resolve(config.database.dataDir), 'git-cache'),
      timeoutMs: config.ingest.gitTimeoutMs,
      batchSize: config.ingest.batchSize,
    },
  });
  const queue = opts.queue ?? null;
  const runs = new SyncRunRepository(db);
  const sources = new SourceService(db, new SourceRepository(db), runs, connectors, master, queue, config.ingest.syncAttempts);
  const push = new PushService(db, sources, new DocumentRepository(db), runs, new IngestItemRepository(db), queue, {
    maxDocuments: config.ingest.pushMaxDocuments,
    maxDocumentBytes: config.ingest.pushMaxDocumentBytes,
    maxMetadataBytes: config.ingest.pushMaxMetadataBytes,
    attempts: config.ingest.syncAttempts,
  });
  const router = new WebhookRouter(db, new SourceRepository(db), sources);
  const slackEvents = new SlackEventsService(db, router, queue);
  const sentryEvents = new SentryEventsService(db, router, queue);
  const documents = new DocumentReadService(new DocumentRepository(db), new ChunkRepository(db), new FlagRepository(db), new PolicyRepository(db), provenance.service);
  const search = new SearchService(db, new DocumentRepository(db), new Retrieval(db), new ReadRepository(db), new PolicyRepository(db), createEmbedder(config), provenance.service, config.search);
  const audit = new AuditTrailService(new ReadRepository(db), new FlagRepository(db), config.search.auditMaxPage);
  const flagReview = new FlagReviewService(db, new FlagRepository(db), provenance.service, config.poisoning);
  const policy = new PolicyService(new PolicyRepository(db), new SourceRepository(db), config.poisoning);
  const rescan = new RescanService(db, new RescanRepository(db), new FlagRepository(db), new ChunkRepository(db), queue, config.poisoning.rescanBatch);
  return { config, db, tenancy, provenance, connectors, sources, push, slackEvents, sentryEvents, documents, search, audit, flagReview, policy, rescan, queue };
}
