import { Client } from '@notionhq/client';
import type { AuthorKind } from '@ctxvault/provenance';
import { ChangeBatch, Connector, ConnectorContext, ConnectorError, FetchedDocument } from '../connector';
import { SettingsCheck } from '../settings';
import { Pacer, sleep } from '../pacer';
import { pageTitle, RenderMeta, renderBlocks, renderProperties } from './notion.render';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NOTION_VERSIONS = ['2022-06-28', '2025-09-03'];

export interface NotionConfig {
  apiUrl: string;
  notionVersion: string;
  requestsPerSecond: number;
  pageSize: number;
  maxDepth: number;
  verifyPerSync: number;
}

/**
 * since: the newest last_edited_time ingested; pending: a pass in progress (its search cursor);
 * known: pages ingested so far, in the order they are re-checked for archiving; checkAt: where the
 * next re-check starts.
 */
interface NotionCursor {
  since: string | null;
  pending?: { cursor: string; since: string | null; newest: string | null };
  known?: string[];
  checkAt?: number;
}

/**
 * Notion through @notionhq/client: pages and data-source rows changed since the cursor (search by
 * last_edited_time), blocks fetched recursively and rendered to text that keeps structure, mentions
 * and annotations as metadata, archived or trashed pages tombstoned. ~3 requests a second, 429
 * answered by waiting Retry-After; the Notion-Version is configurable (2022-06-28 or 2025-09-03).
 * Search does not return pages in the trash, so each sync re-checks up to `verifyPerSync` known
 * pages (in turn) and tombstones those that were archived.
 */
export class NotionConnector implements Connector {
  readonly kind = 'notion' as const;
  readonly name = 'notion';
  readonly version = '1.0.0';

  validateConfig(config: unknown, credentials: unknown): Record<string, unknown> {
    const check = new SettingsCheck('notion', config, ['apiUrl', 'notionVersion', 'requestsPerSecond', 'pageSize', 'maxDepth', 'verifyPerSync']);
    const c = check.c;
    check.apiUrl();
    if (c.notionVersion !== undefined && !NOTION_VERSIONS.includes(c.notionVersion as string)) check.problems.push(`notionVersion must be one of ${NOTION_VERSIONS.join(', ')}`);
    check.numbers([['requestsPerSecond', 0.01, 200], ['pageSize', 1, 100], ['maxDepth', 1, 50], ['verifyPerSync', 0, 10_000]]);
    check.token(credentials, 'an integration secret');
    check.done();
    const out: NotionConfig = {
      apiUrl: ((c.apiUrl as string) ?? 'https://api.notion.com').replace(/\/+$/, ''),
      notionVersion: (c.notionVersion as string) ?? '2025-09-03',
      requestsPerSecond: (c.requestsPerSecond as number) ?? 3,
      pageSize: (c.pageSize as number) ?? 100,
      maxDepth: (c.maxDepth as number) ?? 10,
      verifyPerSync: (c.verifyPerSync as number) ?? 100,
    };
    return out as unknown as Record<string, unknown>;
  }

  async *fetchChanges(ctx: ConnectorContext): AsyncIterable<ChangeBatch> {
    const api = new NotionApi(ctx.config as unknown as NotionConfig, ctx.credentials?.token ?? '', ctx.signal);
    const cur: NotionCursor = { since: null, ...((ctx.cursor as NotionCursor | null) ?? {}) };
    const known = new Set(cur.known ?? []);
    const seenNow = new Set<string>();
    await api.loadUsers();
    const since = cur.pending ? cur.pending.since : cur.since;
    let newest = cur.pending?.newest ?? null;
    let cursor: string | undefined = cur.pending?.cursor;
    for (;;) {
      const page = await api.call('POST', 'search', { filter: { property: 'object', value: 'page' }, sort: { direction: 'descending', timestamp: 'last_edited_time' }, page_size: (api.cfg.pageSize), ...(cursor ? { start_cursor: cursor } : {}) });
      const upserts: FetchedDocument[] = [];
      const deletions: string[] = [];
      let reachedOld = false;
      for (const p of page.results as Obj[]) {
        if (since && p.last_edited_time < since) {
          reachedOld = true;
          break;
        }
        if (!newest || p.last_edited_time > newest) newest = p.last_edited_time;
        seenNow.add(p.id);
        if (p.archived || p.in_trash) {
          deletions.push(`notion:${p.id}`);
          known.delete(p.id);
        } else {
          upserts.push(await api.document(p));
          known.add(p.id);
        }
      }
      const more = page.has_more && page.next_cursor && !reachedOld;
      if (more) {
        cursor = page.next_cursor;
        yield { upserts, deletions, cursor: { ...cur, known: [...known], pending: { cursor: page.next_cursor, since, newest } } };
        continue;
      }
      // Re-check known pages the search did not bring back: the trash is invisible to search.
      const list = [...known];
      const start = (cur.checkAt ?? 0) % Math.max(1, list.length);
      const toCheck = list.length ? Array.from({ length: Math.min(api.cfg.verifyPerSync, list.length) }, (_, i) => list[(start + i) % list.length]).filter((id) => !seenNow.has(id)) : [];
      for (const id of toCheck) {
        const p = await api.call('GET', `pages/${id}`, undefined, true);
        if (!p || p.archived || p.in_trash) {
          deletions.push(`notion:${id}`);
          known.delete(id);
        }
      }
      yield { upserts, deletions, cursor: { since: newest ?? since, known: [...known], checkAt: start + toCheck.length } };
      return;
    }
  }

