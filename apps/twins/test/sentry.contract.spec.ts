import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithSharedData } from '@ctxvault/testing';
import { SentrySeed } from '../src/sentry/sentry.seed';
import { SentryTwin } from '../src/sentry/sentry.twin';
import { shapeMismatches } from './shape';

const TOKEN = 'sntrys_contract';
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === '_reference' ? [] : files(p);
    return n.endsWith('.json') && n !== 'manifest.json' ? [p] : [];
  });
}

const ORG = { id: '1', slug: 'the-interstellar-jurisdiction', name: 'The Interstellar Jurisdiction' };
const seedOf = (s: Partial<SentrySeed>): SentrySeed => ({ tokens: [TOKEN], organizations: [ORG], projects: [], issues: [], events: [], ...s });
const projectsOf = (issues: Any[]) => [...new Map(issues.map((i) => [i.project.slug, { ...i.project, organization: ORG.slug }])).values()];
const issueSeed = (i: Any) => ({ ...i, project: i.project.slug });

/** The twin state a real response came from, and the request that produced it; a string: not served. */
function plan(dirName: string, fx: Any): { seed: SentrySeed; path: string; token?: string; limit0?: string } | string {
  const body = fx.response.body;
  switch (dirName) {
    case 'org_list':
      return { seed: seedOf({ organizations: body }), path: '/api/0/organizations/' };
    case 'org_detail':
      return { seed: seedOf({ organizations: [body] }), path: `/api/0/organizations/${body.slug}/` };
    case 'org_projects_list':
      return { seed: seedOf({ projects: body.map((p: Any) => ({ ...p, organization: ORG.slug })) }), path: `/api/0/organizations/${ORG.slug}/projects/` };
    case 'project_detail':
      return { seed: seedOf({ organizations: [ORG], projects: [{ ...body, organization: ORG.slug }] }), path: `/api/0/projects/${ORG.slug}/${body.slug}/` };
    case 'org_issues_list':
      return { seed: seedOf({ projects: projectsOf(body), issues: body.map(issueSeed) }), path: `/api/0/organizations/${ORG.slug}/issues/` };
    case 'project_issues_list':
      return { seed: seedOf({ projects: projectsOf(body), issues: body.map(issueSeed) }), path: `/api/0/projects/${ORG.slug}/${body[0].project.slug}/issues/` };
    case 'issue_detail':
      return { seed: seedOf({ projects: projectsOf([body]), issues: [issueSeed(body)] }), path: `/api/0/organizations/${ORG.slug}/issues/${body.id}/` };
    case 'issue_events_list': {
      const issue = { id: body[0].groupID, project: 'p', title: 't', firstSeen: '2020-01-01T00:00:00Z', lastSeen: '2020-01-01T00:00:00Z' };
      return { seed: seedOf({ projects: [{ id: '2', slug: 'p', name: 'P', organization: ORG.slug }], issues: [issue], events: body.map((e: Any) => ({ ...e, issueId: e.groupID })) }), path: `/api/0/organizations/${ORG.slug}/issues/${issue.id}/events/` };
    }
    case 'issue_event_detail': {
      const issue = { id: body.groupID, project: 'p', title: 't', firstSeen: '2020-01-01T00:00:00Z', lastSeen: '2020-01-01T00:00:00Z' };
      return { seed: seedOf({ projects: [{ id: '2', slug: 'p', name: 'P', organization: ORG.slug }], issues: [issue], events: [{ ...body, issueId: body.groupID }] }), path: `/api/0/organizations/${ORG.slug}/issues/${issue.id}/events/${body.eventID}/` };
    }
    case 'issue_hashes': {
      const issue = { id: '9', project: 'p', title: 't', firstSeen: '2020-01-01T00:00:00Z', lastSeen: '2020-01-01T00:00:00Z' };
      const events = body[0]?.latestEvent ? [{ ...body[0].latestEvent, issueId: '9' }] : [];
      return { seed: seedOf({ projects: [{ id: '2', slug: 'p', name: 'P', organization: ORG.slug }], issues: [issue], events }), path: `/api/0/organizations/${ORG.slug}/issues/9/hashes/` };
    }
    case '_errors': {
      const status = fx.response.status;
      const seed = seedOf({ projects: [{ id: '2', slug: 'p', name: 'P', organization: ORG.slug }] });
      if (status === 401) return { seed, path: `/api/0/organizations/${ORG.slug}/issues/1/`, token: 'sntrys_wrong' };
      if (status === 404) return { seed, path: `/api/0/organizations/${ORG.slug}/issues/404404/` };
      if (status === 429) return { seed, path: `/api/0/projects/${ORG.slug}/p/issues/`, limit0: 'project_issues_list' };
      return `status ${status} is not modelled (the twin has no permission model)`;
    }
    default:
      return `${dirName} is not served by the twin`;
  }
}

describeWithSharedData('Sentry twin contract: responses match the real ones in structure', 'fixtures/sentry', (dir) => {
  const cases = files(dir).map((f) => ({ name: f.slice(dir.length + 1), fx: JSON.parse(readFileSync(f, 'utf8')) }));
  const planned = cases.map((c) => ({ ...c, plan: plan(c.name.split('/')[0], c.fx) }));
  const served = planned.filter((c) => typeof c.plan !== 'string');

  it('serves most of the fixtures, and says which it does not', () => {
    const notServed = planned.filter((c) => typeof c.plan === 'string').map((c) => `${c.name}: ${c.plan}`);
    expect(served.length).toBeGreaterThanOrEqual(13);
    expect(notServed.every((n) => /not served|not modelled/.test(n))).toBe(true);
  });

  it.each(served.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const p = c.plan as Exclude<ReturnType<typeof plan>, string>;
    const twin = new SentryTwin(p.seed);
    if (p.limit0) twin.limits = { [p.limit0]: { max: 0, windowMs: 1000 } };
    const url = await twin.listen();
    try {
      const res = await fetch(url + p.path, { headers: { authorization: `Bearer ${p.token ?? TOKEN}` } });
      expect(res.status).toBe(c.fx.response.status);
      const body = await res.json();
      expect(shapeMismatches(c.fx.response.body, body)).toEqual([]);
      const realHeaders = Object.fromEntries(Object.entries(c.fx.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      for (const h of Object.keys(realHeaders).filter((k) => k.startsWith('x-sentry-rate-limit'))) expect(res.headers.get(h)).not.toBeNull();
      if (realHeaders.link) {
        const link = res.headers.get('link') ?? '';
        expect(link).toMatch(/rel="previous"; results="(true|false)"; cursor="[^"]+"/);
        expect(link).toMatch(/rel="next"; results="(true|false)"; cursor="[^"]+"/);
      }
    } finally {
      await twin.close();
    }
  });
});
