import { randomBytes } from 'node:crypto';
import { canonicalBytes } from './canonical-json';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const VERSION_PREDICATE = 'https://ctxvault.dev/provenance/document-version/v1';
export const TOMBSTONE_PREDICATE = 'https://ctxvault.dev/provenance/tombstone/v1';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export const AUTHOR_KINDS = ['human', 'bot', 'guest', 'external', 'unknown'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];
export const SOURCE_KINDS = ['git', 'slack', 'notion', 'sentry', 'push'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A document's kind when its connector names none. */
export const DEFAULT_DOCUMENT_KIND: Record<SourceKind, string> = { git: 'file', slack: 'thread', notion: 'page', sentry: 'issue', push: 'document' };

/** What a connector or the push API knows about one version of a document. */
export interface NormalizedDocumentVersion {
  sourceKind: SourceKind;
  /** Identifies the source inside the tenant (a source id, or push:<key id>). */
  sourceRef: string;
  externalId: string;
  /** What the document is at its source (file, commit, thread, page, row, issue, …); not part of the statement. */
  kind?: string;
  url?: string | null;
  title?: string | null;
  author: { id: string; name?: string | null; kind: AuthorKind; details?: Record<string, unknown> };
  sourceCreatedAt?: string | null;
  sourceUpdatedAt?: string | null;
  fetchedAt: string;
  connector: { name: string; version: string };
  content: string;
  /** SHA-256 (hex) of each chunk, in order, when the content was chunked. */
  chunkHashes?: string[];
  /** Source-specific provenance facts (e.g. a commit's signature status). */
  attributes?: Record<string, unknown>;
}

export interface StatementIds {
  tenantId: string;
  documentId: string;
  versionId: string;
  version: number;
  contentSha256: string;
  chunkMerkleRoot: string | null;
  parentEnvelopeSha256: string | null;
}

/** An in-toto Statement v1 about one document version; the salt makes every statement unguessable. */
export function versionStatement(doc: NormalizedDocumentVersion, ids: StatementIds, salt = randomBytes(32)): Buffer {
  return canonicalBytes({
    _type: STATEMENT_TYPE,
    subject: [{ name: `ctxvault:document/${ids.documentId}/v${ids.version}`, digest: { sha256: ids.contentSha256 } }],
    predicateType: VERSION_PREDICATE,
    predicate: {
      tenant: ids.tenantId,
      document: { id: ids.documentId, versionId: ids.versionId, version: ids.version },
      source: { kind: doc.sourceKind, ref: doc.sourceRef },
      externalId: doc.externalId,
      url: doc.url ?? null,
      title: doc.title ?? null,
      author: { id: doc.author.id, name: doc.author.name ?? null, kind: doc.author.kind, ...(doc.author.details ? { details: doc.author.details } : {}) },
      timestamps: { sourceCreated: doc.sourceCreatedAt ?? null, sourceUpdated: doc.sourceUpdatedAt ?? null, fetched: doc.fetchedAt },
      connector: doc.connector,
      content: {
        sha256: ids.contentSha256,
        chunkCount: doc.chunkHashes?.length ?? 0,
        chunkMerkleRoot: ids.chunkMerkleRoot,
      },
      parentVersion: ids.parentEnvelopeSha256 ? { envelopeSha256: ids.parentEnvelopeSha256 } : null,
      attributes: doc.attributes ?? {},
      salt: salt.toString('base64'),
    },
  });
}

export function tombstoneStatement(
  tenantId: string,
  documentId: string,
  lastVersion: number,
  lastEnvelopeSha256: string | null,
  reason: string,
  at: string,
  salt = randomBytes(32),
): Buffer {
  return canonicalBytes({
    _type: STATEMENT_TYPE,
    subject: [{ name: `ctxvault:document/${documentId}`, digest: { sha256: lastEnvelopeSha256 ?? '' } }],
    predicateType: TOMBSTONE_PREDICATE,
    predicate: { tenant: tenantId, document: { id: documentId, lastVersion }, reason, at, salt: salt.toString('base64') },
  });
}

export interface ParsedStatement {
  _type: string;
  subject: Array<{ name: string; digest: { sha256: string } }>;
  predicateType: string;
  predicate: Record<string, unknown> & { tenant: string; document: { id: string; versionId?: string; version?: number } };
}

export function parseStatement(payload: Buffer): ParsedStatement {
  const s = JSON.parse(payload.toString('utf8')) as ParsedStatement;
  if (s?._type !== STATEMENT_TYPE || !Array.isArray(s.subject) || !s.predicate || typeof s.predicate.tenant !== 'string') {
    throw new Error('payload is not a ContextVault in-toto statement');
  }
  return s;
}
