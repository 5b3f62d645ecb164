import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChangeBatch, Connector, ConnectorContext, ConnectorError, FetchedDocument } from '../connector';
import { SettingsCheck } from '../settings';
import { Pacer, sleep } from '../pacer';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SentryConfig {
  apiUrl: string;
  organization: string;
  projects: string[] | null;
  requestsPerSecond: number;
  pageSize: number;
  lookbackDays: number;
  breadcrumbs: number;
}

/** The issues seen since `since`; a backfill in progress keeps its page cursor. */
interface SentryCursor {
  since: string | null;
  pending?: { page: string; since: string | null; newest: string | null };
}

export const SENTRY_WORLD_WRITABLE =
  'Sentry event text is written by whoever sends the event: anyone holding the project DSN (it ships inside client apps) can send any message';

/** Parses a Link header into rel → {url, results, cursor}. */
export function parseLinkHeader(link: string | null): Record<string, { url: string; results: boolean; cursor: string }> {
  const out: Record<string, { url: string; results: boolean; cursor: string }> = {};
  for (const part of (link ?? '').split(/,\s*(?=<)/)) {
    const url = /<([^>]+)>/.exec(part)?.[1];
    const rel = /rel="([^"]+)"/.exec(part)?.[1];
    if (!url || !rel) continue;
    out[rel] = { url, results: /results="true"/.test(part), cursor: /cursor="([^"]+)"/.exec(part)?.[1] ?? '' };
  }
  return out;
}

/**
 * Sentry's REST API: the configured organization's issues changed since the cursor (by last seen),
 * each with its latest event (message, exception and stack trace, breadcrumbs, tags, release,
 * environment, user). Pages only through the Link header; honours X-Sentry-Rate-Limit-* headers.
 * Event text is attacker-writable by design: documents carry that in their provenance.
 */
export class SentryConnector implements Connector {
  readonly kind = 'sentry' as const;
  readonly name = 'sentry';
  readonly version = '1.0.0';

  validateConfig(config: unknown, credentials: unknown): Record<string, unknown> {
    const check = new SettingsCheck('sentry', config, ['apiUrl', 'organization', 'projects', 'requestsPerSecond', 'pageSize', 'lookbackDays', 'breadcrumbs']);
    const c = check.c;
    if (typeof c.organization !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/i.test(c.organization)) check.problems.push('organization must be the organization slug');
    check.apiUrl();
    if (c.projects !== undefined && (!Array.isArray(c.projects) || c.projects.some((p) => typeof p !== 'string'))) check.problems.push('projects must be a list of project slugs');
    check.numbers([['requestsPerSecond', 0.01, 100], ['pageSize', 1, 100], ['lookbackDays', 1, 90], ['breadcrumbs', 0, 100]]);
    check.token(credentials, 'a Sentry auth token');
    check.done();
    const out: SentryConfig = {
      apiUrl: ((c.apiUrl as string) ?? 'https://sentry.io').replace(/\/+$/, ''),
      organization: c.organization as string,
      projects: (c.projects as string[]) ?? null,
      requestsPerSecond: (c.requestsPerSecond as number) ?? 5,
      pageSize: (c.pageSize as number) ?? 100,
      lookbackDays: (c.lookbackDays as number) ?? 90,
      breadcrumbs: (c.breadcrumbs as number) ?? 20,
    };
    return out as unknown as Record<string, unknown>;
  }

  async *fetchChanges(ctx: ConnectorContext): AsyncIterable<ChangeBatch> {
    const cfg = ctx.config as unknown as SentryConfig;
    const api = new SentryApi(cfg, ctx.credentials?.token ?? '', ctx.signal);
    const cursor: SentryCursor = { ...((ctx.cursor as SentryCursor | null) ?? { since: null }) };
    const projectIds = cfg.projects ? await api.projectIds(cfg.projects) : [];
    const since = cursor.pending ? cursor.pending.since : cursor.since;
    let newest = cursor.pending?.newest ?? null;
    let pageUrl = cursor.pending?.page ?? api.issuesUrl(since, projectIds);
    for (;;) {
      const { body, links } = await api.get(pageUrl);
      const issues = body as Obj[];
      const upserts: FetchedDocument[] = [];
      for (const issue of issues) {
        if (!newest || String(issue.lastSeen) > newest) newest = String(issue.lastSeen);
        upserts.push(await api.document(issue));
      }
      const next = links.next;
      if (next?.results) {
        pageUrl = next.url;
        yield { upserts, deletions: [], cursor: { since, pending: { page: next.url, since, newest } } };
      } else {
        yield { upserts, deletions: [], cursor: { since: newest ?? since } };
        return;
      }
    }
  }

