import { createHmac } from 'node:crypto';
import { TwinRequest, TwinResponse, TwinServer } from '../twin-server';
import { SentrySeed, SentrySeedEvent, SentrySeedIssue } from './sentry.seed';

type Obj = Record<string, unknown>;

/**
 * A stateful Sentry REST API twin: real paths and shapes, pagination only through the `Link` header
 * (`results="true|false"`), X-Sentry-Rate-Limit-* headers on every answer, 429 with Sentry's body,
 * control endpoints to add events, and issue webhooks signed with `sentry-hook-signature`.
 */
export class SentryTwin extends TwinServer {
  private seed!: SentrySeed;
  private tokens = new Set<string>();
  private issues: Obj[] = [];
  private events: Obj[] = [];
  private hook: { url: string; secret: string } | null = null;
  private base = '';

  constructor(seed: SentrySeed) {
    super();
    this.load(seed);
  }

  override async listen(port = 0): Promise<string> {
    this.base = await super.listen(port);
    return this.base;
  }

  load(seed: SentrySeed): void {
    this.seed = seed;
    this.tokens = new Set(seed.tokens ?? ['sntrys_twin_token']);
    this.issues = seed.issues.map((i) => this.issue(i));
    this.events = seed.events.map((e) => this.event(e));
  }

  private project(slug: string): Obj {
    const p = this.seed.projects.find((x) => x.slug === slug)!;
    return { id: p.id, name: p.name, slug: p.slug, platform: p.platform ?? 'python' };
  }

  private issue(i: SentrySeedIssue): Obj {
    const p = this.seed.projects.find((x) => x.slug === i.project)!;
    const org = this.seed.organizations.find((o) => o.slug === p.organization)!;
    const n = this.seed.issues.filter((x) => x.project === i.project).findIndex((x) => x.id === i.id) + 1;
    return {
      annotations: [],
      assignedTo: null,
      count: String(i.count ?? 1),
      culprit: i.culprit ?? '',
      firstSeen: i.firstSeen,
      hasSeen: false,
      id: i.id,
      isBookmarked: false,
      isPublic: false,
      isSubscribed: true,
      lastSeen: i.lastSeen,
      level: i.level ?? 'error',
      logger: null,
      metadata: { title: i.title },
      numComments: 0,
      permalink: `https://${org.slug}.sentry.io/issues/${i.id}/`,
      project: this.project(i.project),
      shareId: null,
      shortId: `${p.slug.toUpperCase()}-${n}`,
      stats: { '24h': [[1700000000, 1]] },
      status: i.status ?? 'unresolved',
      statusDetails: {},
      subscriptionDetails: null,
      title: i.title,
      type: 'error',
      userCount: Number(i.userCount ?? 0),
      platform: p.platform ?? 'python',
      ...Object.fromEntries(Object.entries(i).filter(([k]) => !['project', 'count', 'userCount'].includes(k))),
    };
  }

  private event(e: SentrySeedEvent): Obj {
    const issue = this.issues.find((i) => i.id === e.issueId);
    const entries: Obj[] = [];
    if (e.exception) {
      entries.push({
        type: 'exception',
        data: {
          values: [
            {
              type: e.exception.type,
              value: e.exception.value,
              mechanism: { type: 'generic', handled: true },
              stacktrace: { frames: e.exception.frames.map((f) => ({ function: f.function, filename: f.filename, absPath: f.filename, lineNo: f.lineNo, colNo: null, inApp: f.inApp ?? true, module: null, package: null, context: [], vars: null, errors: null })), framesOmitted: null, registers: null, hasSystemFrames: false },
              module: null,
              threadId: null,
              rawStacktrace: null,
            },
          ],
          excOmitted: null,
          hasSystemFrames: false,
        },
      });
    }
    if (e.breadcrumbs?.length) {
      entries.push({ type: 'breadcrumbs', data: { values: e.breadcrumbs.map((b) => ({ type: 'default', timestamp: b.timestamp, level: b.level ?? 'info', message: b.message, category: b.category, data: null, event_id: null })) } });
    }
    if (e.message) entries.push({ type: 'message', data: { formatted: e.message } });
    return {
      eventID: e.eventID,
      id: e.eventID,
      dist: null,
      userReport: null,
      previousEventID: null,
      nextEventID: null,
      message: e.message ?? '',
      title: e.title ?? (issue?.title as string) ?? '',
      location: null,
      culprit: (issue?.culprit as string) ?? '',
      size: 1024,
      errors: [],
      platform: e.platform ?? 'python',
      type: 'error',
      metadata: e.exception ? { type: e.exception.type, value: e.exception.value } : { title: e.title ?? '' },
      tags: [...(e.tags ?? []), ...(e.environment ? [{ key: 'environment', value: e.environment }] : []), ...(e.release ? [{ key: 'release', value: e.release }] : [])],
      dateCreated: e.dateCreated,
      dateReceived: e.dateCreated,
      user: e.user ?? null,
      entries,
      packages: {},
      sdk: { name: 'sentry.python', version: '2.0.0' },
      contexts: {},
      fingerprints: ['{{ default }}'],
      context: {},
      release: e.release && typeof e.release === 'object' ? e.release : e.release ? releaseOf(String(e.release), e.dateCreated) : null,
      projectID: issue ? (issue.project as Obj).id : null,
      crashFile: null,
      occurrence: null,
      ...Object.fromEntries(Object.entries(e).filter(([k]) => !['issueId', 'exception', 'breadcrumbs', 'release', 'environment'].includes(k))),
      groupID: e.issueId,
    };
  }

