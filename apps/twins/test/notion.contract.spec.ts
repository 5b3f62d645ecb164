import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithSharedData } from '@ctxvault/testing';
import { NotionTwin } from '../src/notion/notion.twin';
import { shapeMismatches } from './shape';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const TOKEN = 'secret_contract';
const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;
const norm = (id: string) => id.replace(/-/g, '').toLowerCase();
const dashed = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

/** Endpoints the twin serves; a cassette that uses any other is listed as not served. */
const SERVED = [
  /^GET \/v1\/users$/, /^GET \/v1\/users\/(me|[\w-]+)$/, /^POST \/v1\/search$/, /^GET \/v1\/pages\/[\w-]+$/, /^POST \/v1\/pages$/, /^PATCH \/v1\/pages\/[\w-]+$/,
  /^GET \/v1\/pages\/[\w-]+\/properties\/title$/, /^GET \/v1\/blocks\/[\w-]+$/, /^GET \/v1\/blocks\/[\w-]+\/children$/, /^PATCH \/v1\/blocks\/[\w-]+\/children$/,
  /^PATCH \/v1\/blocks\/[\w-]+$/, /^DELETE \/v1\/blocks\/[\w-]+$/, /^GET \/v1\/databases\/[\w-]+$/, /^POST \/v1\/databases\/[\w-]+\/query$/, /^GET \/v1\/data_sources\/[\w-]+$/,
  /^POST \/v1\/data_sources\/[\w-]+\/query$/, /^GET \/v1\/invalid$/,
];
const served = (i: Any) => SERVED.some((r) => r.test(`${i.request.method} ${i.request.path}`));

/** Walks a real and a twin response side by side, learning which twin id stands for which real id. */
function learnIds(real: Any, twin: Any, map: Map<string, string>): void {
  if (!real || !twin || typeof real !== 'object' || typeof twin !== 'object') return;
  if (Array.isArray(real)) {
    real.forEach((r, i) => learnIds(r, twin[i], map));
    return;
  }
  for (const k of Object.keys(real)) {
    const rv = real[k];
    const tv = twin[k];
    if (typeof rv === 'string' && typeof tv === 'string' && /(^id$|_id$)/.test(k) && UUID.test(rv) && norm(rv) !== norm(tv)) map.set(norm(rv), norm(tv));
    UUID.lastIndex = 0;
    learnIds(rv, tv, map);
  }
}

function substitute(value: Any, map: Map<string, string>): Any {
  if (typeof value === 'string') return value.replace(UUID, (m) => (map.has(norm(m)) ? (m.includes('-') ? dashed(map.get(norm(m))!) : map.get(norm(m))!) : m));
  if (Array.isArray(value)) return value.map((v) => substitute(v, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, map)]));
  return value;
}

/** Every user object and every page a cassette's first requests point at, so the twin starts where the recording did. */
function seedFor(interactions: Any[]): Any {
  const users = new Map<string, Any>();
  let bot: Any = null;
  const parents = new Set<string>();
  const visit = (o: Any) => {
    if (!o || typeof o !== 'object') return;
    if (Array.isArray(o)) return o.forEach(visit);
    if (o.object === 'user' && o.name) {
      if (o.type === 'bot') bot = bot ?? { id: o.id, name: o.name };
      else users.set(o.id, { id: o.id, name: o.name, type: 'person', email: o.person?.email });
    }
    Object.values(o).forEach(visit);
  };
  const created = new Set<string>();
  for (const i of interactions) {
    visit(i.response.body);
    if (i.request.method === 'POST' && i.request.path === '/v1/pages' && i.response.body?.id) created.add(norm(i.response.body.id));
  }
  for (const i of interactions) {
    if (i.response.status === 404) continue;
    const ids = [...JSON.stringify({ p: i.request.path, b: i.request.body }).matchAll(UUID)].map((m) => norm(m[0]));
    for (const id of ids) if (!created.has(id)) parents.add(id);
  }
  // Pages a recording found already there (search results before anything was created) exist in the twin too.
  const first = interactions.find((i) => i.request.path === '/v1/search' && i.response.status === 200);
  for (const r of first?.response.body.results ?? []) if (r.object === 'page' && !created.has(norm(r.id))) parents.add(norm(r.id));
  return {
    tokens: [TOKEN],
    bot: bot ?? { id: '00000000000000000000000000000b07', name: 'Contract bot' },
    users: [...users.values()],
    databases: [],
    pages: [...parents].map((id) => ({ id, title: 'Recorded parent page', parent: { workspace: true }, blocks: [{ type: 'paragraph', text: 'x' }] })),
  };
}

