import { ValidationError } from '@ctxvault/common';
import { FlagRepository, ReadRepository } from '@ctxvault/persistence';
import { optionalDate } from './params';

/** One search in the audit trail. */
export interface ReadAuditEntry {
  kind: 'read';
  id: string;
  at: string;
  principal: { keyId: string; keyName: string; role: string; channel: string };
  queryHash: string;
  resultCount: number;
  withheldCount: number;
  leafIndex: number;
  receipt: string;
}

/** One flag review decision in the audit trail. */
export interface ReviewAuditEntry {
  kind: 'review';
  id: string;
  at: string;
  principal: { keyId: string; keyName: string };
  flagId: string;
  decision: string;
  note: string;
  leafIndex: number;
  /** The signed decision (DSSE envelope, base64), also the `audit` leaf at leafIndex. */
  envelope: string;
}

export type AuditEntry = ReadAuditEntry | ReviewAuditEntry;
export const AUDIT_KINDS = ['read', 'review'] as const;


/**
 * The tenant's audit trail of who read what and who decided what: every search (with its signed
 * receipt) and every flag review (with its signed decision), each also an `audit` leaf of the log;
 * newest first, by key, kind and time range; `before` pages on.
 */
export class AuditTrailService {
  constructor(
    private readonly reads: ReadRepository,
    private readonly flags: FlagRepository,
    private readonly maxPage: number,
  ) {}

  async list(q: { keyId?: string; kind?: string; since?: string; until?: string; before?: string; limit?: number }): Promise<{ entries: AuditEntry[]; next: string | null }> {
    const max = this.maxPage;
    const limit = q.limit ?? Math.min(100, max);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ValidationError(`limit must be a whole number from 1 to ${max} (AUDIT_MAX_PAGE)`);
    if (q.kind !== undefined && !(AUDIT_KINDS as readonly string[]).includes(q.kind)) throw new ValidationError(`kind must be one of ${AUDIT_KINDS.join(', ')} (or left out for both)`);
    const since = optionalDate('since', q.since);
    const until = optionalDate('until', q.until);
    if (since && until && since > until) throw new ValidationError('since must not be after until');
    const range = { keyId: q.keyId, since, until, before: optionalDate('before', q.before), limit };
    const reads: AuditEntry[] =
      q.kind === 'review'
        ? []
        : (await this.reads.list(range)).map((r) => ({
            kind: 'read',
            id: r.id,
            at: new Date(r.at).toISOString(),
            principal: { keyId: r.keyId, keyName: r.keyName, role: r.role, channel: r.channel },
            queryHash: r.querySha256.toString('hex'),
            resultCount: r.resultCount,
            withheldCount: r.withheldCount,
            leafIndex: r.leafIndex,
            receipt: r.receipt.toString('base64'),
          }));
    const reviews: AuditEntry[] =
      q.kind === 'read'
        ? []
        : (await this.flags.listReviews(range)).map((r) => ({
            kind: 'review',
            id: r.id,
            at: new Date(r.at).toISOString(),
            principal: { keyId: r.keyId, keyName: r.keyName },
            flagId: r.flagId,
            decision: r.decision,
            note: r.note,
            leafIndex: r.leafIndex,
            envelope: r.envelope.toString('base64'),
          }));
    const entries = [...reads, ...reviews].sort((a, b) => b.at.localeCompare(a.at) || b.leafIndex - a.leafIndex).slice(0, limit);
    return { entries, next: entries.length === limit ? entries[entries.length - 1].at : null };
  }
}