  async fetchItem(ctx: ConnectorContext, item: Record<string, string | undefined>): Promise<{ externalId: string; document: FetchedDocument | null }> {
    if (!item.id) throw new ConnectorError('PERMANENT', 'a Sentry item needs an issue id');
    const cfg = ctx.config as unknown as SentryConfig;
    const api = new SentryApi(cfg, ctx.credentials?.token ?? '', ctx.signal);
    const issue = await api.get(`${cfg.apiUrl}/api/0/organizations/${cfg.organization}/issues/${encodeURIComponent(item.id)}/`, true);
    return { externalId: `sentry:${item.id}`, document: issue ? await api.document(issue.body as Obj) : null };
  }

  /** sentry-hook-signature: HMAC-SHA256 of the raw body with the integration's client secret, hex. */
  static verifySignature(clientSecret: string, signature: string | undefined, timestamp: string | undefined, rawBody: string, windowSeconds = 300): boolean {
    if (!signature) return false;
    if (timestamp !== undefined && (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > windowSeconds)) return false;
    const expected = createHmac('sha256', clientSecret).update(rawBody, 'utf8').digest('hex');
    const a = Buffer.from(expected);
    const b = Buffer.from(signature);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

class SentryApi {
  private readonly pacer: Pacer;

  constructor(
    private readonly cfg: SentryConfig,
    private readonly token: string,
    private readonly signal: AbortSignal,
  ) {
    this.pacer = new Pacer({ api: cfg.requestsPerSecond * 60 }, signal);
  }

  issuesUrl(since: string | null, projectIds: string[]): string {
    const q = new URLSearchParams({ sort: 'date', limit: String(this.cfg.pageSize), statsPeriod: `${this.cfg.lookbackDays}d` });
    if (since) q.set('query', `lastSeen:>=${since}`);
    for (const p of projectIds) q.append('project', p);
    return `${this.cfg.apiUrl}/api/0/organizations/${this.cfg.organization}/issues/?${q.toString()}`;
  }

  async projectIds(slugs: string[]): Promise<string[]> {
    const all: Obj[] = [];
    let url: string | null = `${this.cfg.apiUrl}/api/0/organizations/${this.cfg.organization}/projects/`;
    while (url) {
      const page: { body: unknown; links: ReturnType<typeof parseLinkHeader> } = await this.get(url);
      const { body, links } = page;
      all.push(...(body as Obj[]));
      url = links.next?.results ? links.next.url : null;
    }
    const missing = slugs.filter((s) => !all.some((p) => p.slug === s));
    if (missing.length) throw new ConnectorError('PERMANENT', `unknown Sentry project(s): ${missing.join(', ')}`);
    return all.filter((p) => slugs.includes(p.slug)).map((p) => String(p.id));
  }

  /** GET with pacing, Sentry's rate-limit headers, and retries of 429 and 5xx; 404 → null when allowed. */
  async get(url: string): Promise<{ body: unknown; links: ReturnType<typeof parseLinkHeader> }>;
  async get(url: string, allow404: true): Promise<{ body: unknown; links: ReturnType<typeof parseLinkHeader> } | null>;
  async get(url: string, allow404 = false): Promise<{ body: unknown; links: ReturnType<typeof parseLinkHeader> } | null> {
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait('api');
      let res: Response;
      try {
        res = await fetch(url, { headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(30_000) });
      } catch (e) {
        if (attempt < 4) {
          await sleep(500 * 2 ** attempt, this.signal);
          continue;
        }
        throw new ConnectorError('TRANSIENT', `sentry: ${(e as Error).message}`);
      }
      const remaining = res.headers.get('x-sentry-rate-limit-remaining');
      const reset = Number(res.headers.get('x-sentry-rate-limit-reset'));
      if (remaining === '0' && reset) this.pacer.backOff('api', Math.max(0, reset - Date.now() / 1000));
      if (res.status === 429) {
        this.pacer.backOff('api', Math.max(1, reset ? reset - Date.now() / 1000 : Number(res.headers.get('retry-after') ?? 1)));
        await res.arrayBuffer().catch(() => undefined);
        if (attempt < 6) continue;
        throw new ConnectorError('RATE_LIMITED', 'sentry keeps answering 429', 60);
      }
      const body = (await res.json().catch(() => null)) as Obj | null;
      if (res.status === 401 || res.status === 403) throw new ConnectorError('AUTH', `sentry refused the token (${res.status}: ${body?.detail ?? 'no detail'})`);
      if (res.status === 404) {
        if (allow404) return null;
        throw new ConnectorError('PERMANENT', `sentry: ${new URL(url).pathname} does not exist (check the organization slug)`);
      }
      if (res.status >= 500) {
        if (attempt < 5) {
          await sleep(300 * 2 ** attempt, this.signal);
          continue;
        }
        throw new ConnectorError('TRANSIENT', `sentry answered ${res.status} ${attempt + 1} times`);
      }
      if (!res.ok) throw new ConnectorError('PERMANENT', `sentry ${res.status}: ${body?.detail ?? 'no detail'}`);
      return { body, links: parseLinkHeader(res.headers.get('link')) };
    }
  }

  async document(issue: Obj): Promise<FetchedDocument> {
    const ev = (await this.get(`${this.cfg.apiUrl}/api/0/organizations/${this.cfg.organization}/issues/${issue.id}/events/latest/`, true))?.body as Obj | undefined;
    const lines = [`[${String(issue.level ?? 'error').toUpperCase()}] ${issue.title}`];
    if (issue.culprit) lines.push(`Culprit: ${issue.culprit}`);
    lines.push(`Project: ${issue.project?.name ?? issue.project?.slug} · Status: ${issue.status} · Events: ${issue.count} · Users: ${issue.userCount}`);
    lines.push(`First seen: ${issue.firstSeen} · Last seen: ${issue.lastSeen}`);
    const tags = new Map<string, string>();
    if (ev) {
      for (const t of ev.tags ?? []) tags.set(t.key, t.value);
      const release = typeof ev.release === 'object' && ev.release ? ev.release.version : (ev.release ?? tags.get('release'));
      lines.push('', `Latest event ${ev.eventID} at ${ev.dateCreated}${release ? ` (release ${release})` : ''}${tags.get('environment') ? ` in ${tags.get('environment')}` : ''}`);
      if (ev.message) lines.push(`Message: ${ev.message}`);
      for (const entry of ev.entries ?? []) {
        if (entry.type === 'message' && entry.data?.formatted && entry.data.formatted !== ev.message) lines.push(`Message: ${entry.data.formatted}`);
        if (entry.type === 'exception') {
          for (const v of entry.data?.values ?? []) {
            lines.push(`Exception: ${v.type}: ${v.value}`);
            for (const f of (v.stacktrace?.frames ?? []).slice(-30).reverse()) lines.push(`  at ${f.function ?? '?'} (${f.filename ?? f.absPath ?? '?'}:${f.lineNo ?? '?'})${f.inApp ? '' : ' [library]'}`);
          }
        }
        if (entry.type === 'breadcrumbs' && this.cfg.breadcrumbs > 0) {
          const crumbs = (entry.data?.values ?? []).slice(-this.cfg.breadcrumbs);
          if (crumbs.length) lines.push('Breadcrumbs:', ...crumbs.map((b: Obj) => `  ${b.timestamp} [${b.category ?? b.type}] ${b.message ?? ''}`));
        }
      }
      if (tags.size) lines.push(`Tags: ${[...tags].map(([k, v]) => `${k}=${v}`).join(', ')}`);
      if (ev.user) lines.push(`Affected user: ${ev.user.email ?? ev.user.username ?? ev.user.id ?? 'unknown'}`);
    }
    return {
      externalId: `sentry:${issue.id}`,
      kind: 'issue',
      title: `${issue.shortId ?? issue.id}: ${issue.title}`,
      url: issue.permalink ?? null,
      author: { id: `sentry:${issue.project?.slug ?? 'project'}`, name: `events of ${issue.project?.name ?? 'a Sentry project'}`, kind: 'external', details: { worldWritable: true } },
      sourceCreatedAt: issue.firstSeen ?? null,
      sourceUpdatedAt: issue.lastSeen ?? null,
      content: lines.join('\n'),
      attributes: {
        issue: { id: issue.id, shortId: issue.shortId, level: issue.level, status: issue.status, project: issue.project?.slug },
        latestEventId: ev?.eventID ?? null,
        release: ev ? (typeof ev.release === 'object' && ev.release ? ev.release.version : (tags.get('release') ?? null)) : null,
        environment: tags.get('environment') ?? null,
        trust: { worldWritable: true, reason: SENTRY_WORLD_WRITABLE },
      },
      provenanceFindings: [{ code: 'provenance.world_writable_source', severity: 'low', message: SENTRY_WORLD_WRITABLE }],
    };
  }
}
