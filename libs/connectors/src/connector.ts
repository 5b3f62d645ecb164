import type { AuthorKind, SourceKind } from '@ctxvault/provenance';

/** A vendor failure, translated into what the pipeline can act on. */
export type ConnectorErrorKind = 'RATE_LIMITED' | 'AUTH' | 'TRANSIENT' | 'PERMANENT';

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** A finding about where a document came from (not about its text), raised by the connector. */
export interface ProvenanceFinding {
  code: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  message: string;
}

/** One document as the source has it now. */
export interface FetchedDocument {
  externalId: string;
  /** What the document is at its source (file, commit, thread, page, row, issue, …). */
  kind?: string;
  title?: string | null;
  url?: string | null;
  author: { id: string; name?: string | null; kind: AuthorKind; details?: Record<string, unknown> };
  sourceCreatedAt?: string | null;
  sourceUpdatedAt?: string | null;
  content: string;
  /** Offsets where a new message or record starts, for chunking. */
  boundaries?: number[];
  attributes?: Record<string, unknown>;
  provenanceFindings?: ProvenanceFinding[];
}

/** Changes since the cursor, in order. `cursor` is where a later run resumes once this batch is stored. */
export interface ChangeBatch {
  upserts: FetchedDocument[];
  /** External ids of documents gone at the source. */
  deletions: string[];
  cursor: unknown;
}

export interface ConnectorContext {
  tenantId: string;
  sourceId: string;
  config: Record<string, unknown>;
  credentials: Record<string, string> | null;
  cursor: unknown;
  signal: AbortSignal;
}

/** One source kind: validate its settings, fetch changes since a cursor. */
export interface Connector {
  readonly kind: SourceKind;
  readonly name: string;
  readonly version: string;
  /** Throws a ValidationError listing what is wrong with a source's settings; returns them normalized. */
  validateConfig(config: unknown, credentials: unknown): Record<string, unknown>;
  fetchChanges(ctx: ConnectorContext): AsyncIterable<ChangeBatch>;
  /** For the live path: one item as the source has it now (null document: it is gone). */
  fetchItem?(ctx: ConnectorContext, item: Record<string, string | undefined>): Promise<{ externalId: string; document: FetchedDocument | null }>;
}
