import { ValidationError } from '@ctxvault/common';
import { ChunkRepository, DocumentRepository, SearchFilter, SearchHit } from '@ctxvault/persistence';
import { ProvenanceService, ProvenanceView } from '@ctxvault/provenance';
import { Embedder } from './embedder';

export interface SearchOptions {
  query: string;
  limit?: number;
  filter?: SearchFilter;
}

export const SEARCH_SOURCE_KINDS = ['git', 'slack', 'notion', 'sentry', 'push'] as const;

export interface SearchResult {
  chunk: { id: string; ordinal: number; text: string; start: number; end: number };
  score: number;
  document: { id: string; title: string | null; url: string | null; sourceKind: string; sourceRef: string; externalId: string; version: number };
  flags: Array<{ code: string; severity: string; detector: string; start: number | null; end: number | null; message: string }>;
  /** The current version's signed statement and its inclusion proof to the latest checkpoint. */
  provenance: ProvenanceView;
}

export interface SearchResponse {
  results: SearchResult[];
  withheld: { count: number; reasons: Array<{ documentId: string; codes: string[] }> };
}

const WITHHOLD = new Set(['high', 'critical']);
export interface SearchLimits {
  /** SEARCH_MAX_QUERY_CHARS */
  maxQueryChars: number;
  /** SEARCH_MAX_RESULTS */
  maxResults: number;
  /** SEARCH_DEFAULT_RESULTS */
  defaultResults: number;
}

/**
 * Hybrid retrieval inside the caller's tenant: nearest chunks in the tenant's own HNSW index and
 * full-text matches, fused by reciprocal rank, one result per document, current versions of live
 * documents only. A document whose current version carries an open high or critical flag is
 * withheld: the answer counts it and names the flag codes, never its text.
 */
export class SearchService {
  constructor(
    private readonly chunks: ChunkRepository,
    private readonly documents: DocumentRepository,
    private readonly embedder: Embedder,
    private readonly provenance: ProvenanceService,
    private readonly limits: SearchLimits,
  ) {}

  async search(opts: SearchOptions): Promise<SearchResponse> {
    const query = opts.query.trim();
    if (!query) throw new ValidationError('query must not be empty');
    const { maxQueryChars, maxResults } = this.limits;
    if (query.length > maxQueryChars) throw new ValidationError(`query has ${query.length} characters; the limit is ${maxQueryChars} (SEARCH_MAX_QUERY_CHARS): shorten it`);
    const limit = opts.limit ?? Math.min(this.limits.defaultResults, maxResults);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxResults) throw new ValidationError(`limit must be a whole number from 1 to ${maxResults} (SEARCH_MAX_RESULTS)`);
    const filter = opts.filter ?? {};
    if (filter.sourceKinds) {
      if (!filter.sourceKinds.length) throw new ValidationError(`sourceKinds must name at least one of ${SEARCH_SOURCE_KINDS.join(', ')} (or be left out)`);
      const bad = filter.sourceKinds.filter((k) => !(SEARCH_SOURCE_KINDS as readonly string[]).includes(k));
      if (bad.length) throw new ValidationError(`sourceKinds has unknown kind(s) ${bad.join(', ')}; known: ${SEARCH_SOURCE_KINDS.join(', ')}`);
    }
    for (const [name, d] of [['updatedSince', filter.updatedSince], ['updatedUntil', filter.updatedUntil]] as const) {
      if (d && Number.isNaN(d.getTime())) throw new ValidationError(`${name} must be an ISO 8601 date-time`);
    }
    if (filter.updatedSince && filter.updatedUntil && filter.updatedSince > filter.updatedUntil) throw new ValidationError('updatedSince must not be after updatedUntil');
    const candidates = Math.max(40, limit * 5);
    const [vector] = await this.embedder.embed([query]);
    const byVector = await this.chunks.searchVector(vector, candidates, Math.max(64, candidates), filter);
    const byText = await this.chunks.searchText(query, candidates, filter);

    // Reciprocal rank fusion (k = 60), then the best chunk of each document.
    const fused = new Map<string, { hit: SearchHit; score: number }>();
    for (const list of [byVector, byText]) {
      list.forEach((hit, rank) => {
        const cur = fused.get(hit.chunkId);
        const add = 1 / (60 + rank + 1);
        fused.set(hit.chunkId, { hit, score: (cur?.score ?? 0) + add });
      });
    }
    const perDocument = new Map<string, { hit: SearchHit; score: number }>();
    for (const f of [...fused.values()].sort((a, b) => b.score - a.score)) if (!perDocument.has(f.hit.documentId)) perDocument.set(f.hit.documentId, f);
    const ranked = [...perDocument.values()];

    const flags = await this.chunks.openFlags(ranked.map((r) => r.hit.versionId));
    const results: Array<Omit<SearchResult, 'provenance'>> = [];
    const withheld: SearchResponse['withheld'] = { count: 0, reasons: [] };
    for (const r of ranked) {
      if (results.length >= limit) break;
      const own = flags.filter((f) => f.versionId === r.hit.versionId);
      const blocking = own.filter((f) => WITHHOLD.has(f.severity));
      if (blocking.length) {
        withheld.count++;
        withheld.reasons.push({ documentId: r.hit.documentId, codes: [...new Set(blocking.map((f) => f.code))] });
        continue;
      }
      const doc = (await this.documents.findById(r.hit.documentId))!;
      results.push({
        chunk: { id: r.hit.chunkId, ordinal: r.hit.ordinal, text: r.hit.text, start: r.hit.start, end: r.hit.end },
        score: Math.round(r.score * 1e6) / 1e6,
        document: { id: doc.id, title: doc.title, url: doc.url, sourceKind: doc.sourceKind, sourceRef: doc.sourceRef, externalId: doc.externalId, version: doc.currentVersion },
        flags: own.map(({ code, severity, detector, start, end, message }) => ({ code, severity, detector, start, end, message })),
      });
    }
    const provenance = await this.provenance.provenanceOfDocuments(results.map((r) => r.document.id));
    return { results: results.map((r, i) => ({ ...r, provenance: provenance[i] })), withheld };
  }
}