  private headersFor(method: string): Record<string, string> {
    const limit = this.limits[method];
    const used = this.requests.get(method) ?? 0;
    return {
      'x-sentry-rate-limit-limit': String(limit?.max ?? 40),
      'x-sentry-rate-limit-remaining': String(limit ? Math.max(0, limit.max - 1) : 39),
      'x-sentry-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1),
      'x-sentry-rate-limit-concurrentlimit': '25',
      'x-sentry-rate-limit-concurrentremaining': '24',
      'x-twin-requests': String(used),
    };
  }

  protected rateLimited(method: string, retryAfter: number): TwinResponse {
    const limit = this.limits[method];
    return {
      status: 429,
      headers: { ...this.headersFor(method), 'x-sentry-rate-limit-remaining': '0', 'x-sentry-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + retryAfter), 'retry-after': String(retryAfter) },
      body: { detail: `You are attempting to use this endpoint too frequently. Limit is ${limit?.max ?? 40} requests in ${Math.round((limit?.windowMs ?? 1000) / 1000)} seconds` },
    };
  }

  protected vendorError(kind: 'server_error' | 'invalid_cursor' | 'revoked', _method: string, status?: number): TwinResponse {
    if (kind === 'server_error') return { status: status ?? 502, body: { detail: 'Internal Error' } };
    if (kind === 'invalid_cursor') return { status: 400, body: { detail: 'Invalid cursor parameter.' } };
    return { status: 401, body: { detail: 'Invalid token' } };
  }

  /** Link-header pagination over a list, 100 per page by default. */
  private paged(req: TwinRequest, method: string, items: Obj[]): TwinResponse {
    const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 100) || 100, 1), 100);
    const cursor = req.query.get('cursor');
    let offset = 0;
    if (cursor) {
      const m = /^(\d+):(\d+):([01])$/.exec(cursor);
      if (!m) return { status: 400, body: { detail: 'Invalid cursor parameter.' } };
      offset = Number(m[2]);
    }
    const page = items.slice(offset, offset + limit);
    const url = (c: string) => {
      const q = new URLSearchParams(req.query);
      q.set('cursor', c);
      return `${this.base}${req.path}?${q.toString()}`;
    };
    const prevC = `0:${Math.max(0, offset - limit)}:1`;
    const nextC = `0:${offset + limit}:0`;
    const link = `<${url(prevC)}>; rel="previous"; results="${offset > 0}"; cursor="${prevC}", <${url(nextC)}>; rel="next"; results="${offset + limit < items.length}"; cursor="${nextC}"`;
    return { status: 200, headers: { ...this.headersFor(method), link }, body: page };
  }

  protected async route(req: TwinRequest): Promise<TwinResponse> {
    const token = /^Bearer\s+(\S+)/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !this.tokens.has(token) || this.revokedTokens.has(token)) return { status: 401, body: { detail: token ? 'Invalid token' : 'Authentication credentials were not provided.' } };
    const parts = req.path.replace(/^\/api\/0\//, '').replace(/\/$/, '').split('/');
    const method = routeName(parts);
    if (!method) return { status: 404, body: { detail: 'The requested resource does not exist' } };
    const wait = this.admit(method);
    if (wait !== null) return this.rateLimited(method, wait);
    const fault = await this.fault(method);
    if (fault) return fault;
    const ok = (body: unknown): TwinResponse => ({ status: 200, headers: this.headersFor(method), body });
    const notFound: TwinResponse = { status: 404, body: { detail: 'The requested resource does not exist' } };
    const org = parts[1];
    const orgObj = this.seed.organizations.find((o) => o.slug === org || o.id === org);
    if (method !== 'org_list' && !orgObj) return notFound;
    const orgView = (o: Obj) => ({ id: o.id, slug: o.slug, name: o.name, dateCreated: '2020-01-01T00:00:00Z', isEarlyAdopter: false, require2FA: false, avatar: { avatarType: 'letter_avatar', avatarUuid: '00000000000000000000000000000000' }, status: { id: 'active', name: 'active' }, features: ['session-replay', 'performance-view'], links: { organizationUrl: `https://${o.slug}.sentry.io`, regionUrl: 'https://us.sentry.io' }, hasAuthProvider: false, allowMemberInvite: true, allowMemberProjectCreation: true, allowSuperuserAccess: false, ...o });
    const projectView = (p: Obj) => ({ id: p.id, slug: p.slug, name: p.name, platform: p.platform ?? 'python', dateCreated: '2020-01-01T00:00:00Z', isBookmarked: false, isMember: true, features: [], firstEvent: null, firstTransactionEvent: false, access: [], hasAccess: true, hasMinifiedStackTrace: false, hasMonitors: false, hasProfiles: false, hasReplays: false, hasFeedbacks: false, hasNewFeedbacks: false, hasSessions: false, hasInsightsHttp: false, hasInsightsDb: false, isInternal: false, isPublic: false, avatar: { avatarType: 'letter_avatar', avatarUuid: null }, color: '#3f70bf', status: 'active', organization: orgView(orgObj!), environments: ['production'], latestRelease: null, options: {}, team: null, teams: [], ...Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'organization')) });
    const projectsOfOrg = this.seed.projects.filter((p) => p.organization === orgObj?.slug);
    const issuesOf = (filter: (i: Obj) => boolean) => this.issues.filter(filter).filter(queryFilter(req.query.get('query'))).sort(sorter(req.query.get('sort')));
    const issueOfOrg = (id: string) => this.issues.find((i) => i.id === id && projectsOfOrg.some((p) => p.id === (i.project as Obj).id));
    switch (method) {
      case 'org_list':
        return ok(this.seed.organizations.map(orgView));
      case 'org_detail':
        return ok(orgView(orgObj!));
      case 'org_projects_list':
        return this.paged(req, method, projectsOfOrg.map(projectView));
      case 'project_detail': {
        const p = projectsOfOrg.find((x) => x.slug === parts[2]);
        return p ? ok(projectView(p)) : notFound;
      }
      case 'project_issues_list': {
        const p = projectsOfOrg.find((x) => x.slug === parts[2]);
        return p ? this.paged(req, method, issuesOf((i) => (i.project as Obj).id === p.id)) : notFound;
      }
      case 'org_issues_list': {
        const projectIds = req.query.getAll('project');
        return this.paged(req, method, issuesOf((i) => projectsOfOrg.some((p) => p.id === (i.project as Obj).id) && (!projectIds.length || projectIds.includes((i.project as Obj).id as string))));
      }
      case 'issue_detail': {
        const i = issueOfOrg(parts[3]);
        return i ? ok({ activity: [{ id: `first-${i.id}`, type: 'first_seen', data: {}, dateCreated: i.firstSeen, user: null }], seenBy: [], pluginActions: [], pluginIssues: [], pluginContexts: [], userReportCount: 0, participants: [], tags: [{ key: 'level', name: 'Level', totalValues: Number(i.count) }], ...i }) : notFound;
      }
      case 'issue_events_list': {
        const i = issueOfOrg(parts[3]);
        if (!i) return notFound;
        return this.paged(req, method, this.eventsOf(i.id as string).map((e) => ({ id: e.eventID, eventID: e.eventID, groupID: e.groupID, title: e.title, message: e.message, dateCreated: e.dateCreated, tags: e.tags, user: e.user, platform: e.platform, 'event.type': 'error', projectID: e.projectID, location: e.location, culprit: e.culprit, crashFile: null, metadata: e.metadata })));
      }
      case 'issue_event_detail': {
        const i = issueOfOrg(parts[3]);
        if (!i) return notFound;
        const list = this.eventsOf(i.id as string);
        const which = parts[5];
        const e = which === 'latest' ? list[0] : which === 'oldest' ? list[list.length - 1] : list.find((x) => x.eventID === which);
        return e ? ok(e) : notFound;
      }
      case 'issue_hashes': {
        const i = issueOfOrg(parts[3]);
        if (!i) return notFound;
        const latest = this.eventsOf(i.id as string)[0] ?? this.event({ eventID: `${i.id}0000`, issueId: i.id as string, dateCreated: i.lastSeen as string, message: i.title as string });
        return this.paged(req, method, [{ id: `hash-${i.id}`, latestEvent: latest, mergedBySeer: false, seerMatchDistance: 0 }]);
      }
      default:
        return notFound;
    }
  }

  private eventsOf(issueId: string): Obj[] {
    return this.events.filter((e) => e.groupID === issueId).sort((a, b) => String(b.dateCreated).localeCompare(String(a.dateCreated)));
  }

  protected async control(req: TwinRequest): Promise<TwinResponse | null> {
    const b = req.body as Obj;
    switch (req.path) {
      case '/_twin/seed':
        this.load(b as unknown as SentrySeed);
        return { status: 200, body: { ok: true } };
      case '/_twin/reset':
        this.resetBase();
        return { status: 200, body: { ok: true } };
      case '/_twin/webhook':
        this.hook = { url: String(b.url), secret: String(b.secret) };
        return { status: 200, body: { ok: true } };
      case '/_twin/events': {
        // A new event for an issue (created when unknown): the issue's lastSeen and count move on.
        const e = b as unknown as SentrySeedEvent & { project?: string; issueTitle?: string };
        let issue = this.issues.find((i) => i.id === e.issueId);
        const created = !issue;
        if (!issue) {
          const seedIssue: SentrySeedIssue = { id: e.issueId, project: e.project ?? this.seed.projects[0].slug, title: e.issueTitle ?? e.title ?? e.message ?? 'Error', firstSeen: e.dateCreated, lastSeen: e.dateCreated };
          this.seed.issues.push(seedIssue);
          issue = this.issue(seedIssue);
          this.issues.push(issue);
        }
        this.events.push(this.event(e));
        issue.lastSeen = e.dateCreated;
        issue.count = String(Number(issue.count) + 1);
        const delivery = await this.emit(created ? 'created' : 'updated', issue);
        return { status: 200, body: { ok: true, issue, delivery } };
      }
      case '/_twin/issues/delete': {
        const i = this.issues.findIndex((x) => x.id === b.id);
        if (i < 0) return { status: 404, body: { detail: 'not found' } };
        const [issue] = this.issues.splice(i, 1);
        const delivery = await this.emit('deleted', issue);
        return { status: 200, body: { ok: true, delivery } };
      }
      default:
        return null;
    }
  }

  /** An issue webhook as Sentry integrations receive it, signed: sentry-hook-signature = HMAC-SHA256(client secret, body). */
  private async emit(action: string, issue: Obj): Promise<{ status: number } | null> {
    if (!this.hook) return null;
    const body = JSON.stringify({ action, installation: { uuid: 'twin-installation' }, data: { issue }, actor: { type: 'application', id: 'sentry', name: 'Sentry' } });
    const signature = createHmac('sha256', this.hook.secret).update(body, 'utf8').digest('hex');
    const res = await fetch(this.hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sentry-hook-resource': 'issue', 'sentry-hook-timestamp': String(Math.floor(Date.now() / 1000)), 'sentry-hook-signature': signature, 'request-id': crypto.randomUUID() },
      body,
    }).catch(() => null);
    return res ? { status: res.status } : { status: 0 };
  }
}

