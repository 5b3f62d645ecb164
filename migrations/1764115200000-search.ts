import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_POLICY = (t: string) => `
  CREATE POLICY tenant_isolation ON ${t}
  USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())`;

/**
 * The base trust tier of a document, from facts its source reports (0 untrusted … 3 high). The same
 * rule, with its reasons, is `baseTrust` in libs/retrieval/src/trust.ts; a unit test keeps them equal.
 */
export const TRUST_TIER_SQL = `CASE
  WHEN source_kind = 'sentry' THEN 1
  WHEN author_kind IN ('guest', 'external', 'unknown') OR author_kind IS NULL THEN 1
  WHEN author_kind = 'bot' THEN 2
  WHEN source_kind = 'push' THEN 2
  ELSE 3 END`;

/**
 * Search: document facts the agent query API filters on (kind, author, source timestamps, trust
 * tier), a per-tenant inverted index for BM25 ranking (chunk_terms, partitioned per tenant like
 * chunks, holding the live current versions only) with its collection statistics, and the read
 * audit trail (one row per search, its signed receipt being an `audit` leaf of the tenant log).
 */
export class Search1764115200000 implements MigrationInterface {
  name = 'Search1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents
        ADD COLUMN kind               text NOT NULL DEFAULT 'document',
        ADD COLUMN author_id          text,
        ADD COLUMN author_name        text,
        ADD COLUMN author_kind        text,
        ADD COLUMN source_created_at  timestamptz,
        ADD COLUMN source_updated_at  timestamptz`);
    await q.query(`ALTER TABLE documents ADD COLUMN trust_tier smallint GENERATED ALWAYS AS (${TRUST_TIER_SQL}) STORED`);
    await q.query(`CREATE INDEX documents_author_idx ON documents (tenant_id, author_id)`);

    await q.query(`
      CREATE TABLE chunk_terms (
        tenant_id    uuid NOT NULL,
        term         text NOT NULL,
        chunk_id     uuid NOT NULL,
        document_id  uuid NOT NULL,
        tf           integer NOT NULL,
        len          integer NOT NULL,
        impact       real NOT NULL
      ) PARTITION BY LIST (tenant_id)`);
    // Impact-ordered postings: a query reads each term's strongest postings first. (No primary key:
    // postings are only ever replaced per document, and a third index would slow every ingest.)
    await q.query(`CREATE INDEX chunk_terms_impact_idx ON chunk_terms (tenant_id, term, impact DESC) INCLUDE (chunk_id, document_id, tf, len)`);
    await q.query(`CREATE INDEX chunk_terms_document_idx ON chunk_terms (tenant_id, document_id)`);
    await q.query(`
      CREATE TABLE term_stats (
        tenant_id  uuid NOT NULL REFERENCES tenants (id),
        term       text NOT NULL,
        df         integer NOT NULL,
        PRIMARY KEY (tenant_id, term)
      )`);

    await q.query(`
      CREATE TABLE lexical_stats (
        tenant_id     uuid PRIMARY KEY REFERENCES tenants (id),
        chunk_count   bigint NOT NULL DEFAULT 0,
        total_length  bigint NOT NULL DEFAULT 0
      )`);

    await q.query(`
      CREATE TABLE reads (
        tenant_id       uuid NOT NULL REFERENCES tenants (id),
        id              uuid NOT NULL,
        key_id          uuid NOT NULL,
        key_name        text NOT NULL,
        role            text NOT NULL,
        channel         text NOT NULL,
        at              timestamptz NOT NULL,
        query_sha256    bytea NOT NULL,
        result_count    integer NOT NULL,
        withheld_count  integer NOT NULL,
        leaf_index      bigint NOT NULL,
        receipt         bytea NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX reads_at_idx ON reads (tenant_id, at DESC)`);
    await q.query(`CREATE INDEX reads_key_idx ON reads (tenant_id, key_id, at DESC)`);

    for (const t of ['chunk_terms', 'term_stats', 'lexical_stats', 'reads']) {
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(TENANT_POLICY(t));
    }
    await q.query(`GRANT SELECT, INSERT, DELETE ON chunk_terms TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON lexical_stats, term_stats TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT ON reads TO ctxvault_app`);
    await q.query(`GRANT UPDATE (kind, author_id, author_name, author_kind, source_created_at, source_updated_at) ON documents TO ctxvault_app`);

    // The calling tenant's partitions of chunks and chunk_terms, each created once.
    await q.query(`
      CREATE OR REPLACE FUNCTION ctxvault_ensure_chunk_partition() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        tid uuid := ctxvault_current_tenant();
        parent text;
        part text;
      BEGIN
        IF tid IS NULL THEN RAISE EXCEPTION 'no tenant is set for this transaction'; END IF;
        FOREACH parent IN ARRAY ARRAY['chunks', 'chunk_terms'] LOOP
          part := parent || '_t' || replace(tid::text, '-', '');
          CONTINUE WHEN to_regclass(part) IS NOT NULL;
          PERFORM pg_advisory_xact_lock(hashtext(part));
          CONTINUE WHEN to_regclass(part) IS NOT NULL;
          EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)', part, parent, tid);
          EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
          EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
          EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())', part);
        END LOOP;
        INSERT INTO lexical_stats (tenant_id) VALUES (tid) ON CONFLICT DO NOTHING;
      END $$`);

    // Existing stores: author facts from each current statement, and the index of live chunks.
    await q.query(`SELECT set_config('app.platform', 'on', true)`);
    const tenants: Array<{ id: string }> = await q.query(`SELECT id FROM tenants`);
    await q.query(`SELECT set_config('app.platform', '', true)`);
    for (const { id } of tenants) {
      await q.query(`SELECT set_config('app.tenant_id', $1, true)`, [id]);
      await q.query(`
        UPDATE documents d SET
          author_id = p.pred #>> '{author,id}', author_name = p.pred #>> '{author,name}', author_kind = p.pred #>> '{author,kind}',
          source_created_at = (p.pred #>> '{timestamps,sourceCreated}')::timestamptz,
          source_updated_at = (p.pred #>> '{timestamps,sourceUpdated}')::timestamptz
        FROM (
          SELECT v.document_id, convert_from(decode(convert_from(s.envelope, 'UTF8')::jsonb ->> 'payload', 'base64'), 'UTF8')::jsonb -> 'predicate' AS pred
          FROM document_versions v JOIN statements s ON s.tenant_id = v.tenant_id AND s.id = v.statement_id
          WHERE v.tenant_id = $1
        ) p
        JOIN documents cur ON cur.tenant_id = $1 AND cur.id = p.document_id
        WHERE d.tenant_id = $1 AND d.id = p.document_id AND (p.pred #>> '{document,versionId}')::uuid = cur.current_version_id`,
        [id],
      );
      await q.query(`SELECT ctxvault_ensure_chunk_partition()`);
      await q.query(
        `INSERT INTO chunk_terms (tenant_id, term, chunk_id, document_id, tf, len, impact)
         SELECT c.tenant_id, t.lexeme, c.id, c.document_id, cardinality(t.positions), l.len, cardinality(t.positions)
         FROM chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id AND c.version_id = d.current_version_id AND d.tombstoned_at IS NULL
         CROSS JOIN LATERAL (SELECT to_tsvector('english', coalesce(d.title, '') || E'\\n' || c.text) AS v) x
         CROSS JOIN LATERAL unnest(x.v) t
         CROSS JOIN LATERAL (SELECT coalesce(sum(cardinality(u.positions)), 0)::int AS len FROM unnest(x.v) u) l
         WHERE c.tenant_id = $1`,
        [id],
      );
      await q.query(
        `UPDATE lexical_stats SET chunk_count = s.n, total_length = s.total
         FROM (SELECT count(DISTINCT chunk_id) AS n, coalesce(sum(tf), 0) AS total FROM chunk_terms WHERE tenant_id = $1) s
         WHERE tenant_id = $1`,
        [id],
      );
      // Impacts with the collection's average chunk length (k1 0.9, b 0.4), and document frequencies.
      await q.query(
        `UPDATE chunk_terms t SET impact = t.tf * 1.9 / (t.tf + 0.9 * (0.6 + 0.4 * t.len / greatest(s.total_length::float8 / greatest(s.chunk_count, 1), 1)))
         FROM lexical_stats s WHERE s.tenant_id = $1 AND t.tenant_id = $1`,
        [id],
      );
      await q.query(`INSERT INTO term_stats (tenant_id, term, df) SELECT $1, term, count(*) FROM chunk_terms WHERE tenant_id = $1 GROUP BY term`, [id]);
    }
    await q.query(`SELECT set_config('app.tenant_id', '', true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS reads, lexical_stats, term_stats, chunk_terms CASCADE`);
    await q.query(`ALTER TABLE documents DROP COLUMN IF EXISTS trust_tier, DROP COLUMN IF EXISTS kind, DROP COLUMN IF EXISTS author_id, DROP COLUMN IF EXISTS author_name,
      DROP COLUMN IF EXISTS author_kind, DROP COLUMN IF EXISTS source_created_at, DROP COLUMN IF EXISTS source_updated_at`);
  }
}
