import { performance } from 'node:perf_hooks';
import { newId } from '@ctxvault/common';
import type { FetchedDocument } from '@ctxvault/connectors';
import { ChunkRepository, DocumentRepository, LexicalIndex, NewChunk, NewFlag, RunCounts } from '@ctxvault/persistence';
import { DetectorFinding, nearDuplicateCounts, PROVENANCE_DETECTOR, provenanceFindings, redactSecrets, scanText } from '@ctxvault/poisoning';
import { NormalizedDocumentVersion, sha256, SourceKind } from '@ctxvault/provenance';
import { Chunk, chunkText, Embedder } from '@ctxvault/retrieval';
import type { Services } from '@ctxvault/services';

export interface PipelineSource {
  id: string;
  kind: string;
}

export interface StepResult {
  counts: Partial<RunCounts>;
  timingsMs: Record<string, number>;
  errors: Array<{ externalId?: string; message: string }>;
}

interface PreparedDoc {
  doc: NormalizedDocumentVersion;
  chunks: Chunk[];
  vectors: number[][];
  findings: Array<DetectorFinding & { chunkOrdinal: number | null }>;
}

export interface PreparedBatch {
  source: PipelineSource;
  fetched: number;
  unchanged: number;
  docs: PreparedDoc[];
  deletions: string[];
  result: StepResult;
}

class StepTimer {
  readonly ms: Record<string, number> = {};
  async step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.ms[name] = (this.ms[name] ?? 0) + (performance.now() - t0);
    }
  }
}

/**
 * The ingestion pipeline, in its one order:
 *   fetch (by the caller) → normalize → chunk → scan → embed → sign → store → append to log → (caller) advance cursor.
 * `prepare` does the pure and outbound work (no transaction held while embedding); `commit` runs inside
 * the caller's tenant transaction, together with the cursor or staged-item update, so a crash at any
 * step leaves either the whole batch or none of it.
 */
export class IngestPipeline {
  constructor(
    private readonly s: Services,
    private readonly embedder: Embedder,
    private readonly opts: { chunkSize: number; chunkOverlap: number; connector: (kind: string) => { name: string; version: string } },
  ) {}

  async prepare(tenantId: string, source: PipelineSource, upserts: FetchedDocument[], deletions: string[]): Promise<PreparedBatch> {
    const t = new StepTimer();
    const errors: StepResult['errors'] = [];
    const connector = this.opts.connector(source.kind);
    const fetchedAt = new Date().toISOString();

    const normalized = await t.step('normalize', () => {
      const out: Array<{ doc: NormalizedDocumentVersion; boundaries: number[]; provenance: FetchedDocument['provenanceFindings'] }> = [];
      for (const u of upserts) {
        const content = u.content.replace(/\r\n?/g, '\n');
        if (!u.externalId || content.includes('\u0000')) {
          errors.push({ externalId: u.externalId, message: 'document has no external id or contains NUL characters' });
          continue;
        }
        out.push({
          doc: {
            sourceKind: source.kind as SourceKind,
            sourceRef: source.id,
            externalId: u.externalId,
            kind: u.kind,
            url: u.url ?? null,
            title: u.title ?? null,
            author: u.author,
            sourceCreatedAt: u.sourceCreatedAt ?? null,
            sourceUpdatedAt: u.sourceUpdatedAt ?? null,
            fetchedAt,
            connector,
            content,
            attributes: u.attributes ?? {},
          },
          boundaries: u.boundaries ?? [],
          provenance: u.provenanceFindings ?? [],
        });
      }
      return out;
    });

    // Unchanged content (same hash as the current version) goes no further.
    const states = await t.step('normalize', () =>
      this.read(tenantId, () => this.documents().currentStates(normalized.map((n) => ({ sourceRef: source.id, externalId: n.doc.externalId })))),
    );
    const current = new Map(states.map((s) => [s.externalId, s]));
    const changed = normalized.filter((n) => {
      const st = current.get(n.doc.externalId);
      return !(st && !st.tombstoned && st.contentSha256?.equals(sha256(n.doc.content)));
    });

    const chunked = await t.step('chunk', () =>
      changed.map((n) => {
        const chunks = chunkText(n.doc.content, { size: this.opts.chunkSize, overlap: this.opts.chunkOverlap }, n.boundaries);
        n.doc.chunkHashes = chunks.map((c) => sha256(c.text).toString('hex'));
        return { ...n, chunks };
      }),
    );

    // Provenance facts that need the store: authors seen before (once the source has synced), near-duplicate bursts in this batch.
    const history = chunked.length
      ? await this.read(tenantId, () => this.documents().authorHistory(source.id, [...new Set(chunked.map((n) => n.doc.author.id))]))
      : { sourceSynced: false, known: new Set<string>() };
    const duplicates = nearDuplicateCounts(chunked.map((n) => ({ authorId: n.doc.author.id, text: n.doc.content })));
    const seenInBatch = new Set<string>();
    const scanned = await t.step('scan', () =>
      chunked.map((n, i) => {
        const findings: PreparedDoc['findings'] = [];
        for (const c of n.chunks) {
          for (const f of scanText(c.text)) findings.push({ ...f, start: c.start + f.start, end: c.start + f.end, chunkOrdinal: c.ordinal });
        }
        for (const p of n.provenance ?? []) {
          findings.push({ ...p, start: 0, end: 0, detector: 'provenance', detectorVersion: connector.version, chunkOrdinal: null });
        }
        const author = n.doc.author;
        const firstSeenAuthor = history.sourceSynced && !history.known.has(author.id) && !seenInBatch.has(author.id);
        seenInBatch.add(author.id);
        const editor = (n.doc.attributes as { lastEditedBy?: { id?: unknown; name?: unknown } }).lastEditedBy;
        const facts = {
          sourceKind: source.kind,
          author: { id: author.id, kind: author.kind, details: author.details },
          lastEditedBy: editor && typeof editor.id === 'string' ? { id: editor.id, name: typeof editor.name === 'string' ? editor.name : null } : null,
          sourceUpdatedAt: n.doc.sourceUpdatedAt,
          firstSeenAuthor,
          nearDuplicates: duplicates[i],
        };
        for (const p of provenanceFindings(facts)) {
          findings.push({ ...p, start: 0, end: 0, detector: PROVENANCE_DETECTOR.name, detectorVersion: PROVENANCE_DETECTOR.version, chunkOrdinal: null });
        }
        return { ...n, findings };
      }),
    );

    const redact = this.s.config.poisoning.redactSecretsBeforeEmbedding;
    const vectors = await t.step('embed', () => this.embedder.embed(scanned.flatMap((n) => n.chunks.map((c) => (redact ? redactSecrets(c.text) : c.text)))));
    let v = 0;
    const docs: PreparedDoc[] = scanned.map((n) => ({ doc: n.doc, chunks: n.chunks, findings: n.findings, vectors: n.chunks.map(() => vectors[v++]) }));

    return {
      source,
      fetched: upserts.length,
      unchanged: normalized.length - changed.length,
      docs,
      deletions,
      result: { counts: { fetched: upserts.length, failed: errors.length }, timingsMs: t.ms, errors },
    };
  }

