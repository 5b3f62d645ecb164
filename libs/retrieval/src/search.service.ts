import { ForbiddenError, newId, ValidationError } from '@ctxvault/common';
import { Database, DocumentRepository, DocumentRow, efSearchOf, ServedChunk, inForce, PolicyRepository, ReadRepository, Retrieval, RetrievalRequest, SearchFilter, StoredFlag } from '@ctxvault/persistence';
import { leafHash, leafInputFor, ProvenanceService, ProvenanceView, queryHashOf, ReceiptBody, RECEIPT_TYPE } from '@ctxvault/provenance';
import { Embedder } from './embedder';
import { optionalDate } from './params';
import type { Assessment } from '@ctxvault/poisoning';
import { baseTrust, servedTrust, Trust, TRUST_TIERS, trustRank } from './trust';
import { adminTierOf, hasTrustSettings, riskOf, ServingPolicy, servingPolicy, withAdminTier, withholdingFlags } from './serving-policy';

export const SEARCH_SOURCE_KINDS = ['git', 'slack', 'notion', 'sentry', 'push'] as const;
/** Version of the serving policy (withholding, trust tiers, ranking signals) that receipts name. */
export const SEARCH_POLICY_VERSION = 'ctxvault-search-policy/2';
/** Most values one list filter (sourceIds, documentKinds, authors) may hold. */
export const SEARCH_MAX_FILTER_VALUES = 100;

export interface SearchRequest {
  query: string;
  limit?: number;
  sourceKinds?: string[];
  sourceIds?: string[];
  documentKinds?: string[];
  authors?: string[];
  updatedSince?: string;
  updatedUntil?: string;
  minTrustTier?: string;
  includeWithheld?: boolean;
}

/** Who searches: the API key and the channel (http or mcp). */
export interface SearchPrincipal {
  keyId: string;
  keyName: string;
  role: string;
  channel: 'http' | 'mcp';
}

/** A flag as a result shows it: the stored flag (with its review) without its version and chunk position. */
export type ResultFlag = Omit<StoredFlag, 'versionId' | 'chunkOrdinal'>;

export interface SearchResult {
  chunk: { id: string; ordinal: number; text: string; start: number; end: number };
  score: number;
  /** The signals behind the score: ranks in each retriever (null when absent), freshness and trust (0..1). */
  signals: { lexicalRank: number | null; vectorRank: number | null; freshness: number; trust: number };
  document: {
    id: string;
    title: string | null;
    url: string | null;
    sourceKind: string;
    sourceId: string;
    externalId: string;
    kind: string;
    author: { id: string | null; name: string | null; kind: string };
    timestamps: { sourceCreated: string | null; sourceUpdated: string | null; stored: string };
    version: number;
  };
  /** The current version's signed statement, its inclusion proof, and whether both verified when served. */
  provenance: ProvenanceView & { verified: boolean; problems: string[] };
  trust: Trust;
  /** Risk from the flags in force: of this chunk (its own flags and the document-wide ones) and of the whole current version. */
  risk: { chunk: Assessment; document: Assessment };
  flags: ResultFlag[];
  /** True only on results a security key asked to see despite withholding flags. */
  withheld?: true;
}

export interface SearchResponse {
  results: SearchResult[];
  withheld: { count: number; reasons: Array<{ documentId: string; codes: string[] }> };
  /** DSSE envelope (base64 of its bytes) signed with the tenant's key; also an `audit` leaf of the log. */
  receipt: { envelope: string; keyId: string; leafIndex: number };
  policy: { version: string; withholdSeverities: string[] };
}

export interface SearchLimits {
  maxQueryChars: number;
  maxResults: number;
  defaultResults: number;
  candidates: number;
  vectorWeight: number;
  vectorEfSearch: number;
  postingsPerTerm: number;
  freshnessWeight: number;
  freshnessHalfLifeDays: number;
  trustWeight: number;
}

const DAY_MS = 86_400_000;
const VECTOR_TIE_BREAK = 1e-4;

function list(name: string, v: string[] | undefined, allowed?: readonly string[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x)) throw new ValidationError(`${name} must be a list of non-empty strings`);
  if (!v.length) throw new ValidationError(`${name} must name at least one value (or be left out)`);
  if (v.length > SEARCH_MAX_FILTER_VALUES) throw new ValidationError(`${name} has ${v.length} values; at most ${SEARCH_MAX_FILTER_VALUES}`);
  if (allowed) {
    const bad = v.filter((k) => !allowed.includes(k));
    if (bad.length) throw new ValidationError(`${name} has unknown value(s) ${bad.join(', ')}; known: ${allowed.join(', ')}`);
  }
  return v;
}


