import { ConflictError, isUuid, newId, NotFoundError, ValidationError } from '@ctxvault/common';
import type { Connector } from '@ctxvault/connectors';
import { Database, SourceRepository, SourceRow, SyncRunRepository, SyncRunRow } from '@ctxvault/persistence';
import type { MasterKey, SourceKind } from '@ctxvault/provenance';
import type { QueueClient } from '@ctxvault/queue';

export const TRUST_TIERS = ['trusted', 'standard', 'low', 'untrusted'] as const;
export type TrustTier = (typeof TRUST_TIERS)[number];

/** Default trust by kind: world-writable sources start lowest (anyone with a Sentry DSN can write an event). */
export const DEFAULT_TRUST: Record<SourceKind, TrustTier> = { git: 'standard', notion: 'standard', slack: 'standard', push: 'standard', sentry: 'untrusted' };

export interface SourceView {
  id: string;
  kind: string;
  name: string;
  config: Record<string, unknown>;
  hasCredentials: boolean;
  scheduleSeconds: number | null;
  enabled: boolean;
  trustTier: string;
  cursor: unknown;
  health: string;
  healthReason: string | null;
  consecutiveFailures: number;
  syncing: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SyncRunView {
  id: string;
  sourceId: string;
  trigger: string;
  status: string;
  attempt: number;
  counts: Record<string, number>;
  timingsMs: Record<string, number>;
  errors: Array<{ externalId?: string; message: string }>;
  error: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function sourceView(s: SourceRow): SourceView {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    config: s.config,
    hasCredentials: !!s.credentialsEnc,
    scheduleSeconds: s.scheduleSeconds,
    enabled: s.enabled,
    trustTier: s.trustTier,
    cursor: s.cursor,
    health: s.health,
    healthReason: s.healthReason,
    consecutiveFailures: s.consecutiveFailures,
    syncing: !!s.leaseUntil && new Date(s.leaseUntil).getTime() > Date.now(),
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

export function runView(r: SyncRunRow): SyncRunView {
  const counts = { fetched: 0, new: 0, changed: 0, unchanged: 0, deleted: 0, failed: 0, ...(r.counts as Record<string, number>) };
  return {
    id: r.id,
    sourceId: r.sourceId,
    trigger: r.trigger,
    status: r.status,
    attempt: r.attempt,
    counts,
    timingsMs: r.timingsMs,
    errors: r.errors,
    error: r.error,
    queuedAt: new Date(r.queuedAt).toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    durationMs: r.startedAt && r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null,
  };
}

export interface SourceInput {
  kind: string;
  name: string;
  config?: unknown;
  credentials?: unknown;
  scheduleSeconds?: number | null;
  enabled?: boolean;
  trustTier?: string;
}

/**
 * Sources of a tenant: settings validated by their connector, credentials sealed under the master
 * key and never returned, schedules kept in the queue, syncs queued as runs. Inside a tenant transaction.
 */
export class SourceService {
  constructor(
    private readonly db: Database,
    private readonly sources: SourceRepository,
    private readonly runs: SyncRunRepository,
    private readonly connectors: Partial<Record<SourceKind, Connector>>,
    private readonly master: MasterKey,
    private readonly queue: QueueClient | null,
    private readonly attempts: number,
  ) {}

  private connector(kind: string): Connector {
    const c = this.connectors[kind as SourceKind];
    if (!c) {
      const known = Object.keys(this.connectors).join(', ');
      throw new ValidationError(kind === 'push' ? 'push sources are created by POST /v1/ingest/documents' : `kind must be one of: ${known} (got "${kind}")`);
    }
    return c;
  }

  private seal(sourceId: string, credentials: unknown): Buffer | null {
    if (credentials === undefined || credentials === null) return null;
    return this.master.seal(Buffer.from(JSON.stringify(credentials)), `${this.db.tenantId()}:source:${sourceId}`);
  }

  credentialsOf(s: SourceRow): Record<string, string> | null {
    if (!s.credentialsEnc) return null;
    return JSON.parse(this.master.open(s.credentialsEnc, `${this.db.tenantId()}:source:${s.id}`).toString('utf8'));
  }

  async create(input: SourceInput): Promise<SourceView> {
    const connector = this.connector(input.kind);
    const config = connector.validateConfig(input.config ?? {}, input.credentials);
    this.validateCommon(input);
    if (await this.sources.findByName(input.name)) throw new ConflictError(`a source named "${input.name}" already exists`);
    const id = newId();
    const row = await this.sources.insert({
      id,
      kind: input.kind,
      name: input.name,
      config,
      credentialsEnc: this.seal(id, input.credentials),
      scheduleSeconds: input.scheduleSeconds ?? null,
      enabled: input.enabled ?? true,
      trustTier: input.trustTier ?? DEFAULT_TRUST[input.kind as SourceKind],
    });
    this.afterCommitSchedule(row);
    return sourceView(row);
  }

  /** The tenant's push source (one per tenant), created on first push. */
  async pushSource(): Promise<SourceRow> {
    const existing = await this.sources.findByName('push');
    if (existing && existing.kind === 'push') return existing;
    if (existing) throw new ConflictError('a source named "push" exists and is not a push source; rename it to use the push API');
    return this.sources.insert({ id: newId(), kind: 'push', name: 'push', config: {}, credentialsEnc: null, scheduleSeconds: null, enabled: true, trustTier: DEFAULT_TRUST.push });
  }

  async list(): Promise<SourceView[]> {
    return (await this.sources.list()).map(sourceView);
  }

  async get(id: string): Promise<SourceRow> {
    if (!isUuid(id)) throw new ValidationError('source id must be a UUID');
    const s = await this.sources.findById(id);
    if (!s) throw new NotFoundError('no source with this id in this tenant');
    return s;
  }

  async update(id: string, patch: Partial<SourceInput>): Promise<SourceView> {
    const current = await this.get(id);
    if (patch.kind !== undefined && patch.kind !== current.kind) throw new ValidationError('a source cannot change kind; create a new source');
    this.validateCommon({ ...patch, kind: current.kind, name: patch.name ?? current.name });
    let config: Record<string, unknown> | undefined;
    if (patch.config !== undefined || patch.credentials !== undefined) {
      config = current.kind === 'push' ? {} : this.connector(current.kind).validateConfig(patch.config ?? current.config, patch.credentials ?? this.credentialsOf(current));
    }
    if (patch.name && patch.name !== current.name && (await this.sources.findByName(patch.name))) throw new ConflictError(`a source named "${patch.name}" already exists`);
    const row = (await this.sources.update(id, {
      name: patch.name,
      config,
      credentialsEnc: patch.credentials !== undefined ? this.seal(id, patch.credentials) : undefined,
      scheduleSeconds: patch.scheduleSeconds,
      enabled: patch.enabled,
      trustTier: patch.trustTier,
    }))!;
    this.afterCommitSchedule(row);
    return sourceView(row);
  }

  async remove(id: string): Promise<void> {
    const s = await this.get(id);
    await this.sources.softDelete(id);
    this.afterCommitSchedule({ ...s, enabled: false });
  }

  /** Queues a sync run now; the worker runs it when the source is free. */
  async requestSync(id: string, trigger: 'manual' | 'webhook' = 'manual'): Promise<SyncRunView> {
    const s = await this.get(id);
    if (!s.enabled) throw new ConflictError('this source is disabled; enable it before syncing');
    if (s.kind === 'push') throw new ValidationError('a push source has nothing to fetch; POST documents to /v1/ingest/documents');
    const run = await this.runs.insert(newId(), id, trigger);
    const tenantId = this.db.tenantId();
    this.db.afterCommit(() => this.queue?.enqueue('source.sync', { tenantId, sourceId: id, runId: run.id }, { jobId: `sync-${run.id}`, attempts: this.attempts }));
    return runView(run);
  }

  async listRuns(id: string, limit: number): Promise<SyncRunView[]> {
    await this.get(id);
    return (await this.runs.ofSource(id, limit)).map(runView);
  }

  async run(runId: string): Promise<SyncRunView> {
    if (!isUuid(runId)) throw new ValidationError('run id must be a UUID');
    const r = await this.runs.findById(runId);
    if (!r) throw new NotFoundError('no sync run with this id in this tenant');
    return runView(r);
  }

  private validateCommon(input: Partial<SourceInput>): void {
    const problems: string[] = [];
    if (input.name !== undefined && (typeof input.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/.test(input.name))) {
      problems.push('name must be 1-100 letters, digits, spaces, dots, dashes or underscores');
    }
    if (input.scheduleSeconds !== undefined && input.scheduleSeconds !== null && (!Number.isInteger(input.scheduleSeconds) || input.scheduleSeconds < 10 || input.scheduleSeconds > 30 * 86_400)) {
      problems.push('scheduleSeconds must be a whole number from 10 to 2592000, or null for manual syncs only');
    }
    if (input.trustTier !== undefined && !(TRUST_TIERS as readonly string[]).includes(input.trustTier)) problems.push(`trustTier must be one of: ${TRUST_TIERS.join(', ')}`);
    if (input.enabled !== undefined && typeof input.enabled !== 'boolean') problems.push('enabled must be true or false');
    if (problems.length) throw new ValidationError(`invalid source: ${problems.join('; ')}`, problems);
  }

  private afterCommitSchedule(s: SourceRow): void {
    const tenantId = this.db.tenantId();
    const key = `source-${tenantId}-${s.id}`;
    this.db.afterCommit(async () => {
      if (!this.queue) return;
      if (s.enabled && s.scheduleSeconds && s.kind !== 'push') {
        await this.queue.scheduleKeyed(key, 'source.sync', s.scheduleSeconds * 1000, { tenantId, sourceId: s.id }, this.attempts);
      } else {
        await this.queue.unschedule(key, 'source.sync');
      }
    });
  }
}
