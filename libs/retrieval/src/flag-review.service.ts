import { ConflictError, isUuid, newId, NotFoundError, ValidationError } from '@ctxvault/common';
import { Database, FlagRepository, FlagStatus, QueuedFlag } from '@ctxvault/persistence';
import { canonicalBytes, ProvenanceService } from '@ctxvault/provenance';
import { SEVERITY_ORDER } from './serving-policy';

export const REVIEW_TYPE = 'https://ctxvault.dev/review/flag/v1';
export const REVIEW_PAYLOAD_TYPE = 'application/vnd.ctxvault.review+json';
export const FLAG_STATUSES: FlagStatus[] = ['open', 'cleared', 'confirmed'];
export const REVIEW_DECISIONS = ['cleared', 'confirmed'] as const;
const SOURCE_KINDS = ['git', 'slack', 'notion', 'sentry', 'push'];

export interface FlagReviewLimits {
  flagsMaxPage: number;
  reviewNoteMaxChars: number;
}

export interface Reviewer {
  keyId: string;
  keyName: string;
  role: string;
}

/** What a review decision signs: the flag as it was decided on, the decision, the reviewer and the time. */
export interface ReviewBody {
  _type: typeof REVIEW_TYPE;
  tenant: string;
  flag: { id: string; documentId: string; versionId: string; code: string; severity: string; detector: string; detectorVersion: string; chunkOrdinal: number | null; start: number | null; end: number | null };
  previousStatus: FlagStatus;
  decision: (typeof REVIEW_DECISIONS)[number];
  note: string;
  reviewer: Reviewer;
  at: string;
}

export interface FlagQueueRequest {
  status?: string[];
  severity?: string[];
  sourceId?: string[];
  sourceKind?: string[];
  detector?: string[];
  code?: string[];
  documentId?: string;
  after?: string;
  limit?: number;
}

function values(name: string, v: string[] | undefined, allowed?: readonly string[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (!v.length || v.some((x) => typeof x !== 'string' || !x)) throw new ValidationError(`${name} must name at least one non-empty value (or be left out)`);
  if (allowed) {
    const bad = v.filter((x) => !allowed.includes(x));
    if (bad.length) throw new ValidationError(`${name} has unknown value(s) ${bad.join(', ')}; known: ${allowed.join(', ')}`);
  }
  return v;
}

/** Paging cursor of the flag queue: the last flag's creation time and id. */
function encodeCursor(f: QueuedFlag): string {
  return Buffer.from(JSON.stringify([f.createdAt, f.id])).toString('base64url');
}
function decodeCursor(c: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && isUuid(id)) return { createdAt, id };
  } catch {
    /* reported below */
  }
  throw new ValidationError('after must be the "next" value of a previous page of GET /v1/flags');
}

/**
 * The security review of poisoning flags: the queue (filtered, paged), and decisions. A decision
 * clears a flag (its content is served again; the flag stays visible with the review) or confirms it
 * (its content stays withheld whatever its severity). Each decision is signed with the tenant's key and
 * appended to the tenant's log as an `audit` leaf, in the same transaction as the change: if the
 * append fails, nothing changes.
 */
export class FlagReviewService {
  constructor(
    private readonly db: Database,
    private readonly flags: FlagRepository,
    private readonly provenance: ProvenanceService,
    private readonly limits: FlagReviewLimits,
  ) {}

