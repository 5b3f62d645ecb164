import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_POLICY = (t: string) => `
  CREATE POLICY tenant_isolation ON ${t}
  USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())`;

/** Dimensions of every stored embedding (EMBEDDING_DIMENSIONS must equal it). */
export const EMBEDDING_DIMENSIONS = 256;

/**
 * Ingestion: sources and their sync runs, staged push batches, chunks (partitioned per tenant, each
 * partition with its own HNSW and full-text indexes) and poisoning flags.
 */
export class Ingestion1763942400000 implements MigrationInterface {
  name = 'Ingestion1763942400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sources (
        tenant_id             uuid NOT NULL REFERENCES tenants (id),
        id                    uuid NOT NULL,
        kind                  text NOT NULL,
        name                  text NOT NULL,
        config                jsonb NOT NULL DEFAULT '{}'::jsonb,
        credentials_enc       bytea,
        schedule_seconds      integer,
        enabled               boolean NOT NULL DEFAULT true,
        trust_tier            text NOT NULL,
        cursor                jsonb,
        health                text NOT NULL DEFAULT 'unknown',
        health_reason         text,
        consecutive_failures  integer NOT NULL DEFAULT 0,
        lease_run_id          uuid,
        lease_until           timestamptz,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        deleted_at            timestamptz,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT sources_kind CHECK (kind IN ('git', 'slack', 'notion', 'sentry', 'push')),
        CONSTRAINT sources_trust CHECK (trust_tier IN ('trusted', 'standard', 'low', 'untrusted')),
        CONSTRAINT sources_health CHECK (health IN ('unknown', 'healthy', 'unhealthy')),
        CONSTRAINT sources_schedule CHECK (schedule_seconds IS NULL OR schedule_seconds >= 10)
      )`);
    await q.query(`CREATE UNIQUE INDEX sources_name_key ON sources (tenant_id, name) WHERE deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE sync_runs (
        tenant_id    uuid NOT NULL,
        id           uuid NOT NULL,
        source_id    uuid NOT NULL,
        trigger      text NOT NULL,
        status       text NOT NULL,
        attempt      integer NOT NULL DEFAULT 0,
        counts       jsonb NOT NULL DEFAULT '{}'::jsonb,
        timings_ms   jsonb NOT NULL DEFAULT '{}'::jsonb,
        errors       jsonb NOT NULL DEFAULT '[]'::jsonb,
        error        text,
        queued_at    timestamptz NOT NULL DEFAULT now(),
        started_at   timestamptz,
        heartbeat_at timestamptz,
        finished_at  timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, source_id) REFERENCES sources (tenant_id, id),
        CONSTRAINT sync_runs_status CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'skipped')),
        CONSTRAINT sync_runs_trigger CHECK (trigger IN ('manual', 'schedule', 'webhook', 'push'))
      )`);
    await q.query(`CREATE INDEX sync_runs_source_idx ON sync_runs (tenant_id, source_id, queued_at DESC)`);

    await q.query(`
      CREATE TABLE ingest_items (
        tenant_id    uuid NOT NULL,
        run_id       uuid NOT NULL,
        ordinal      integer NOT NULL,
        external_id  text NOT NULL,
        payload      jsonb NOT NULL,
        processed_at timestamptz,
        PRIMARY KEY (tenant_id, run_id, ordinal),
        FOREIGN KEY (tenant_id, run_id) REFERENCES sync_runs (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX ingest_items_pending_idx ON ingest_items (tenant_id, run_id, ordinal) WHERE processed_at IS NULL`);

    await q.query(`
      CREATE TABLE chunks (
        tenant_id     uuid NOT NULL,
        id            uuid NOT NULL,
        document_id   uuid NOT NULL,
        version_id    uuid NOT NULL,
        ordinal       integer NOT NULL,
        text          text NOT NULL,
        start_offset  integer NOT NULL,
        end_offset    integer NOT NULL,
        sha256        bytea NOT NULL,
        embedding     vector(${EMBEDDING_DIMENSIONS}) NOT NULL,
        tsv           tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT chunks_version_ordinal UNIQUE (tenant_id, version_id, ordinal)
      ) PARTITION BY LIST (tenant_id)`);
    await q.query(`CREATE INDEX chunks_document_idx ON chunks (tenant_id, document_id)`);
    await q.query(`CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv)`);
    // Declared on the parent, built per partition: every tenant has its own HNSW graph.
    await q.query(`CREATE INDEX chunks_embedding_idx ON chunks USING hnsw (embedding vector_cosine_ops)`);

    // The service cannot create tables; this function creates the calling tenant's partition only.
    await q.query(`
      CREATE FUNCTION ctxvault_ensure_chunk_partition() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        tid uuid := ctxvault_current_tenant();
        part text;
      BEGIN
        IF tid IS NULL THEN RAISE EXCEPTION 'no tenant is set for this transaction'; END IF;
        part := 'chunks_t' || replace(tid::text, '-', '');
        IF to_regclass(part) IS NOT NULL THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock(hashtext(part));
        IF to_regclass(part) IS NOT NULL THEN RETURN; END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF chunks FOR VALUES IN (%L)', part, tid);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())', part);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION ctxvault_ensure_chunk_partition() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ctxvault_ensure_chunk_partition() TO ctxvault_app`);

    await q.query(`
      CREATE TABLE flags (
        tenant_id         uuid NOT NULL,
        id                uuid NOT NULL,
        document_id       uuid NOT NULL,
        version_id        uuid NOT NULL,
        chunk_ordinal     integer,
        code              text NOT NULL,
        severity          text NOT NULL,
        detector          text NOT NULL,
        detector_version  text NOT NULL,
        span_start        integer,
        span_end          integer,
        message           text NOT NULL,
        status            text NOT NULL DEFAULT 'open',
        created_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id),
        CONSTRAINT flags_severity CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        CONSTRAINT flags_status CHECK (status IN ('open', 'cleared', 'confirmed'))
      )`);
    await q.query(`CREATE INDEX flags_version_idx ON flags (tenant_id, version_id)`);

    for (const t of ['sources', 'sync_runs', 'ingest_items', 'chunks', 'flags']) {
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(TENANT_POLICY(t));
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE ON sources, sync_runs, ingest_items TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT ON chunks TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE (status) ON flags TO ctxvault_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS flags, chunks, ingest_items, sync_runs, sources CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS ctxvault_ensure_chunk_partition()`);
  }
}
