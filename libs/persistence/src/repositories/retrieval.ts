import { Database } from '../database';
import { vectorLiteral } from './chunk.repository';
import { BM25, filterSql, SearchFilter } from './lexical-index';

/** Most index rows one vector search reads (the over-fetch before liveness and filters). */
const VECTOR_MAX_SCAN = 5000;

export interface RetrievalRequest {
  /** Free text for BM25. */
  query: string;
  /** The query's embedding, for the vector index. */
  embedding: number[];
  /** BM25 candidates wanted. */
  lexicalLimit: number;
  /** Postings read per query term, strongest first. */
  postingsPerTerm: number;
  /** Vector candidates wanted. */
  vectorLimit: number;
  /** Breadth of the HNSW walk (never below vectorLimit). */
  efSearch: number;
  filter: SearchFilter;
  /**
   * The session settings of the retrieval (retrievalSessionSql with efSearchOf) were already set
   * in this transaction, by a statement sent before (the search's policy read carries them).
   */
  sessionSet?: boolean;
}

/**
 * Select expressions that set the retrieval's transaction-local settings (the breadth of the HNSW
 * walk from `efSearch`, a parameter reference or a literal; iterative scans) and take the read lock
 * on chunks, for a statement sent before the retrieval statement. The lock comes first so that a
 * search locks chunks before
 * chunk_terms: the order in which a new tenant's partitions are created
 * (ctxvault_ensure_chunk_partition, which locks each parent exclusively). Taken in the other order, a
 * search and a tenant creation could each wait for the other.
 */
export function retrievalSessionSql(efSearch: string): string {
  return `(SELECT 1 FROM chunks WHERE false) AS "retrievalLocked", set_config('hnsw.ef_search', ${efSearch}::text, true) AS "retrievalEfSearch", set_config('hnsw.iterative_scan', 'relaxed_order', true) AS "retrievalIterative"`;
}

/** The hnsw.ef_search value of a retrieval: its breadth, never below the candidates it asks for (at most 1000). */
export function efSearchOf(r: Pick<RetrievalRequest, 'efSearch' | 'vectorLimit'>): number {
  return Math.min(1000, Math.max(r.efSearch, r.vectorLimit));
}

export interface RetrievalHit {
  chunkId: string;
  documentId: string;
  /** BM25 score, or cosine similarity for vector hits. */
  score: number;
}

/**
 * The two retrievers of a search in one statement, inside the caller's tenant:
 *
 * - BM25 (Okapi) over the tenant's inverted index: each query term's postings read strongest first
 *   (impact order), at most `postingsPerTerm` of them, so a search costs the same however common its
 *   words are; a chunk outside every term's strongest postings is not a candidate.
 * - Nearest chunks by cosine distance in the tenant's own partition (its own HNSW index), walked
 *   first (iterative, over-fetching) so that chunks of replaced versions, deleted documents or
 *   filtered-out documents can be dropped after the join; a search whose filters exclude most of the
 *   tenant may get fewer vector candidates (BM25 applies the same filters exactly).
 *
 * Both apply the filter before anything is cut. Each list comes back best first.
 */
export class Retrieval {
  constructor(private readonly db: Database) {}

  async candidates(r: RetrievalRequest): Promise<{ lexical: RetrievalHit[]; vector: RetrievalHit[] }> {
    const f = filterSql(r.filter, 8);
    const filtered = f.params.length > 0;
    const over = Math.min(VECTOR_MAX_SCAN, r.vectorLimit * (filtered ? 10 : 2));
    if (!r.sessionSet) await this.db.preparedQuery(`SELECT ${retrievalSessionSql('$1')}`, [efSearchOf(r)]);
    const sql = `WITH st AS (SELECT greatest(chunk_count, 1)::float8 AS n, greatest(total_length::float8 / greatest(chunk_count, 1), 1) AS avgdl FROM lexical_stats WHERE tenant_id = $1),
       -- idf once per query term (materialized: not recomputed for every posting), in float8
       qt AS MATERIALIZED (
         SELECT ts.term, ln(1 + (st.n - ts.df + 0.5::float8) / (ts.df + 0.5::float8)) AS idf
         FROM term_stats ts CROSS JOIN st
         WHERE ts.tenant_id = $1 AND ts.term = ANY(tsvector_to_array(to_tsvector('english', $2::text))) AND ts.df > 0
       ),
       p AS (
         SELECT qt.idf, x.chunk_id, x.document_id, x.tf, x.len FROM qt CROSS JOIN LATERAL (
           SELECT t.chunk_id, t.document_id, t.tf, t.len FROM chunk_terms t
           ${filtered ? 'JOIN documents d ON d.tenant_id = t.tenant_id AND d.id = t.document_id' : ''}
           WHERE t.tenant_id = $1 AND t.term = qt.term${f.sql}
           ORDER BY t.impact DESC LIMIT $4
         ) x
       ),
       lexical AS (
         SELECT p.chunk_id, p.document_id,
                sum(p.idf * p.tf * ${BM25.k1 + 1}::float8 / (p.tf + ${BM25.k1}::float8 * (${1 - BM25.b}::float8 + ${BM25.b}::float8 * p.len / st.avgdl))) AS score
         FROM p CROSS JOIN st
         GROUP BY p.chunk_id, p.document_id
         ORDER BY score DESC, p.chunk_id LIMIT $3
       ),
       nearest AS MATERIALIZED (
         SELECT c.id, c.document_id, c.version_id, c.embedding <=> $5::vector AS distance
         FROM chunks c WHERE c.tenant_id = $1 ORDER BY c.embedding <=> $5::vector LIMIT $7
       ),
       vector AS (
         SELECT n.id AS chunk_id, n.document_id, 1 - n.distance AS score
         FROM nearest n CROSS JOIN LATERAL (
           -- one index probe per neighbour (a plan cached for every search must not hash the tenant's documents)
           SELECT 1 FROM documents d
           WHERE d.tenant_id = $1 AND d.id = n.document_id AND d.tombstoned_at IS NULL AND d.current_version_id = n.version_id${f.sql}
           LIMIT 1
         ) live
         ORDER BY n.distance LIMIT $6
       )
       SELECT true AS lexical, chunk_id AS "chunkId", document_id AS "documentId", score FROM lexical
       UNION ALL
       SELECT false, chunk_id, document_id, score FROM vector`;
    const rows = await this.db.preparedQuery<RetrievalHit & { lexical: boolean }>(sql, [
      this.db.tenantId(),
      r.query,
      r.lexicalLimit,
      r.postingsPerTerm,
      vectorLiteral(r.embedding),
      r.vectorLimit,
      over,
      ...f.params,
    ]);
    const best = (a: RetrievalHit, b: RetrievalHit) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0);
    const strip = ({ chunkId, documentId, score }: RetrievalHit) => ({ chunkId, documentId, score });
    return {
      lexical: rows.filter((x) => x.lexical).map(strip).sort(best),
      vector: rows.filter((x) => !x.lexical).map(strip).sort(best),
    };
  }
}
