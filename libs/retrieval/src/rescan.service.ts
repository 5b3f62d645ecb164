import { ConflictError, isUuid, newId, NotFoundError, ValidationError } from '@ctxvault/common';
import { ChunkRepository, Database, FlagRepository, NewFlag, RescanRepository, RescanRow, StoredFlag } from '@ctxvault/persistence';
import { DETECTOR_SET_VERSION, DETECTORS, DetectorFinding, scanText } from '@ctxvault/poisoning';
import type { QueueClient } from '@ctxvault/queue';

export interface RescanView {
  id: string;
  status: RescanRow['status'];
  detectors: string;
  requestedBy: string;
  progress: { total: number | null; done: number; percent: number | null };
  flagsAdded: number;
  flagsSuperseded: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function rescanView(r: RescanRow): RescanView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    status: r.status,
    detectors: r.detectors,
    requestedBy: r.requestedBy,
    progress: { total: r.total, done: r.done, percent: r.total ? Math.round((r.done / r.total) * 1000) / 10 : r.total === 0 ? 100 : null },
    flagsAdded: r.flagsAdded,
    flagsSuperseded: r.flagsSuperseded,
    error: r.error,
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

/** Same finding: version, detector, code, chunk and span (the message may change between detector versions). */
const findingKey = (f: { versionId: string; detector: string; code: string; chunkOrdinal: number | null; start: number | null; end: number | null }) =>
  `${f.versionId}|${f.detector}|${f.code}|${f.chunkOrdinal ?? ''}|${f.start ?? ''}|${f.end ?? ''}`;

/**
 * Re-scans of a tenant's stored content with the current detectors, as a background job. For each
 * current version: findings the current detectors still make keep their flag (and its review);
 * flags they no longer make are superseded (kept, with the time, out of serving); new findings become
 * open flags recording the detector version. Flags from ingestion metadata (provenance) are untouched.
 */
export class RescanService {
  constructor(
    private readonly db: Database,
    private readonly rescans: RescanRepository,
    private readonly flags: FlagRepository,
    private readonly chunks: ChunkRepository,
    private readonly queue: QueueClient | null,
    private readonly batch: number,
  ) {}

  /** Records a rescan and queues it for a worker (after the transaction commits). */
  async request(actor: string): Promise<RescanView> {
    if (!this.queue) throw new ConflictError('this process has no job queue (Redis): start the API with REDIS_URL to run rescans');
    const row = await this.create(actor);
    const tenantId = this.db.tenantId();
    const queue = this.queue;
    this.db.afterCommit(() => queue.enqueue('flags.rescan', { tenantId, rescanId: row.id }, { jobId: `rescan-${row.id}` }));
    return rescanView(row);
  }

  /** Records a rescan for the caller to run (the CLI runs it in its own process); one at a time per tenant. */
  async create(actor: string): Promise<RescanRow> {
    const active = await this.rescans.active();
    if (active) throw new ConflictError(`rescan ${active.id} is already ${active.status} for this tenant; follow it at GET /v1/flags/rescans/${active.id}`);
    return this.rescans.create(newId(), DETECTOR_SET_VERSION, actor);
  }

  async get(id: string): Promise<RescanView> {
    if (!isUuid(id)) throw new ValidationError('rescan id must be a UUID');
    const row = await this.rescans.get(id);
    if (!row) throw new NotFoundError('no rescan with this id in this tenant');
    return rescanView(row);
  }

  async list(limit = 20): Promise<RescanView[]> {
    return (await this.rescans.list(limit)).map(rescanView);
  }

  /** Starts (or resumes) a rescan: counts the versions to scan; returns null when it has finished already. */
  async begin(id: string): Promise<RescanRow | null> {
    const row = await this.rescans.get(id);
    if (!row || row.status === 'done' || row.status === 'failed') return null;
    await this.rescans.start(id, await this.rescans.countCurrentVersions());
    return this.rescans.get(id);
  }

  /**
   * Scans one batch of current versions after `afterDocumentId` (in the caller's tenant transaction)
   * and records the progress; returns the last document id, or null when none are left.
   */
  async scanBatch(id: string, afterDocumentId: string | null, doneBefore: number): Promise<{ last: string | null; done: number }> {
    const versions = await this.rescans.currentVersions(afterDocumentId, this.batch);
    if (!versions.length) return { last: null, done: doneBefore };
    const byVersion = new Map(versions.map((v) => [v.versionId, v.documentId]));
    const detectorNames = DETECTORS.map((d) => d.name);
    const existing = await this.flags.liveByDetectors([...byVersion.keys()], detectorNames);
    const existingKeys = new Map<string, StoredFlag>(existing.map((f) => [findingKey(f), f]));
    const found = new Set<string>();
    const added: NewFlag[] = [];
    for (const c of await this.chunks.ofVersions([...byVersion.keys()])) {
      const documentId = byVersion.get(c.versionId)!;
      for (const f of scanText(c.text)) {
        const flag = flagOf(f, documentId, c.versionId, c.ordinal, c.start);
        const key = findingKey(flag);
        if (found.has(key)) continue;
        found.add(key);
        if (!existingKeys.has(key)) added.push(flag);
      }
    }
    const stale = existing.filter((f) => !found.has(findingKey(f)));
    await this.flags.supersede(stale.map((f) => f.id));
    await this.chunks.insertFlags(added);
    const done = doneBefore + versions.length;
    await this.rescans.progress(id, done, added.length, stale.length);
    return { last: versions[versions.length - 1].documentId, done };
  }

  /**
   * Runs a recorded rescan to its end, one batch per tenant transaction (the progress is visible after
   * each), outside any transaction of the caller. A retry starts over: batches already scanned find
   * their flags in place and change nothing. On an error the rescan is marked failed when
   * `recordFailure` says so, and the error is rethrown. Null when the rescan had already ended.
   */
  async runToEnd(tenantId: string, id: string, opts: { onProgress?: (done: number, total: number) => void; recordFailure: () => boolean }): Promise<RescanView | null> {
    const started = await this.db.inTenant(tenantId, () => this.begin(id));
    if (!started) return null;
    let last: string | null = null;
    let done = 0;
    try {
      for (;;) {
        const r: { last: string | null; done: number } = await this.db.inTenant(tenantId, () => this.scanBatch(id, last, done));
        if (!r.last) break;
        last = r.last;
        done = r.done;
        opts.onProgress?.(done, started.total ?? 0);
      }
      await this.db.inTenant(tenantId, () => this.finish(id, null));
    } catch (e) {
      if (opts.recordFailure()) await this.db.inTenant(tenantId, () => this.finish(id, (e as Error).message));
      throw e;
    }
    return this.db.inTenant(tenantId, () => this.get(id));
  }

  finish(id: string, error: string | null): Promise<void> {
    return this.rescans.finish(id, error);
  }
}

function flagOf(f: DetectorFinding, documentId: string, versionId: string, chunkOrdinal: number, chunkStart: number): NewFlag {
  return {
    id: newId(),
    documentId,
    versionId,
    chunkOrdinal,
    code: f.code,
    severity: f.severity,
    detector: f.detector,
    detectorVersion: f.detectorVersion,
    start: chunkStart + f.start,
    end: chunkStart + f.end,
    message: f.message,
  };
}
