import { parsers as p, VarSpec } from './spec';

/** Every setting, by area. This list is the single source for validation, .env.example and the README table. */
export const databaseSpecs = {
  url: {
    name: 'DATABASE_URL',
    description:
      'PostgreSQL URL the service connects with, as the login role ctxvault_app (owns nothing, no BYPASSRLS). Unset: the embedded PGlite database is used.',
    secret: true,
    parse: p.url(['postgres:', 'postgresql:']),
  },
  ownerUrl: {
    name: 'DATABASE_OWNER_URL',
    description: 'PostgreSQL URL of the schema owner role ctxvault_owner; used only to run migrations.',
    secret: true,
    parse: p.url(['postgres:', 'postgresql:']),
  },
  adminUrl: {
    name: 'DATABASE_ADMIN_URL',
    description:
      'PostgreSQL superuser URL, used only by `ctxvault db setup` to create the roles, the database and the vector extension.',
    secret: true,
    parse: p.url(['postgres:', 'postgresql:']),
  },
  poolMax: {
    name: 'DATABASE_POOL_MAX',
    description: 'Connections in the service pool (the embedded database always uses 2).',
    default: '10',
    parse: p.int(1, 200),
  },
  statementTimeoutMs: {
    name: 'DATABASE_STATEMENT_TIMEOUT_MS',
    description: 'Per-transaction statement timeout for request and job work, in milliseconds.',
    default: '15000',
    parse: p.int(100, 3_600_000),
  },
  dataDir: {
    name: 'CTXVAULT_DATA_DIR',
    description: 'Folder of the embedded database and demo credentials (used only without DATABASE_URL).',
    default: './.ctxvault',
    parse: p.string(),
  },
  embeddedPort: {
    name: 'EMBEDDED_DB_PORT',
    description: 'Loopback port the embedded database is served on (used only without DATABASE_URL).',
    default: '54329',
    parse: p.int(1024, 65535),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const redisSpecs = {
  url: {
    name: 'REDIS_URL',
    description: 'Redis URL for the job queues and rate limits.',
    default: 'redis://127.0.0.1:6379',
    secret: true,
    parse: p.url(['redis:', 'rediss:']),
  },
  queuePrefix: {
    name: 'QUEUE_PREFIX',
    description: 'Prefix of every Redis key the queues use (lets several deployments share one Redis).',
    default: 'ctxvault',
    parse: p.string({ pattern: /^[A-Za-z0-9_-]{1,40}$/, hint: 'must be 1-40 letters, digits, - or _' }),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const httpSpecs = {
  host: {
    name: 'API_HOST',
    description: 'Address the HTTP API listens on.',
    default: '127.0.0.1',
    parse: p.string(),
  },
  port: {
    name: 'API_PORT',
    description: 'Port the HTTP API listens on.',
    default: '3000',
    parse: p.int(0, 65535),
  },
  bodyLimitBytes: {
    name: 'HTTP_BODY_LIMIT_BYTES',
    description: 'Largest accepted request body, in bytes; larger bodies get 413.',
    default: '33554432',
    parse: p.int(1024, 256 * 1024 * 1024),
  },
  rateLimitPerWindow: {
    name: 'RATE_LIMIT_REQUESTS',
    description: 'Requests one API key may make per rate-limit window; more get 429 with Retry-After.',
    default: '600',
    parse: p.int(1, 10_000_000),
  },
  rateLimitWindowSeconds: {
    name: 'RATE_LIMIT_WINDOW_SECONDS',
    description: 'Length of the rate-limit window, in seconds.',
    default: '60',
    parse: p.int(1, 86_400),
  },
  keepAliveTimeoutMs: {
    name: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    description:
      'How long an idle keep-alive connection stays open; keep it above the idle timeout of clients and load balancers in front, so they never reuse a connection the server is closing.',
    default: '65000',
    parse: p.int(1000, 600_000),
  },
  metricsToken: {
    name: 'METRICS_TOKEN',
    description: 'When set, /metrics requires `Authorization: Bearer <token>`; unset, /metrics is public.',
    secret: true,
    parse: p.string({ pattern: /^\S{16,}$/, hint: 'must be at least 16 characters without spaces' }),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const authSpecs = {
  platformAdminToken: {
    name: 'PLATFORM_ADMIN_TOKEN',
    description:
      'Token for the platform routes (/v1/platform/tenants: create and list tenants). Unset: those routes answer 403.',
    secret: true,
    parse: p.string({ pattern: /^\S{32,}$/, hint: 'must be at least 32 characters without spaces' }),
  },
  maxKeysPerTenant: {
    name: 'MAX_API_KEYS_PER_TENANT',
    description: 'Active (unrevoked, unexpired) API keys a tenant may hold.',
    default: '200',
    parse: p.int(1, 100_000),
  },
  keyCacheSeconds: {
    name: 'API_KEY_CACHE_SECONDS',
    description:
      'How long a verified API key is remembered by one process; a revocation takes at most this long to apply everywhere (0 = always check the database).',
    default: '0',
    parse: p.int(0, 300),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const workerSpecs = {
  concurrency: {
    name: 'WORKER_CONCURRENCY',
    description: 'Jobs one worker process runs at once, per queue.',
    default: '4',
    parse: p.int(1, 256),
  },
  heartbeatIntervalSeconds: {
    name: 'HEARTBEAT_INTERVAL_SECONDS',
    description: 'How often the API schedules the heartbeat job that proves API → queue → worker → database works.',
    default: '10',
    parse: p.int(1, 3600),
  },
  heartbeatStaleSeconds: {
    name: 'HEARTBEAT_STALE_SECONDS',
    description: 'A worker heartbeat older than this makes /health/ready answer 503.',
    default: '60',
    parse: p.int(2, 86_400),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const provenanceSpecs = {
  masterKey: {
    name: 'CTXVAULT_MASTER_KEY',
    description:
      'Master key sealing the tenants\' private signing keys: 32 random bytes in base64 (`openssl rand -base64 32`). Required with DATABASE_URL; the embedded demo keeps one in CTXVAULT_DATA_DIR/master.key.',
    secret: true,
    parse: p.string({ pattern: /^[A-Za-z0-9+/]{43}=$/, hint: 'must be 32 bytes in base64 (44 characters ending in =)' }),
  },
  logOriginPrefix: {
    name: 'LOG_ORIGIN_PREFIX',
    description: 'Prefix of each tenant\'s log origin (checkpoint first line and signed-note key name): <prefix>/<tenant id>.',
    default: 'ctxvault.local/log',
    parse: p.string({ pattern: /^[A-Za-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/, hint: 'must look like host/path without a scheme or spaces' }),
  },
  maxWebhooks: {
    name: 'CHECKPOINT_WEBHOOKS_PER_TENANT',
    description: 'Active checkpoint webhooks a tenant may register.',
    default: '10',
    parse: p.int(0, 1000),
  },
  webhookTimeoutMs: {
    name: 'CHECKPOINT_WEBHOOK_TIMEOUT_MS',
    description: 'How long one checkpoint delivery may take before it counts as failed (it is retried with backoff).',
    default: '5000',
    parse: p.int(100, 120_000),
  },
  webhookAllowPrivate: {
    name: 'CHECKPOINT_WEBHOOK_ALLOW_PRIVATE',
    description: 'Allow webhook URLs on loopback and private networks (off: such URLs are refused, against server-side request forgery).',
    default: 'false',
    parse: p.bool(),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const ingestSpecs = {
  chunkSize: { name: 'CHUNK_SIZE_CHARS', description: 'Largest chunk, in characters (structure first: code blocks, paragraphs, messages).', default: '1200', parse: p.int(200, 20_000) },
  chunkOverlap: { name: 'CHUNK_OVERLAP_CHARS', description: 'Characters of whole trailing blocks repeated at the start of the next chunk.', default: '150', parse: p.int(0, 5000) },
  embedder: { name: 'EMBEDDER', description: '`local` (deterministic hashing embedder, no download) or `openai` (any OpenAI-compatible /v1/embeddings: OpenAI, Ollama, vLLM, TEI).', default: 'local', parse: p.oneOf(['local', 'openai'] as const) },
  dimensions: { name: 'EMBEDDING_DIMENSIONS', description: 'Dimensions of stored embeddings; must equal the schema (256). An embedding model that returns another size is refused with a clear error.', default: '256', parse: p.int(256, 256) },
  apiUrl: { name: 'EMBEDDING_API_URL', description: 'Base URL of the OpenAI-compatible embeddings API (EMBEDDER=openai), e.g. https://api.openai.com or http://127.0.0.1:11434.', parse: p.url(['http:', 'https:']) },
  apiKey: { name: 'EMBEDDING_API_KEY', description: 'Bearer token for EMBEDDING_API_URL, when it needs one.', secret: true, parse: p.string() },
  model: { name: 'EMBEDDING_MODEL', description: 'Embedding model name sent to EMBEDDING_API_URL.', default: 'text-embedding-3-small', parse: p.string({ maxLength: 200 }) },
  embedBatch: { name: 'EMBEDDING_BATCH_SIZE', description: 'Texts per embeddings request.', default: '64', parse: p.int(1, 2048) },
  embedTimeoutMs: { name: 'EMBEDDING_TIMEOUT_MS', description: 'Timeout of one embeddings request.', default: '30000', parse: p.int(100, 600_000) },
  embedRetries: { name: 'EMBEDDING_MAX_RETRIES', description: 'Retries (exponential backoff) of a failed embeddings request (429 and 5xx).', default: '5', parse: p.int(0, 20) },
  batchSize: { name: 'INGEST_BATCH_SIZE', description: 'Documents processed and committed together (one checkpoint per batch).', default: '200', parse: p.int(1, 10_000) },
  pushMaxDocuments: { name: 'PUSH_MAX_DOCUMENTS', description: 'Documents one POST /v1/ingest/documents may carry.', default: '1000', parse: p.int(1, 100_000) },
  pushMaxDocumentBytes: { name: 'PUSH_MAX_DOCUMENT_BYTES', description: 'Largest text of one pushed document, in UTF-8 bytes.', default: '1048576', parse: p.int(1, 16 * 1024 * 1024) },
  pushMaxMetadataBytes: { name: 'PUSH_MAX_METADATA_BYTES', description: 'Largest metadata object of one pushed document (serialized JSON bytes).', default: '16384', parse: p.int(0, 1024 * 1024) },
  unhealthyAfter: { name: 'SOURCE_UNHEALTHY_AFTER', description: 'Consecutive failed syncs after which a source is marked unhealthy (an authentication failure marks it at once).', default: '3', parse: p.int(1, 1000) },
  leaseSeconds: { name: 'SYNC_LEASE_SECONDS', description: 'A running sync renews its hold on the source at every batch; a run silent for this long is taken as crashed and replaced.', default: '300', parse: p.int(10, 86_400) },
  syncAttempts: { name: 'SYNC_MAX_ATTEMPTS', description: 'Attempts of a failing sync or push job (exponential backoff from 5 s) before it is given up.', default: '5', parse: p.int(1, 100) },
  lockSeconds: { name: 'WORKER_LOCK_SECONDS', description: 'How long a worker holds a job without renewing; a job of a killed worker is retried after this.', default: '30', parse: p.int(1, 3600) },
  gitCacheDir: { name: 'GIT_CACHE_DIR', description: 'Where git sources are mirrored. Empty: CTXVAULT_DATA_DIR/git-cache.', default: '', parse: p.string() },
  gitTimeoutMs: { name: 'GIT_TIMEOUT_MS', description: 'Timeout of one git command (clone, fetch, log).', default: '300000', parse: p.int(1000, 3_600_000) },
} satisfies Record<string, VarSpec<unknown>>;

export const searchSpecs = {
  defaultResults: { name: 'SEARCH_DEFAULT_RESULTS', description: 'Results POST /v1/context/search returns when the request gives no limit.', default: '8', parse: p.int(1, 1000) },
  maxResults: { name: 'SEARCH_MAX_RESULTS', description: 'Largest limit a POST /v1/context/search request may ask for.', default: '50', parse: p.int(1, 1000) },
  maxQueryChars: { name: 'SEARCH_MAX_QUERY_CHARS', description: 'Longest query POST /v1/context/search accepts, in characters.', default: '2000', parse: p.int(1, 100_000) },
  candidates: { name: 'SEARCH_CANDIDATES', description: 'Chunks each retriever (BM25 and vector) hands to the fusion step per search; at least 5 × limit are taken.', default: '100', parse: p.int(10, 2000) },
  vectorWeight: {
    name: 'SEARCH_VECTOR_WEIGHT',
    description:
      'Weight of the vector similarity against BM25 (each relative to its best hit) in the fused score. 0: BM25 ranks, vectors only add candidates BM25 misses and break ties — right for the local hashing embedder, which lowers nDCG@10 when weighted (docs/benchmarks.md); with a semantic model (EMBEDDER=openai) try 0.3–1 and measure with `ctxvault eval retrieval`.',
    default: '0',
    parse: p.number(0, 10),
  },
  postingsPerTerm: {
    name: 'SEARCH_POSTINGS_PER_TERM',
    description:
      "Postings BM25 reads per query term, strongest first (highest term-frequency impact): a chunk outside every query term's strongest postings is not a BM25 candidate. Bounds a search's cost however common its words are; higher: more exhaustive, slower.",
    default: '1000',
    parse: p.int(10, 100_000),
  },
  vectorEfSearch: {
    name: 'SEARCH_VECTOR_EF_SEARCH',
    description:
      "Breadth of the HNSW walk (pgvector's hnsw.ef_search) of one vector search; the walk is never narrower than the vector candidates asked for (SEARCH_CANDIDATES with a vector weight above 0, else twice the limit). Wider: better vector recall, slower searches.",
    default: '40',
    parse: p.int(10, 1000),
  },
  freshnessWeight: { name: 'SEARCH_FRESHNESS_WEIGHT', description: 'How much a fresh document is lifted: the fused score is multiplied by 1 + weight × freshness (freshness 1 when just changed, halving every half-life).', default: '0.1', parse: p.number(0, 10) },
  freshnessHalfLifeDays: { name: 'SEARCH_FRESHNESS_HALF_LIFE_DAYS', description: 'Age, in days since last changed at the source, at which the freshness signal is one half.', default: '180', parse: p.int(1, 36_500) },
  trustWeight: { name: 'SEARCH_TRUST_WEIGHT', description: 'How much a trusted document is lifted: the fused score is multiplied by 1 + weight × trust (0 untrusted … 1 high tier).', default: '0.1', parse: p.number(0, 10) },
  auditMaxPage: { name: 'AUDIT_MAX_PAGE', description: 'Most read-audit entries GET /v1/audit returns per page.', default: '500', parse: p.int(1, 10_000) },
} satisfies Record<string, VarSpec<unknown>>;

export const poisoningSpecs = {
  flagsMaxPage: { name: 'FLAGS_MAX_PAGE', description: 'Most flags GET /v1/flags returns per page.', default: '200', parse: p.int(1, 5000) },
  reviewNoteMaxChars: { name: 'REVIEW_NOTE_MAX_CHARS', description: 'Longest note a flag review (POST /v1/flags/{id}/review) may carry, in characters.', default: '2000', parse: p.int(1, 100_000) },
  trustRulesMax: { name: 'TRUST_RULES_MAX', description: 'Most trust rules (container and author tiers) one tenant may hold; every search reads them all.', default: '1000', parse: p.int(1, 100_000) },
  redactSecretsBeforeEmbedding: {
    name: 'REDACT_SECRETS_BEFORE_EMBEDDING',
    description: 'When true, secrets the secret detector finds (keys, tokens, passwords, connection strings) are replaced by a marker in the text given to the embedder, so no vector encodes them; the stored text and its flags are unchanged.',
    default: 'false',
    parse: p.bool(),
  },
  rescanBatch: { name: 'RESCAN_BATCH_DOCUMENTS', description: 'Documents a rescan job scans per transaction (its progress moves in these steps).', default: '200', parse: p.int(1, 10_000) },
} satisfies Record<string, VarSpec<unknown>>;

export const clientSpecs = {
  url: {
    name: 'CTXVAULT_URL',
    description: 'Base URL of a ContextVault API, for CLI commands that talk to a server (e.g. `ctxvault log consistency --url`).',
    parse: p.url(['http:', 'https:']),
  },
  apiKey: {
    name: 'CTXVAULT_API_KEY',
    description: 'API key the CLI presents to CTXVAULT_URL.',
    secret: true,
    parse: p.string({ pattern: /^cv_[a-z0-9]{12}_[A-Za-z0-9]{43}$/, hint: 'must be an API key cv_<prefix>_<secret>' }),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const logSpecs = {
  level: {
    name: 'LOG_LEVEL',
    description: 'Least severe log level written (JSON lines on stdout).',
    default: 'info',
    parse: p.oneOf(['debug', 'info', 'warn', 'error'] as const),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const demoSpecs = {
  demoTenant: {
    name: 'DEMO_TENANT',
    description: '`ctxvault start` creates this tenant with an admin and an agent key on first start; empty string disables it.',
    default: 'demo',
    parse: p.string({ pattern: /^$|^[a-z0-9][a-z0-9-]{1,62}$/, hint: 'must be a tenant slug (a-z, 0-9, -)' }),
  },
  demoTwins: {
    name: 'DEMO_TWINS',
    description: '`ctxvault start` runs local twins of Slack, Notion and Sentry seeded with a demo company and connects the demo tenant to them.',
    default: 'true',
    parse: p.bool(),
  },
  demoTwinsPort: {
    name: 'DEMO_TWINS_PORT',
    description: 'First of three loopback ports for the demo twins (Slack, Notion, Sentry).',
    default: '4710',
    parse: p.int(1024, 65533),
  },
} satisfies Record<string, VarSpec<unknown>>;

export const allAreas = {
  database: databaseSpecs,
  redis: redisSpecs,
  http: httpSpecs,
  auth: authSpecs,
  worker: workerSpecs,
  provenance: provenanceSpecs,
  ingest: ingestSpecs,
  search: searchSpecs,
  poisoning: poisoningSpecs,
  client: clientSpecs,
  log: logSpecs,
  demo: demoSpecs,
} as const;