function releaseOf(version: string, at: string): Record<string, unknown> {
  return {
    id: 1, version, shortVersion: version, status: 'open', ref: version, url: '', dateReleased: at, dateCreated: at, data: {}, newGroups: 0, owner: null,
    commitCount: 0, lastCommit: null, deployCount: 0, lastDeploy: null, authors: [], projects: [], firstEvent: at, lastEvent: at, currentProjectMeta: {}, userAgent: null,
  };
}

function routeName(p: string[]): string | null {
  if (p[0] === 'organizations') {
    if (p.length === 1) return 'org_list';
    if (p.length === 2) return 'org_detail';
    if (p[2] === 'projects' && p.length === 3) return 'org_projects_list';
    if (p[2] === 'issues') {
      if (p.length === 3) return 'org_issues_list';
      if (p.length === 4) return 'issue_detail';
      if (p[4] === 'events' && p.length === 5) return 'issue_events_list';
      if (p[4] === 'events' && p.length === 6) return 'issue_event_detail';
      if (p[4] === 'hashes' && p.length === 5) return 'issue_hashes';
    }
  }
  if (p[0] === 'projects') {
    if (p.length === 3) return 'project_detail';
    if (p[3] === 'issues' && p.length === 4) return 'project_issues_list';
  }
  return null;
}

/** The part of Sentry's search syntax the twin knows: lastSeen:>=ISO, lastSeen:>ISO, is:unresolved|resolved|ignored. */
function queryFilter(q: string | null): (i: Obj) => boolean {
  const terms = (q ?? '').split(/\s+/).filter(Boolean);
  return (i) =>
    terms.every((t) => {
      const m = /^lastSeen:(>=|>)(.+)$/.exec(t);
      if (m) return m[1] === '>=' ? String(i.lastSeen) >= m[2] : String(i.lastSeen) > m[2];
      const s = /^is:(unresolved|resolved|ignored)$/.exec(t);
      if (s) return i.status === s[1];
      return true;
    });
}

function sorter(sort: string | null): (a: Obj, b: Obj) => number {
  if (sort === 'new') return (a, b) => String(b.firstSeen).localeCompare(String(a.firstSeen)) || String(b.id).localeCompare(String(a.id));
  return (a, b) => String(b.lastSeen).localeCompare(String(a.lastSeen)) || String(b.id).localeCompare(String(a.id));
}
