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
    // chunks is locked before chunk_terms, the order in which a new tenant's partitions are created
    // (ctxvault_ensure_chunk_partition locks each parent exclusively): in the other order, a
    // tombstone's reindex and a tenant creation could each wait for the other.
    const removed: Array<{ term: string; n: number; chunks: number; total: number }> = await m.query(
      `WITH locked AS (SELECT 1 FROM chunks WHERE false),
       del AS (DELETE FROM chunk_terms WHERE tenant_id = $1 AND document_id = ANY($2::uuid[]) RETURNING term, chunk_id, tf)
       SELECT term, count(*)::int AS n, 0 AS chunks, 0 AS total FROM del GROUP BY term
       UNION ALL SELECT NULL, 0, count(DISTINCT chunk_id)::int, coalesce(sum(tf), 0)::int FROM del`,
      [tid, documentIds],
    );
    const added: Array<{ term: string; n: number; chunks: number; total: number }> = await m.query(
      `WITH st AS (SELECT greatest(total_length::float8 / greatest(chunk_count, 1), 1) AS avgdl FROM lexical_stats WHERE tenant_id = $1),
       src AS MATERIALIZED (
         SELECT c.id, c.document_id, to_tsvector('english', coalesce(d.title, '') || E'\\n' || c.text) AS v
         FROM documents d JOIN chunks c ON c.tenant_id = d.tenant_id AND c.document_id = d.id AND c.version_id = d.current_version_id
         WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[]) AND d.tombstoned_at IS NULL
       ), lens AS MATERIALIZED (
         SELECT id, document_id, v, (SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest(v) u)::int AS len FROM src
       ), ins AS (
         INSERT INTO chunk_terms (tenant_id, term, chunk_id, document_id, tf, len, impact)
         SELECT $1, t.lexeme, l.id, l.document_id, cardinality(t.positions), l.len,
                cardinality(t.positions) * ${BM25.k1 + 1} / (cardinality(t.positions) + ${BM25.k1} * (${1 - BM25.b} + ${BM25.b} * l.len / coalesce((SELECT avgdl FROM st), greatest(l.len, 1))))
         FROM lens l CROSS JOIN LATERAL unnest(l.v) t
         RETURNING term, chunk_id, tf
       )
       SELECT term, count(*)::int AS n, 0 AS chunks, 0 AS total FROM ins GROUP BY term
       UNION ALL SELECT NULL, 0, count(DISTINCT chunk_id)::int, coalesce(sum(tf), 0)::int FROM ins`,
      [tid, documentIds],
    );
    // Document frequencies, changed in term order (concurrent writers lock rows in the same order).
    const delta = new Map<string, number>();
    for (const r of removed) if (r.term !== null) delta.set(r.term, (delta.get(r.term) ?? 0) - r.n);
    for (const r of added) if (r.term !== null) delta.set(r.term, (delta.get(r.term) ?? 0) + r.n);
    const terms = [...delta.entries()].filter(([, d]) => d !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (terms.length) {
      await m.query(
        `INSERT INTO term_stats (tenant_id, term, df) SELECT $1, t, d FROM unnest($2::text[], $3::int[]) AS x(t, d)
         ON CONFLICT (tenant_id, term) DO UPDATE SET df = term_stats.df + excluded.df`,
        [tid, terms.map(([t]) => t), terms.map(([, d]) => d)],
      );
    }
    const dn = (added.find((r) => r.term === null)?.chunks ?? 0) - (removed.find((r) => r.term === null)?.chunks ?? 0);
    const dl = (added.find((r) => r.term === null)?.total ?? 0) - (removed.find((r) => r.term === null)?.total ?? 0);
    if (dn || dl) {
      await m.query(
        `INSERT INTO lexical_stats (tenant_id, chunk_count, total_length) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET chunk_count = lexical_stats.chunk_count + $2, total_length = lexical_stats.total_length + $3`,
        [tid, dn, dl],
      );
    }
  }
}
