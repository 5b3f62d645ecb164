import { isUuid, NotFoundError, ValidationError } from '@ctxvault/common';
import { ChunkRepository, DocumentRepository, FlagRepository, PolicyRepository, StoredFlag } from '@ctxvault/persistence';
import { ProvenanceService, ProvenanceView } from '@ctxvault/provenance';
import { riskOf, servingPolicy, withholdingFlags } from './serving-policy';
import type { Assessment } from '@ctxvault/poisoning';

export interface DocumentView {
  id: string;
  title: string | null;
  url: string | null;
  sourceKind: string;
  sourceRef: string;
  externalId: string;
  version: number;
  /** Null when withheld: an open flag at a withholding severity, and the reader is not a reviewer. */
  text: string | null;
  withheld?: { codes: string[] };
  author: unknown;
  timestamps: unknown;
  attributes: unknown;
  provenance: ProvenanceView;
  history: Array<{ version: number; versionId: string; contentSha256: string; author: unknown; at: string; statementId: string; keyId: string; leafIndex: number; purged: boolean }>;
  /** Risk of the current version from its flags in force (cleared ones do not count). */
  risk: Assessment;
  /** Every flag raised on the current version (superseded ones with their time), each with its review decisions. */
  flags: Array<StoredFlag & { supersededAt: string | null; reviews: Array<{ decision: string; note: string; keyId: string; keyName: string; at: string; leafIndex: number }> }>;
}

function predicateOf(envelope: Buffer): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const env = JSON.parse(envelope.toString('utf8'));
  return JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')).predicate ?? {};
}

/**
 * One document as an agent reads it: the current version's full text, its provenance (envelope and
 * inclusion proof to the latest checkpoint), every version (who, when, content hash) and the flags
 * raised on the current version. A document deleted at its source is not served.
 */
export class DocumentReadService {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly chunks: ChunkRepository,
    private readonly flagRepo: FlagRepository,
    private readonly policies: PolicyRepository,
    private readonly provenance: ProvenanceService,
  ) {}

  /** `includeWithheld`: reviewers (security, admin) read flagged text; agents get it withheld. */
  async get(id: string, opts: { includeWithheld?: boolean } = {}): Promise<DocumentView> {
    if (!isUuid(id)) throw new ValidationError('document id must be a UUID');
    const doc = await this.documents.findById(id);
    if (!doc) throw new NotFoundError('no document with this id in this tenant');
    if (doc.tombstonedAt) throw new NotFoundError(`this document was deleted at its source (${new Date(doc.tombstonedAt).toISOString()}) and is no longer served`);
    const current = await this.documents.version(doc.currentVersionId!);
    if (!current || current.content === null) throw new NotFoundError('the content of this document has been purged');
    const history = await this.documents.history(id);
    const all = await this.chunks.flagsOfVersion(current.id);
    const blocking = withholdingFlags(servingPolicy(await this.policies.load()), all.filter((f) => f.supersededAt === null));
    const withheld = blocking.length > 0 && !opts.includeWithheld;
    const latest = predicateOf(history[history.length - 1].envelope);
    return {
      id: doc.id,
      title: doc.title,
      url: doc.url,
      sourceKind: doc.sourceKind,
      sourceRef: doc.sourceRef,
      externalId: doc.externalId,
      version: current.version,
      text: withheld ? null : current.content,
      ...(withheld ? { withheld: { codes: [...new Set(blocking.map((f) => f.code))] } } : {}),
      author: latest.author ?? null,
      timestamps: latest.timestamps ?? null,
      attributes: latest.attributes ?? {},
      risk: riskOf(all.filter((f) => f.supersededAt === null), null).document,
      provenance: await this.provenance.provenanceOf(id),
      history: history.map((h) => ({
        version: h.version,
        versionId: h.versionId,
        contentSha256: h.contentSha256.toString('hex'),
        author: predicateOf(h.envelope).author ?? null,
        at: new Date(h.createdAt).toISOString(),
        statementId: h.statementId,
        keyId: h.keyId,
        leafIndex: h.leafIndex,
        purged: !!h.purgedAt,
      })),
      // A detector's message may quote the hidden text: withheld with it.
      flags: await this.withReviews(all.map((f) => (withheld ? { ...f, message: 'withheld with the text' } : f))),
    };
  }

  private async withReviews<F extends StoredFlag>(flags: F[]): Promise<Array<F & { reviews: DocumentView['flags'][number]['reviews'] }>> {
    const reviews = await this.flagRepo.reviewsOf(flags.filter((f) => f.review).map((f) => f.id));
    return flags.map((f) => ({
      ...f,
      reviews: reviews
        .filter((r) => r.flagId === f.id)
        .map((r) => ({ decision: r.decision, note: r.note, keyId: r.keyId, keyName: r.keyName, at: new Date(r.at).toISOString(), leafIndex: r.leafIndex })),
    }));
  }
}