/**
 * Hybrid retrieval inside the caller's tenant: BM25 over the tenant's inverted index and nearest
 * chunks in its own HNSW index, fused by score (each relative to its best hit, the vector side weighted), lifted by freshness and trust,
 * one result per document, current versions of live documents only. Results with a flag in force at
 * the tenant's withholding severity, or confirmed by a reviewer, are withheld (counted with their
 * codes, never their text) unless a security key asks for them; flags a reviewer cleared are shown
 * with their review and withhold nothing. Every answer carries a signed receipt, appended to the tenant's log as an
 * `audit` leaf in the same transaction: if that fails, the search fails.
 */
export class SearchService {
  constructor(
    private readonly db: Database,
    private readonly documents: DocumentRepository,
    private readonly retrieval: Retrieval,
    private readonly reads: ReadRepository,
    private readonly policies: PolicyRepository,
    private readonly embedder: Embedder,
    private readonly provenance: ProvenanceService,
    private readonly limits: SearchLimits,
  ) {}

  /** Checks a request and turns it into a query, a limit and a store filter. */
  parse(req: SearchRequest, principal: SearchPrincipal): { query: string; limit: number; filter: SearchFilter; includeWithheld: boolean } {
    if (typeof req.query !== 'string') throw new ValidationError('query must be a string');
    const query = req.query.trim();
    if (!query) throw new ValidationError('query must not be empty');
    const { maxQueryChars, maxResults } = this.limits;
    if (query.length > maxQueryChars) throw new ValidationError(`query has ${query.length} characters; the limit is ${maxQueryChars} (SEARCH_MAX_QUERY_CHARS): shorten it`);
    const limit = req.limit ?? Math.min(this.limits.defaultResults, maxResults);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxResults) throw new ValidationError(`limit must be a whole number from 1 to ${maxResults} (SEARCH_MAX_RESULTS)`);
    const filter: SearchFilter = {
      sourceKinds: list('sourceKinds', req.sourceKinds, SEARCH_SOURCE_KINDS),
      sourceIds: list('sourceIds', req.sourceIds),
      documentKinds: list('documentKinds', req.documentKinds),
      authors: list('authors', req.authors),
      updatedSince: optionalDate('updatedSince', req.updatedSince),
      updatedUntil: optionalDate('updatedUntil', req.updatedUntil),
    };
    if (filter.updatedSince && filter.updatedUntil && filter.updatedSince > filter.updatedUntil) throw new ValidationError('updatedSince must not be after updatedUntil');
    if (req.minTrustTier !== undefined) {
      const rank = trustRank(req.minTrustTier);
      if (rank < 0) throw new ValidationError(`minTrustTier must be one of ${TRUST_TIERS.join(', ')}`);
      filter.minTrustTier = rank;
    }
    for (const k of Object.keys(filter) as Array<keyof SearchFilter>) if (filter[k] === undefined) delete filter[k];
    const includeWithheld = req.includeWithheld === true;
    if (includeWithheld && principal.role !== 'security') {
      throw new ForbiddenError(`includeWithheld is for keys with role security (reviewers); this key has role ${principal.role}. Leave it out to get results without withheld content.`);
    }
    return { query, limit, filter, includeWithheld };
  }

  /** Inside the caller's tenant transaction. */
  async search(req: SearchRequest, principal: SearchPrincipal): Promise<SearchResponse> {
    const { query, limit, filter, includeWithheld } = this.parse(req, principal);
    // The policy read also sets the retrieval's session settings (one statement for both).
    const policy = servingPolicy(await this.policies.load(efSearchOf(this.retrievalRequest(query, [], limit, filter))));
    // Admin trust settings can raise or lower a document's tier: the tier filter then runs on the served tier, after retrieval.
    const minTier = hasTrustSettings(policy) ? filter.minTrustTier : undefined;
    if (minTier !== undefined) delete filter.minTrustTier;
    const ranked = (await this.rank(query, limit, filter, includeWithheld, policy)).filter((r) => minTier === undefined || trustRank(r.base.tier) >= minTier);

    const chosen: Array<(typeof ranked)[number] & { flags: ResultFlag[]; withheld: boolean }> = [];
    const withheld: SearchResponse['withheld'] = { count: 0, reasons: [] };
    for (const r of ranked) {
      if (chosen.length >= limit) break;
      const own: ResultFlag[] = r.doc.flags.map(({ versionId: _v, chunkOrdinal: _c, ...f }) => f);
      const blocking = withholdingFlags(policy, own);
      if (blocking.length) {
        withheld.count++;
        withheld.reasons.push({ documentId: r.documentId, codes: [...new Set(blocking.map((f) => f.code))] });
        if (!includeWithheld) continue;
      }
      chosen.push({ ...r, flags: own, withheld: blocking.length > 0 });
    }

    // The read of the results' provenance also takes the log's append lock for the receipt below
    // (nothing else is appended in between): one round trip fewer.
    const { views, keys, appendLock } = await this.provenance.forServing(chosen.map((c) => c.documentId), true);
    const checks = await this.provenance.verifyServed(views, chosen.map((c) => c.versionId), keys.history);
    const results: SearchResult[] = chosen.map((c, i) => {
      const chunk = c.chunk;
      const d = c.doc;
      const trust = servedTrust(c.base, c.flags, checks[i].verified);
      return {
        chunk: { id: c.chunkId, ordinal: chunk.ordinal, text: chunk.text, start: chunk.start, end: chunk.end },
        score: Math.round(c.score * 1e6) / 1e6,
        signals: { lexicalRank: c.lexicalRank, vectorRank: c.vectorRank, freshness: Math.round(c.freshness * 1000) / 1000, trust: Math.round(c.trust * 1000) / 1000 },
        document: {
          id: d.id,
          title: d.title,
          url: d.url,
          sourceKind: d.sourceKind,
          sourceId: d.sourceRef,
          externalId: d.externalId,
          kind: d.kind,
          author: { id: d.authorId, name: d.authorName, kind: d.authorKind ?? 'unknown' },
          timestamps: { sourceCreated: iso(d.sourceCreatedAt), sourceUpdated: iso(d.sourceUpdatedAt), stored: iso(d.updatedAt)! },
          version: d.currentVersion,
        },
        provenance: { ...views[i], verified: checks[i].verified, problems: checks[i].problems },
        trust,
        risk: riskOf(c.doc.flags, chunk.ordinal),
        flags: c.flags,
        ...(c.withheld ? { withheld: true as const } : {}),
      };
    });

    const served = { version: SEARCH_POLICY_VERSION, withholdSeverities: policy.withholdSeverities };
    const at = new Date();
    const queryHash = queryHashOf({ query, limit, filter: { ...req, query: undefined, limit: undefined, includeWithheld: undefined }, includeWithheld });
    const body: ReceiptBody = {
      _type: RECEIPT_TYPE,
      tenant: this.db.tenantId(),
      principal: { keyId: principal.keyId, keyName: principal.keyName, role: principal.role, channel: principal.channel },
      at: at.toISOString(),
      queryHash,
      results: results.map((r, i) => ({
        chunkId: r.chunk.id,
        documentId: r.document.id,
        versionId: chosen[i].versionId,
        leafIndex: r.provenance.leafIndex,
        leafHash: (checks[i].leafHash ?? leafHash(leafInputFor(r.provenance.kind, Buffer.from(r.provenance.envelope, 'base64')))).toString('hex'),
      })),
      withheld: withheld.reasons,
      flags: results.filter((r) => r.flags.some(inForce)).map((r) => ({ chunkId: r.chunk.id, codes: [...new Set(r.flags.filter(inForce).map((f) => f.code))] })),
      policy: served,
    };
    const rec = await this.provenance.recordRead(body, keys.active, appendLock);
    this.reads.insert({
      id: newId(),
      keyId: principal.keyId,
      keyName: principal.keyName,
      role: principal.role,
      channel: principal.channel,
      at,
      querySha256: Buffer.from(queryHash, 'hex'),
      resultCount: results.length,
      withheldCount: withheld.count,
      leafIndex: rec.leafIndex,
      receipt: rec.envelope,
    });
    return { results, withheld, receipt: { envelope: rec.envelope.toString('base64'), keyId: rec.keyId, leafIndex: rec.leafIndex }, policy: served };
  }

  /**
   * The retrieval statement of one search, nothing else: BM25 candidates and the vector index's
   * nearest chunks (also what the search benchmark runs directly, to compare with HTTP latency).
   */
  retrieve(query: string, vector: number[], limit: number, filter: SearchFilter = {}, sessionSet = false) {
    return this.retrieval.candidates({ ...this.retrievalRequest(query, vector, limit, filter), sessionSet });
  }

  private retrievalRequest(query: string, vector: number[], limit: number, filter: SearchFilter): RetrievalRequest {
    const candidates = Math.max(this.limits.candidates, limit * 5);
    // With weight 0 the vector ranking still supplies candidates (matches BM25 cannot see: other
    // word forms, identifiers) and breaks ties, ranked after every BM25 match: then a page's worth
    // (twice the limit) is all it can contribute, and only that many are asked of the index.
    const vectorLimit = this.limits.vectorWeight > 0 ? candidates : limit * 2;
    return { query, embedding: vector, lexicalLimit: candidates, postingsPerTerm: this.limits.postingsPerTerm, vectorLimit, efSearch: this.limits.vectorEfSearch, filter };
  }

  /**
   * Candidate chunks from both retrievers, fused (relative scores, vector weighted), the best chunk per
   * document, each document's score lifted by its freshness and base trust; best first.
   */
  private async rank(query: string, limit: number, filter: SearchFilter, includeWithheld: boolean, policy: ServingPolicy): Promise<Ranked[]> {
    const [vector] = await this.embedder.embed([query]);
    const { lexical: byText, vector: byVector } = await this.retrieve(query, vector, limit, filter, true);
    const vw = this.limits.vectorWeight > 0 ? this.limits.vectorWeight : VECTOR_TIE_BREAK;
    const fused = new Map<string, { chunkId: string; documentId: string; fused: number; lexicalRank: number | null; vectorRank: number | null }>();
    const entry = (chunkId: string, documentId: string) => {
      let e = fused.get(chunkId);
      if (!e) fused.set(chunkId, (e = { chunkId, documentId, fused: 0, lexicalRank: null, vectorRank: null }));
      return e;
    };
    // Each retriever's scores relative to its best hit (BM25 scores are unbounded, cosine is not
    // comparable to them), summed with the vector weight.
    const topText = byText[0]?.score || 1;
    const topVector = byVector[0]?.score || 1;
    byText.forEach((h, i) => {
      const e = entry(h.chunkId, h.documentId);
      e.fused += h.score / topText;
      e.lexicalRank = i + 1;
    });
    byVector.forEach((h, i) => {
      const e = entry(h.chunkId, h.documentId);
      e.fused += (vw * Math.max(0, h.score)) / topVector;
      e.vectorRank = i + 1;
    });
    const best = new Map<string, typeof fused extends Map<string, infer V> ? V : never>();
    for (const e of fused.values()) {
      const cur = best.get(e.documentId);
      if (!cur || e.fused > cur.fused) best.set(e.documentId, e);
    }
    // Signals lift a fused score by at most this factor, so a document is looked up only while it
    // could still reach the page: candidates are read best-fused first, in growing prefixes, until
    // `limit` servable ones score above anything the unread rest could reach.
    const lift = 1 + this.limits.freshnessWeight + this.limits.trustWeight;
    const order = [...best.values()].sort((a, b) => b.fused - a.fused || (a.chunkId < b.chunkId ? -1 : 1));
    const now = Date.now();
    const out: Ranked[] = [];
    let read = 0;
    for (let want = Math.min(order.length, limit * 3); ; want = Math.min(order.length, want * 2)) {
      const next = order.slice(read, want);
      read = want;
      const docs = new Map((await this.documents.findForServing(next.map((e) => e.documentId), next.map((e) => e.chunkId))).map((d) => [d.id, d]));
      for (const e of next) {
        const doc = docs.get(e.documentId);
        const chunk = doc?.chunk;
        if (!doc || !chunk || doc.tombstonedAt || !doc.currentVersionId) continue;
        const changed = new Date(doc.sourceUpdatedAt ?? doc.updatedAt).getTime();
        const freshness = Math.pow(0.5, Math.max(0, now - changed) / DAY_MS / this.limits.freshnessHalfLifeDays);
        const base = withAdminTier(baseTrust(doc.sourceKind, doc.authorKind), adminTierOf(policy, doc));
        const trust = trustRank(base.tier) / (TRUST_TIERS.length - 1);
        const score = e.fused * (1 + this.limits.freshnessWeight * freshness + this.limits.trustWeight * trust);
        out.push({ chunkId: e.chunkId, documentId: e.documentId, versionId: doc.currentVersionId, doc, chunk, base, score, lexicalRank: e.lexicalRank, vectorRank: e.vectorRank, freshness, trust });
      }
      out.sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1));
      if (read >= order.length) return out;
      const reach = order[read].fused * lift;
      const settled = out.filter((r) => r.score > reach);
      if (settled.filter((r) => includeWithheld || !withholdingFlags(policy, r.doc.flags).length).length >= limit) return settled;
    }
  }
}

/** One ranked candidate: its best chunk, its document (with live flags), its base tier and its score with the signals behind it. */
interface Ranked {
  chunkId: string;
  documentId: string;
  versionId: string;
  doc: DocumentRow & { flags: StoredFlag[] };
  /** The chosen chunk's text and offsets. */
  chunk: ServedChunk;
  base: Trust;
  score: number;
  lexicalRank: number | null;
  vectorRank: number | null;
  freshness: number;
  trust: number;
}


function iso(d: Date | string | null): string | null {
  return d === null || d === undefined ? null : new Date(d).toISOString();
}
