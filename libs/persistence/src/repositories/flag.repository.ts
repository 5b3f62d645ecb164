import { Database } from '../database';
import { FLAG_JSON, FLAG_ORDER, FlagStatus, LIVE_FLAG, StoredFlag } from './chunk.repository';

/** A flag in the review queue: the flag, its document, and whether the flagged version is still current. */
export interface QueuedFlag extends StoredFlag {
  documentId: string;
  createdAt: string;
  document: { title: string | null; url: string | null; sourceKind: string; sourceId: string; externalId: string; current: boolean; tombstoned: boolean };
}

export interface FlagQueueQuery {
  status?: FlagStatus[];
  severity?: string[];
  sourceIds?: string[];
  sourceKinds?: string[];
  detectors?: string[];
  codes?: string[];
  documentId?: string;
  /** Continue after this flag (created_at, id) of the previous page. */
  after?: { createdAt: string; id: string };
  limit: number;
}

export interface FlagReviewRow {
  id: string;
  flagId: string;
  decision: 'cleared' | 'confirmed';
  note: string;
  keyId: string;
  keyName: string;
  at: Date;
  leafIndex: number;
  envelope: Buffer;
}

/** QueuedFlag as one JSON value, over `flags f` joined to its document `d`. */
const QUEUED_FLAG = `(${FLAG_JSON}::jsonb || jsonb_build_object('documentId', f.document_id, 'createdAt', f.created_at,
  'document', jsonb_build_object('title', d.title, 'url', d.url, 'sourceKind', d.source_kind, 'sourceId', d.source_ref,
    'externalId', d.external_id, 'current', d.current_version_id = f.version_id, 'tombstoned', d.tombstoned_at IS NOT NULL))) AS flag`;
const FLAG_WITH_DOCUMENT = `flags f JOIN documents d ON d.tenant_id = f.tenant_id AND d.id = f.document_id`;

const REVIEW_COLS = `id, flag_id AS "flagId", decision, note, key_id AS "keyId", key_name AS "keyName", at, leaf_index::float8 AS "leafIndex", envelope`;

/** Flags for review: the queue, one flag, decisions (kept in full), and a rescan's replacement of a version's flags. */
export class FlagRepository {
  constructor(private readonly db: Database) {}

  /** Live flags, newest first, filtered; a page continues after the previous page's last flag. */
  async queue(q: FlagQueueQuery): Promise<QueuedFlag[]> {
    const rows: Array<{ flag: QueuedFlag }> = await this.db.manager().query(
      `SELECT ${QUEUED_FLAG} FROM ${FLAG_WITH_DOCUMENT}
       WHERE f.tenant_id = $1 AND f.${LIVE_FLAG}
         AND ($2::text[] IS NULL OR f.status = ANY($2::text[]))
         AND ($3::text[] IS NULL OR f.severity = ANY($3::text[]))
         AND ($4::text[] IS NULL OR d.source_ref = ANY($4::text[]))
         AND ($5::text[] IS NULL OR d.source_kind = ANY($5::text[]))
         AND ($6::text[] IS NULL OR f.detector = ANY($6::text[]))
         AND ($7::text[] IS NULL OR f.code = ANY($7::text[]))
         AND ($8::uuid IS NULL OR f.document_id = $8::uuid)
         AND ($9::timestamptz IS NULL OR (f.created_at, f.id) < ($9::timestamptz, $10::uuid))
       ORDER BY f.created_at DESC, f.id DESC LIMIT $11`,
      [
        this.db.tenantId(),
        q.status ?? null,
        q.severity ?? null,
        q.sourceIds ?? null,
        q.sourceKinds ?? null,
        q.detectors ?? null,
        q.codes ?? null,
        q.documentId ?? null,
        q.after?.createdAt ?? null,
        q.after?.id ?? null,
        q.limit,
      ],
    );
    return rows.map((r) => r.flag);
  }

  /** One flag (live or superseded) with its document, for a review; locked for the decision when `forUpdate`. */
  async get(id: string, forUpdate = false): Promise<(QueuedFlag & { supersededAt: string | null }) | null> {
    const rows: Array<{ flag: QueuedFlag; supersededAt: Date | null }> = await this.db.manager().query(
      `SELECT ${QUEUED_FLAG}, f.superseded_at AS "supersededAt" FROM ${FLAG_WITH_DOCUMENT}
       WHERE f.tenant_id = $1 AND f.id = $2${forUpdate ? ' FOR UPDATE OF f' : ''}`,
      [this.db.tenantId(), id],
    );
    if (!rows[0]) return null;
    return { ...rows[0].flag, supersededAt: rows[0].supersededAt ? new Date(rows[0].supersededAt).toISOString() : null };
  }

  async recordReview(r: FlagReviewRow): Promise<void> {
    const m = this.db.manager();
    await m.query(
      `INSERT INTO flag_reviews (tenant_id, id, flag_id, decision, note, key_id, key_name, at, leaf_index, envelope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [this.db.tenantId(), r.id, r.flagId, r.decision, r.note, r.keyId, r.keyName, r.at, r.leafIndex, r.envelope],
    );
    await m.query(
      `UPDATE flags SET status = $3, reviewed_at = $4, reviewed_by_key = $5, reviewed_by_name = $6, review_note = $7 WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), r.flagId, r.decision, r.at, r.keyId, r.keyName, r.note],
    );
  }

  /** Every decision on these flags, oldest first. */
  reviewsOf(flagIds: string[]): Promise<FlagReviewRow[]> {
    if (!flagIds.length) return Promise.resolve([]);
    return this.db.manager().query(`SELECT ${REVIEW_COLS} FROM flag_reviews WHERE tenant_id = $1 AND flag_id = ANY($2::uuid[]) ORDER BY at, id`, [this.db.tenantId(), flagIds]);
  }

  /** Decisions newest first (the review side of the audit trail); `before` pages on. */
  listReviews(q: { keyId?: string; since?: Date; until?: Date; before?: Date; limit: number }): Promise<FlagReviewRow[]> {
    return this.db.manager().query(
      `SELECT ${REVIEW_COLS} FROM flag_reviews
       WHERE tenant_id = $1 AND ($2::uuid IS NULL OR key_id = $2::uuid) AND ($3::timestamptz IS NULL OR at >= $3::timestamptz)
         AND ($4::timestamptz IS NULL OR at <= $4::timestamptz) AND ($5::timestamptz IS NULL OR at < $5::timestamptz)
       ORDER BY at DESC, id LIMIT $6`,
      [this.db.tenantId(), q.keyId ?? null, q.since?.toISOString() ?? null, q.until?.toISOString() ?? null, q.before?.toISOString() ?? null, q.limit],
    );
  }

  /** Live flags of these versions raised by the named detectors (what a rescan compares against). */
  async liveByDetectors(versionIds: string[], detectors: string[]): Promise<StoredFlag[]> {
    if (!versionIds.length) return [];
    const rows: Array<{ flag: StoredFlag }> = await this.db.manager().query(
      `SELECT ${FLAG_JSON} AS flag FROM flags f WHERE f.tenant_id = $1 AND f.version_id = ANY($2::uuid[]) AND f.${LIVE_FLAG} AND f.detector = ANY($3::text[]) ORDER BY ${FLAG_ORDER}`,
      [this.db.tenantId(), versionIds, detectors],
    );
    return rows.map((r) => r.flag);
  }

  async supersede(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.db.manager().query(`UPDATE flags SET superseded_at = now() WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND superseded_at IS NULL`, [this.db.tenantId(), ids]);
  }
}