for (const version of ['2022-06-28', '2025-09-03']) {
  describeWithSharedData(`Notion twin contract (${version}): replayed cassettes match the real responses`, `fixtures/notion/cassettes_${version}`, (dir) => {
    const cassettes = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ name: f, c: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
    const replayable = cassettes.filter(({ c }) => c.interactions.every(served));

    it('replays the cassettes whose every request the twin serves', () => {
      expect(replayable.length).toBeGreaterThanOrEqual(8);
    });

    it.each(replayable.map((x) => [x.name, x]))('%s', async (_name, { c }) => {
      const twin = new NotionTwin(seedFor(c.interactions));
      const url = await twin.listen();
      const ids = new Map<string, string>();
      try {
        for (const [n, i] of (c.interactions as Any[]).entries()) {
          const path = substitute(i.request.path, ids);
          const query = new URLSearchParams(substitute(i.request.query ?? {}, ids)).toString();
          const body = i.request.body == null ? undefined : JSON.stringify(substitute(i.request.body, ids));
          const token = i.response.status === 401 ? 'secret_not_valid' : TOKEN;
          const res = await fetch(`${url}${path}${query ? `?${query}` : ''}`, {
            method: i.request.method,
            headers: { authorization: `Bearer ${token}`, 'notion-version': c.notion_version ?? version, ...(body ? { 'content-type': 'application/json' } : {}) },
            body,
          });
          const twinBody = await res.json();
          expect({ n, request: `${i.request.method} ${i.request.path}`, status: res.status }).toEqual({ n, request: `${i.request.method} ${i.request.path}`, status: i.response.status });
          expect({ n, mismatches: shapeMismatches(i.response.body, twinBody) }).toEqual({ n, mismatches: [] });
          learnIds(i.response.body, twinBody, ids);
        }
      } finally {
        await twin.close();
      }
    });
  });
}

describeWithSharedData('Notion twin contract: single recorded responses', 'fixtures/notion', (dir) => {
  const files = [...readdirSync(join(dir, 'blocks.children.list')).map((f) => join('blocks.children.list', f)), ...readdirSync(join(dir, '_errors')).map((f) => join('_errors', f))];
  it.each(files)('%s', async (file) => {
    const fx = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const body = fx.response.body;
    const pageId = file.startsWith('blocks') ? body.results[0].parent.page_id : '00000000000000000000000000000001';
    const twin = new NotionTwin({
      tokens: [TOKEN],
      bot: { id: '00000000000000000000000000000b07', name: 'Contract bot' },
      users: [],
      databases: [],
      // A recording that had more to page through gets one more block after it.
      pages: [{ id: pageId, title: 'Recorded page', parent: { workspace: true }, rawBlocks: file.startsWith('blocks') ? [...body.results, ...(body.has_more ? [{ ...body.results[0], id: '11111111-2222-4333-8444-555555555555' }] : [])] : [] }],
    });
    if (fx.response.status === 429) twin.limits = { [`${fx.request.method} ${fx.request.path.replace(/^\/v1\//, '')}`]: { max: 0, windowMs: 1000 } };
    const url = await twin.listen();
    try {
      const path = fx.request.path.replace('{block_id}', pageId).replace('{id}', pageId);
      const query = new URLSearchParams(fx.request.query ?? {}).toString();
      const version = fx.request.headers?.['notion-version'] ?? '2025-09-03';
      const res = await fetch(`${url}${path}${query ? `?${query}` : ''}`, {
        method: fx.request.method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(version ? { 'notion-version': version } : {}), ...(fx.request.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        body: fx.request.method === 'POST' ? '{}' : undefined,
      });
      expect(res.status).toBe(fx.response.status);
      if (fx.response.headers?.['retry-after']) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(shapeMismatches(body, await res.json())).toEqual([]);
    } finally {
      await twin.close();
    }
  });
});