  async list(q: FlagQueueRequest): Promise<{ flags: QueuedFlag[]; next: string | null }> {
    const max = this.limits.flagsMaxPage;
    const limit = q.limit ?? Math.min(50, max);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ValidationError(`limit must be a whole number from 1 to ${max} (FLAGS_MAX_PAGE)`);
    const sourceIds = values('sourceId', q.sourceId);
    if (sourceIds?.some((s) => !isUuid(s))) throw new ValidationError('sourceId must be source ids (UUIDs)');
    if (q.documentId !== undefined && !isUuid(q.documentId)) throw new ValidationError('documentId must be a document id (UUID)');
    const flags = await this.flags.queue({
      status: values('status', q.status, FLAG_STATUSES) as FlagStatus[] | undefined,
      severity: values('severity', q.severity, SEVERITY_ORDER),
      sourceIds,
      sourceKinds: values('sourceKind', q.sourceKind, SOURCE_KINDS),
      detectors: values('detector', q.detector),
      codes: values('code', q.code),
      documentId: q.documentId,
      after: q.after === undefined ? undefined : decodeCursor(q.after),
      limit,
    });
    return { flags, next: flags.length === limit ? encodeCursor(flags[flags.length - 1]) : null };
  }

  async get(id: string) {
    if (!isUuid(id)) throw new ValidationError('flag id must be a UUID');
    const flag = await this.flags.get(id);
    if (!flag) throw new NotFoundError('no flag with this id in this tenant');
    const reviews = await this.flags.reviewsOf([id]);
    return { ...flag, reviews: reviews.map((r) => ({ id: r.id, decision: r.decision, note: r.note, keyId: r.keyId, keyName: r.keyName, at: new Date(r.at).toISOString(), leafIndex: r.leafIndex })) };
  }

  /** Inside the caller's tenant transaction. */
  async review(id: string, req: { decision?: unknown; note?: unknown }, reviewer: Reviewer) {
    if (!isUuid(id)) throw new ValidationError('flag id must be a UUID');
    if (typeof req.decision !== 'string' || !(REVIEW_DECISIONS as readonly string[]).includes(req.decision)) {
      throw new ValidationError(`decision must be one of ${REVIEW_DECISIONS.join(', ')}`);
    }
    if (typeof req.note !== 'string' || !req.note.trim()) throw new ValidationError('note must say why (a non-empty string): it is signed into the audit log with the decision');
    const note = req.note.trim();
    if (note.length > this.limits.reviewNoteMaxChars) throw new ValidationError(`note has ${note.length} characters; the limit is ${this.limits.reviewNoteMaxChars} (REVIEW_NOTE_MAX_CHARS)`);
    const decision = req.decision as ReviewBody['decision'];
    const flag = await this.flags.get(id, true);
    if (!flag) throw new NotFoundError('no flag with this id in this tenant');
    if (flag.supersededAt) throw new ConflictError(`this flag was superseded by a rescan at ${flag.supersededAt} (the current detectors no longer raise it); review the flags the rescan raised instead`);
    if (flag.status === decision) throw new ConflictError(`this flag is already ${decision}${flag.review ? ` (by ${flag.review.keyName} at ${new Date(flag.review.at).toISOString()})` : ''}`);
    const at = new Date();
    const body: ReviewBody = {
      _type: REVIEW_TYPE,
      tenant: this.db.tenantId(),
      flag: {
        id: flag.id,
        documentId: flag.documentId,
        versionId: flag.versionId,
        code: flag.code,
        severity: flag.severity,
        detector: flag.detector,
        detectorVersion: flag.detectorVersion,
        chunkOrdinal: flag.chunkOrdinal,
        start: flag.start,
        end: flag.end,
      },
      previousStatus: flag.status,
      decision,
      note,
      reviewer: { keyId: reviewer.keyId, keyName: reviewer.keyName, role: reviewer.role },
      at: at.toISOString(),
    };
    const rec = await this.provenance.recordAudit(REVIEW_PAYLOAD_TYPE, canonicalBytes(body));
    const reviewId = newId();
    await this.flags.recordReview({ id: reviewId, flagId: id, decision, note, keyId: reviewer.keyId, keyName: reviewer.keyName, at, leafIndex: rec.leafIndex, envelope: rec.envelope });
    return {
      flag: await this.get(id),
      review: { id: reviewId, decision, note, at: at.toISOString(), leafIndex: rec.leafIndex, keyId: rec.keyId, envelope: rec.envelope.toString('base64') },
    };
  }
}