  /** Sign, store and log the prepared batch; inside the caller's tenant transaction. */
  async commit(p: PreparedBatch): Promise<StepResult> {
    const t = new StepTimer();
    const counts: Partial<RunCounts> = { ...p.result.counts, unchanged: p.unchanged, new: 0, changed: 0, deleted: 0 };
    // sign (and store the versions) → store chunks and flags → append to the log, last, so the
    // tenant's append lock is held only for the append, the statements and the checkpoint.
    const staged = await t.step('sign', () => this.s.provenance.service.stageVersions(p.docs.map((d) => d.doc)));
    const recorded = staged.results;
    await t.step('store', async () => {
      const chunkRepo = new ChunkRepository(this.s.db);
      await chunkRepo.ensurePartition();
      const chunks: NewChunk[] = [];
      const flags: NewFlag[] = [];
      recorded.forEach((r, i) => {
        counts[r.status] = (counts[r.status] ?? 0) + 1;
        if (r.status === 'unchanged') return;
        const d = p.docs[i];
        d.chunks.forEach((c, k) =>
          chunks.push({ id: newId(), documentId: r.documentId, versionId: r.versionId, ordinal: c.ordinal, text: c.text, start: c.start, end: c.end, sha256: sha256(c.text), embedding: d.vectors[k] }),
        );
        for (const f of d.findings) {
          flags.push({
            id: newId(),
            documentId: r.documentId,
            versionId: r.versionId,
            chunkOrdinal: f.chunkOrdinal,
            code: f.code,
            severity: f.severity,
            detector: f.detector,
            detectorVersion: f.detectorVersion,
            start: f.chunkOrdinal === null ? null : f.start,
            end: f.chunkOrdinal === null ? null : f.end,
            message: f.message,
          });
        }
      });
      await chunkRepo.insertMany(chunks);
      await chunkRepo.insertFlags(flags);
      await new LexicalIndex(this.s.db).reindexDocuments([...new Set(recorded.filter((r) => r.status !== 'unchanged').map((r) => r.documentId))]);
    });
    await t.step('log', () => this.s.provenance.service.appendStaged(staged));
    await t.step('tombstone', async () => {
      if (!p.deletions.length) return;
      const states = await this.documents().currentStates(p.deletions.map((externalId) => ({ sourceRef: p.source.id, externalId })));
      for (const st of states) {
        if (st.tombstoned) continue;
        await this.s.provenance.service.tombstone(st.id, 'deleted at the source');
        counts.deleted = (counts.deleted ?? 0) + 1;
      }
    });
    return { counts, timingsMs: { ...p.result.timingsMs, ...t.ms }, errors: p.result.errors };
  }

  private documents(): DocumentRepository {
    return new DocumentRepository(this.s.db);
  }

  private read<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    return this.s.db.inScope() ? fn() : this.s.db.inTenant(tenantId, fn);
  }
}
