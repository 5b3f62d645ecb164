import { newId, ValidationError } from '@ctxvault/common';
import type { FetchedDocument } from '@ctxvault/connectors';
import { Database, DocumentRepository, IngestItemRepository, SyncRunRepository } from '@ctxvault/persistence';
import { AUTHOR_KINDS, AuthorKind, sha256 } from '@ctxvault/provenance';
import type { QueueClient } from '@ctxvault/queue';
import { SourceService } from './source.service';

export interface PushLimits {
  maxDocuments: number;
  maxDocumentBytes: number;
  maxMetadataBytes: number;
  attempts: number;
}

export interface PushItemResult {
  index: number;
  externalId: string | null;
  status: 'accepted' | 'unchanged' | 'rejected';
  reasons?: string[];
}

export interface PushResult {
  batchId: string | null;
  accepted: number;
  unchanged: number;
  rejected: number;
  items: PushItemResult[];
}

const FIELDS = ['externalId', 'kind', 'title', 'url', 'author', 'createdAt', 'updatedAt', 'text', 'metadata'];
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (!(n >= 0xdc00 && n <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

function isoOk(v: unknown): boolean {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v));
}

/**
 * The push API's intake: every document is checked on its own (a bad one is refused with its
 * reasons while the rest land); unchanged content is answered at once; the rest is staged in the
 * database and processed by the worker (the job carries only the batch id).
 */
export class PushService {
  constructor(
    private readonly db: Database,
    private readonly sources: SourceService,
    private readonly documents: DocumentRepository,
    private readonly runs: SyncRunRepository,
    private readonly items: IngestItemRepository,
    private readonly queue: QueueClient | null,
    private readonly limits: PushLimits,
  ) {}

  validateItem(raw: unknown, pushedBy: { keyId: string; keyName: string }): { doc?: FetchedDocument; reasons: string[]; externalId: string | null } {
    const reasons: string[] = [];
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { reasons: ['each document must be a JSON object'], externalId: null };
    const d = raw as Record<string, unknown>;
    for (const k of Object.keys(d)) if (!FIELDS.includes(k)) reasons.push(`unknown field "${k}" (known: ${FIELDS.join(', ')})`);
    const externalId = typeof d.externalId === 'string' ? d.externalId : null;
    if (!externalId || externalId.length > 1024 || CONTROL.test(externalId) || !wellFormed(externalId)) reasons.push('externalId must be 1-1024 printable characters');
    if (typeof d.text !== 'string') reasons.push('text must be a string');
    else {
      if (!d.text.trim()) reasons.push('text must not be empty');
      if (!wellFormed(d.text)) reasons.push('text is not valid Unicode (unpaired surrogate)');
      if (d.text.includes('\u0000')) reasons.push('text must not contain NUL characters');
      const bytes = Buffer.byteLength(d.text, 'utf8');
      if (bytes > this.limits.maxDocumentBytes) reasons.push(`text is ${bytes} bytes; the limit is ${this.limits.maxDocumentBytes} (PUSH_MAX_DOCUMENT_BYTES)`);
    }
    if (d.title !== undefined && (typeof d.title !== 'string' || d.title.length > 500 || !wellFormed(d.title))) reasons.push('title must be a string of at most 500 characters');
    if (d.url !== undefined) {
      let ok = typeof d.url === 'string' && d.url.length <= 2048;
      if (ok) {
        try {
          ok = ['http:', 'https:'].includes(new URL(d.url as string).protocol);
        } catch {
          ok = false;
        }
      }
      if (!ok) reasons.push('url must be an absolute http(s) URL of at most 2048 characters');
    }
    let author: FetchedDocument['author'] = { id: `key:${pushedBy.keyId}`, name: pushedBy.keyName, kind: 'unknown' };
    if (d.author !== undefined) {
      const a = d.author as Record<string, unknown>;
      if (!a || typeof a !== 'object' || Array.isArray(a)) reasons.push('author must be an object {id, name?, kind?}');
      else {
        const extra = Object.keys(a).filter((k) => !['id', 'name', 'kind'].includes(k));
        if (extra.length) reasons.push(`unknown author field(s): ${extra.join(', ')}`);
        if (typeof a.id !== 'string' || !a.id || a.id.length > 256) reasons.push('author.id must be 1-256 characters');
        if (a.name !== undefined && (typeof a.name !== 'string' || a.name.length > 256)) reasons.push('author.name must be at most 256 characters');
        if (a.kind !== undefined && !(AUTHOR_KINDS as readonly string[]).includes(a.kind as string)) reasons.push(`author.kind must be one of: ${AUTHOR_KINDS.join(', ')}`);
        author = { id: a.id as string, name: (a.name as string) ?? null, kind: ((a.kind as AuthorKind) ?? 'unknown') };
      }
    }
    for (const f of ['createdAt', 'updatedAt']) if (d[f] !== undefined && !isoOk(d[f])) reasons.push(`${f} must be an ISO 8601 date-time`);
    if (d.kind !== undefined && (typeof d.kind !== 'string' || !/^[a-z][a-z0-9_-]{0,39}$/.test(d.kind))) reasons.push('kind must be 1-40 lowercase letters, digits, _ or - (e.g. runbook, faq, ticket), starting with a letter');
    if (d.metadata !== undefined) {
      if (!d.metadata || typeof d.metadata !== 'object' || Array.isArray(d.metadata)) reasons.push('metadata must be a JSON object');
      else {
        const bytes = Buffer.byteLength(JSON.stringify(d.metadata));
        if (bytes > this.limits.maxMetadataBytes) reasons.push(`metadata is ${bytes} bytes; the limit is ${this.limits.maxMetadataBytes} (PUSH_MAX_METADATA_BYTES)`);
      }
    }
    if (reasons.length) return { reasons, externalId };
    return {
      reasons,
      externalId,
      doc: {
        externalId: externalId!,
        kind: (d.kind as string) ?? undefined,
        title: (d.title as string) ?? null,
        url: (d.url as string) ?? null,
        author,
        sourceCreatedAt: (d.createdAt as string) ?? null,
        sourceUpdatedAt: (d.updatedAt as string) ?? null,
        content: (d.text as string).replace(/\r\n?/g, '\n'),
        attributes: { pushedBy: { keyId: pushedBy.keyId, keyName: pushedBy.keyName }, ...(d.metadata ? { metadata: d.metadata } : {}) },
      },
    };
  }