  async fetchItem(ctx: ConnectorContext, item: Record<string, string | undefined>): Promise<{ externalId: string; document: FetchedDocument | null }> {
    if (!item.id) throw new ConnectorError('PERMANENT', 'a Notion item needs a page id');
    const api = new NotionApi(ctx.config as unknown as NotionConfig, ctx.credentials?.token ?? '', ctx.signal);
    await api.loadUsers();
    const p = await api.call('GET', `pages/${item.id}`, undefined, true);
    return { externalId: `notion:${item.id}`, document: p && !p.archived && !p.in_trash ? await api.document(p) : null };
  }
}

class NotionApi {
  private readonly client: Client;
  private readonly pacer: Pacer;
  private readonly users = new Map<string, Obj>();

  constructor(
    readonly cfg: NotionConfig,
    token: string,
    private readonly signal: AbortSignal,
  ) {
    this.client = new Client({ auth: token, baseUrl: cfg.apiUrl, notionVersion: cfg.notionVersion, retry: false, timeoutMs: 30_000 });
    this.pacer = new Pacer({ api: cfg.requestsPerSecond * 60 }, signal);
  }

  async call(method: 'GET' | 'POST', path: string, body?: Obj, allow404 = false): Promise<Obj> {
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait('api');
      try {
        return (await this.client.request({ method: method.toLowerCase() as 'get' | 'post', path, ...(method === 'POST' ? { body: body ?? {} } : { query: body }) })) as Obj;
      } catch (e) {
        const err = e as { code?: string; status?: number; headers?: Headers; message: string };
        if (err.code === 'rate_limited' || err.status === 429) {
          const retry = Number(err.headers?.get?.('retry-after') ?? 1);
          this.pacer.backOff('api', Number.isFinite(retry) ? retry : 1);
          if (attempt < 8) continue;
          throw new ConnectorError('RATE_LIMITED', 'notion keeps answering 429', retry);
        }
        if (err.code === 'unauthorized' || err.code === 'restricted_resource' || err.status === 401 || err.status === 403) throw new ConnectorError('AUTH', `notion refused the integration token (${err.code ?? err.status})`);
        if (err.code === 'object_not_found' || err.status === 404) {
          if (allow404) return null as unknown as Obj;
          throw new ConnectorError('PERMANENT', `notion: ${path} was not found or is not shared with the integration`);
        }
        if (err.code === 'validation_error' || err.code === 'invalid_request_url' || err.code === 'missing_version') throw new ConnectorError('PERMANENT', `notion ${path}: ${err.message}`);
        if (attempt < 5) {
          await sleep(500 * 2 ** attempt, this.signal);
          continue;
        }
        throw new ConnectorError('TRANSIENT', `notion ${path}: ${err.message}`);
      }
    }
  }

  async loadUsers(): Promise<void> {
    for (let cursor: string | undefined; ; ) {
      const r = await this.call('GET', 'users', { page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      for (const u of r.results ?? []) this.users.set(u.id, u);
      if (!r.has_more) break;
      cursor = r.next_cursor;
    }
  }

  private author(ref: Obj | undefined): { id: string; name: string | null; kind: AuthorKind; details: Record<string, unknown> } {
    const u = ref?.id ? this.users.get(ref.id) : undefined;
    if (!u) return { id: ref?.id ?? 'unknown', name: null, kind: 'unknown', details: { resolved: false } };
    return { id: u.id, name: u.name ?? null, kind: u.type === 'bot' ? 'bot' : 'human', details: { email: u.person?.email ?? null } };
  }

  /** The block tree under a page or block, to maxDepth, children fetched page by page. */
  private async tree(id: string, depth: number): Promise<Obj[]> {
    const out: Obj[] = [];
    for (let cursor: string | undefined; ; ) {
      const r = await this.call('GET', `blocks/${id}/children`, { page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      for (const b of r.results ?? []) {
        if (b.has_children && depth < this.cfg.maxDepth && b.type !== 'child_page' && b.type !== 'child_database') b.children = await this.tree(b.id, depth + 1);
        out.push(b);
      }
      if (!r.has_more) break;
      cursor = r.next_cursor;
    }
    return out;
  }

  async document(p: Obj): Promise<FetchedDocument> {
    const meta: RenderMeta = { mentions: [], annotated: [] };
    const title = pageTitle(p.properties);
    const props = renderProperties(p.properties, meta);
    const body = renderBlocks(await this.tree(p.id, 1), meta);
    const created = this.author(p.created_by);
    const edited = this.author(p.last_edited_by);
    const parent = p.parent ?? {};
    return {
      externalId: `notion:${p.id}`,
      kind: parent.type === 'page_id' || parent.type === 'workspace' || parent.type === 'block_id' ? 'page' : 'row',
      title,
      url: p.url ?? null,
      author: { id: created.id, name: created.name, kind: created.kind, details: created.details },
      sourceCreatedAt: p.created_time ?? null,
      sourceUpdatedAt: p.last_edited_time ?? null,
      content: [`# ${title}`, props, body].filter(Boolean).join('\n\n'),
      attributes: {
        parent: { type: parent.type, id: parent[parent.type] ?? null, databaseId: parent.database_id ?? null },
        lastEditedBy: { id: edited.id, name: edited.name, kind: edited.kind },
        mentions: meta.mentions.slice(0, 200),
        annotations: meta.annotated.slice(0, 200),
        notionVersion: this.cfg.notionVersion,
      },
    };
  }
}
