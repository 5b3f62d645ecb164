import { Database } from '../database';

/**
 * Okapi BM25 parameters (the Lucene/Anserini defaults for short documents): k1 saturates term
 * frequency, b normalizes by chunk length against the tenant's average.
 */
export const BM25 = { k1: 0.9, b: 0.4 } as const;

/** Restrictions of a search, applied inside both retrieval queries (before ranking cuts anything). */
export interface SearchFilter {
  sourceKinds?: string[];
  /** Source ids (a connector source's id, or push:<key id> for pushed documents). */
  sourceIds?: string[];
  documentKinds?: string[];
  /** Author ids as the source reports them (email, Slack user id, Notion user id, …). */
  authors?: string[];
  /** Last changed at the source (or, when the source gives no time, when stored) inside this range. */
  updatedSince?: Date;
  updatedUntil?: Date;
  /** Lowest base trust tier (0 untrusted … 3 high). */
  minTrustTier?: number;
}

/** SQL conditions on documents `d` for a filter, with parameters numbered from `first`. */
export function filterSql(f: SearchFilter, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (n: number) => string, value: unknown) => {
    params.push(value);
    parts.push(cond(first + params.length - 1));
  };
  if (f.sourceKinds) add((n) => `d.source_kind = ANY($${n}::text[])`, f.sourceKinds);
  if (f.sourceIds) add((n) => `d.source_ref = ANY($${n}::text[])`, f.sourceIds);
  if (f.documentKinds) add((n) => `d.kind = ANY($${n}::text[])`, f.documentKinds);
  if (f.authors) add((n) => `d.author_id = ANY($${n}::text[])`, f.authors);
  if (f.updatedSince) add((n) => `coalesce(d.source_updated_at, d.updated_at) >= $${n}::timestamptz`, f.updatedSince.toISOString());
  if (f.updatedUntil) add((n) => `coalesce(d.source_updated_at, d.updated_at) <= $${n}::timestamptz`, f.updatedUntil.toISOString());
  if (f.minTrustTier !== undefined) add((n) => `d.trust_tier >= $${n}::int`, f.minTrustTier);
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export const hasFilter = (f: SearchFilter) => filterSql(f, 1).params.length > 0;

export interface LexicalHit {
  chunkId: string;
  documentId: string;
  score: number;
}

/**
 * The tenant's inverted index for BM25: one posting per (stemmed term, chunk) of the current
 * versions of live documents — the title counts as part of every chunk of its document — with the
 * collection statistics (chunk count, total length) kept in step in the same transaction.
 */
export class LexicalIndex {
  constructor(private readonly db: Database) {}

  /** Replaces the postings of these documents with those of their current live versions. */
  async reindexDocuments(documentIds: string[]): Promise<void> {
    if (!documentIds.length) return;
    const m = this.db.manager();
    const tid = this.db.tenantId();
    const [removed] = await m.query(
      `WITH del AS (DELETE FROM chunk_terms WHERE tenant_id = $1 AND document_id = ANY($2::uuid[]) RETURNING chunk_id, tf)
       SELECT count(DISTINCT chunk_id)::int AS n, coalesce(sum(tf), 0)::int AS total FROM del`,
      [tid, documentIds],
    );
    const [added] = await m.query(
      `WITH src AS MATERIALIZED (
         SELECT c.id, c.document_id, to_tsvector('english', coalesce(d.title, '') || E'\\n' || c.text) AS v
         FROM documents d JOIN chunks c ON c.tenant_id = d.tenant_id AND c.document_id = d.id AND c.version_id = d.current_version_id
         WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[]) AND d.tombstoned_at IS NULL
       ), lens AS MATERIALIZED (
         SELECT id, document_id, v, (SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest(v) u)::int AS len FROM src
       ), ins AS (
         INSERT INTO chunk_terms (tenant_id, term, chunk_id, document_id, tf, len)
         SELECT $1, t.lexeme, l.id, l.document_id, cardinality(t.positions), l.len FROM lens l CROSS JOIN LATERAL unnest(l.v) t
         RETURNING chunk_id, tf
       )
       SELECT count(DISTINCT chunk_id)::int AS n, coalesce(sum(tf), 0)::int AS total FROM ins`,
      [tid, documentIds],
    );
    const dn = added.n - removed.n;
    const dl = added.total - removed.total;
    if (dn || dl) {
      await m.query(
        `INSERT INTO lexical_stats (tenant_id, chunk_count, total_length) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET chunk_count = lexical_stats.chunk_count + $2, total_length = lexical_stats.total_length + $3`,
        [tid, dn, dl],
      );
    }
  }

  /** The best chunks for a free-text query by Okapi BM25 over the query's stemmed terms. */
  async search(query: string, limit: number, filter: SearchFilter = {}): Promise<LexicalHit[]> {
    const f = filterSql(filter, 4);
    const filtered = f.params.length > 0;
    return this.db.manager().query(
      `WITH st AS (SELECT greatest(chunk_count, 1)::float8 AS n, greatest(total_length::float8 / greatest(chunk_count, 1), 1) AS avgdl FROM lexical_stats WHERE tenant_id = $1),
       df AS (SELECT term, count(*)::float8 AS n FROM chunk_terms WHERE tenant_id = $1 AND term = ANY(tsvector_to_array(to_tsvector('english', $2::text))) GROUP BY term),
       p AS (
         SELECT t.term, t.chunk_id, t.document_id, t.tf, t.len FROM chunk_terms t
         ${filtered ? 'JOIN documents d ON d.tenant_id = t.tenant_id AND d.id = t.document_id' : ''}
         WHERE t.tenant_id = $1 AND t.term = ANY(tsvector_to_array(to_tsvector('english', $2::text)))${f.sql}
       )
       SELECT p.chunk_id AS "chunkId", p.document_id AS "documentId",
              sum(ln(1 + (st.n - df.n + 0.5) / (df.n + 0.5)) * p.tf * ${BM25.k1 + 1} / (p.tf + ${BM25.k1} * (1 - ${BM25.b} + ${BM25.b} * p.len / st.avgdl)))::float8 AS score
       FROM p JOIN df USING (term) CROSS JOIN st
       GROUP BY p.chunk_id, p.document_id
       ORDER BY score DESC, p.chunk_id LIMIT $3`,
      [this.db.tenantId(), query, limit, ...f.params],
    );
  }
}