  /** Inside the request's tenant transaction. */
  async accept(body: unknown, pushedBy: { keyId: string; keyName: string }): Promise<PushResult> {
    const b = body as Record<string, unknown> | null;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw new ValidationError('the body must be {"documents": [...]}');
    const extra = Object.keys(b).filter((k) => k !== 'documents');
    if (extra.length) throw new ValidationError(`unknown field(s) ${extra.map((k) => `"${k}"`).join(', ')}: the body must be {"documents": [...]}`);
    if (!Array.isArray(b.documents) || b.documents.length === 0) throw new ValidationError('documents must be a non-empty array');
    if (b.documents.length > this.limits.maxDocuments) {
      throw new ValidationError(`documents has ${b.documents.length} items; the limit is ${this.limits.maxDocuments} per request (PUSH_MAX_DOCUMENTS): split the batch`);
    }
    const source = await this.sources.pushSource();
    const items: PushItemResult[] = [];
    const valid: Array<{ index: number; doc: FetchedDocument }> = [];
    const seen = new Set<string>();
    b.documents.forEach((raw, index) => {
      const r = this.validateItem(raw, pushedBy);
      if (r.doc && seen.has(r.doc.externalId)) r.reasons.push('externalId appears more than once in this request');
      if (r.reasons.length || !r.doc) items.push({ index, externalId: r.externalId, status: 'rejected', reasons: r.reasons });
      else {
        seen.add(r.doc.externalId);
        valid.push({ index, doc: r.doc });
        items.push({ index, externalId: r.doc.externalId, status: 'accepted' });
      }
    });
    const states = new Map(
      (await this.documents.currentStates(valid.map((v) => ({ sourceRef: source.id, externalId: v.doc.externalId })))).map((s) => [s.externalId, s]),
    );
    const staged: FetchedDocument[] = [];
    for (const v of valid) {
      const st = states.get(v.doc.externalId);
      if (st && !st.tombstoned && st.contentSha256?.equals(sha256(v.doc.content))) items[v.index].status = 'unchanged';
      else staged.push(v.doc);
    }
    let batchId: string | null = null;
    if (staged.length) {
      batchId = newId();
      await this.runs.insert(batchId, source.id, 'push');
      await this.items.insertMany(batchId, staged.map((d) => ({ externalId: d.externalId, payload: d })));
      const tenantId = this.db.tenantId();
      const runId = batchId;
      this.db.afterCommit(() => this.queue?.enqueue('ingest.push', { tenantId, runId }, { jobId: `push-${runId}`, attempts: this.limits.attempts }));
    }
    const count = (s: PushItemResult['status']) => items.filter((i) => i.status === s).length;
    return { batchId, accepted: count('accepted'), unchanged: count('unchanged'), rejected: count('rejected'), items };
  }
}
