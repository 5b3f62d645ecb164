import { randomUUID } from 'node:crypto';
import { TwinRequest, TwinResponse, TwinServer } from '../twin-server';
import { NotionSeed, SeedBlock, SeedPage, SeedRichText } from './notion.seed';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NOTION_VERSIONS = ['2022-06-28', '2025-09-03'] as const;
type Version = (typeof NOTION_VERSIONS)[number];

const uuid = (id: string) => {
  const h = id.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(h) ? `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` : id;
};
const TEXT_TYPES = ['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'toggle', 'quote', 'callout', 'code'];

/**
 * A stateful Notion API twin. The Notion-Version header is required and changes shapes: with
 * 2022-06-28 databases hold properties and rows; with 2025-09-03 databases are containers of data
 * sources, rows belong to a data source, and search returns data sources. Lists page with
 * has_more/next_cursor; errors are {object: "error", status, code, message, request_id}.
 */
export class NotionTwin extends TwinServer {
  private seed!: NotionSeed;
  private tokens = new Set<string>();
  private users = new Map<string, Obj>();
  private pages = new Map<string, Obj>();
  private blocks = new Map<string, Obj>();
  private children = new Map<string, string[]>();
  private databases = new Map<string, Obj>();
  private sources = new Map<string, Obj>();
  private tick = 0;

  constructor(seed: NotionSeed) {
    super();
    this.load(seed);
  }

  load(seed: NotionSeed): void {
    this.seed = seed;
    this.tokens = new Set(seed.tokens ?? ['secret_twin_token']);
    this.users = new Map(
      [...seed.users.map((u) => ({ ...u, type: u.type ?? 'person' })), { id: seed.bot.id, name: seed.bot.name, type: 'bot' as const }].map((u) => [
        uuid(u.id),
        {
          object: 'user',
          id: uuid(u.id),
          name: u.name,
          avatar_url: 'https://avatars.example.com/notion-user.png',
          type: u.type,
          ...(u.type === 'bot'
            ? { bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Twin workspace', workspace_id: '00000000-0000-4000-8000-00000000beef', workspace_limits: { max_file_upload_size_in_bytes: 5368709120 } } }
            : { person: { email: (u as { email?: string }).email ?? `${u.name.toLowerCase().replace(/\s+/g, '.')}@example.com`, email_verified: true } }),
        },
      ]),
    );
    this.pages.clear();
    this.blocks.clear();
    this.children.clear();
    this.databases.clear();
    this.sources.clear();
    for (const d of seed.databases) {
      const db = { id: uuid(d.id), title: d.title, parent: d.parent, sources: d.data_sources.map((s) => uuid(s.id)), created_time: '2026-01-01T00:00:00.000Z', last_edited_time: '2026-01-01T00:00:00.000Z', archived: false };
      this.databases.set(db.id, db);
      for (const s of d.data_sources) this.sources.set(uuid(s.id), { id: uuid(s.id), name: s.name, database_id: db.id, properties: s.properties });
      if (d.parent.page_id) this.addChild(uuid(d.parent.page_id), this.block(uuid(d.parent.page_id), { type: 'child_database', title: d.title }, db.id));
    }
    for (const p of seed.pages) this.addPage(p);
  }

  private now(): string {
    return new Date(Date.parse('2026-11-01T00:00:00.000Z') + 60_000 * ++this.tick).toISOString();
  }

  private user(id?: string): Obj {
    return { object: 'user', id: uuid(id ?? this.seed.users[0]?.id ?? this.seed.bot.id) };
  }

  private richText(items: SeedRichText | SeedRichText[] | undefined): Obj[] {
    const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
    return list.map((it) => {
      const r = typeof it === 'string' ? { text: it } : it;
      const annotations = { bold: !!r.bold, italic: !!r.italic, strikethrough: !!r.strikethrough, underline: !!r.underline, code: !!r.code, color: r.color ?? 'default' };
      if (r.mention?.user) {
        const u = this.users.get(uuid(r.mention.user));
        return { type: 'mention', mention: { type: 'user', user: { object: 'user', id: uuid(r.mention.user) } }, annotations, plain_text: `@${u?.name ?? 'Unknown'}`, href: null };
      }
      if (r.mention?.page) {
        return { type: 'mention', mention: { type: 'page', page: { id: uuid(r.mention.page) } }, annotations, plain_text: r.text ?? 'Untitled', href: `https://www.notion.so/${uuid(r.mention.page).replace(/-/g, '')}` };
      }
      return { type: 'text', text: { content: r.text ?? '', link: r.link ? { url: r.link } : null }, annotations, plain_text: r.text ?? '', href: r.link ?? null };
    });
  }

  /** Request-style rich text ([{text: {content}}, {equation}, {mention}]) to response style. */
  private fromRequestText(items: Obj[] | undefined): Obj[] {
    return (items ?? []).map((it) => {
      const annotations = { ...defaultAnnotations(), ...(it.annotations ?? {}) };
      if (it.equation) return { type: 'equation', equation: { expression: String(it.equation.expression ?? '') }, annotations, plain_text: String(it.equation.expression ?? ''), href: null };
      if (it.mention) {
        const m = it.mention as Obj;
        const type = String(m.type ?? Object.keys(m)[0]);
        const target = m[type] ?? {};
        const plain = type === 'user' ? `@${this.users.get(uuid(String(target.id ?? '')))?.name ?? 'Anonymous'}` : type === 'date' ? String(target.start ?? '') : 'Untitled';
        const value = type === 'user' ? { object: 'user', id: target.id } : type === 'date' ? { start: target.start ?? null, end: target.end ?? null, time_zone: target.time_zone ?? null } : target;
        return { type: 'mention', mention: { type, [type]: value }, annotations, plain_text: plain, href: type === 'page' ? `https://www.notion.so/${String(target.id ?? '').replace(/-/g, '')}` : null };
      }
      return this.richText({ text: it.text?.content ?? it.plain_text ?? '', link: it.text?.link?.url, ...(it.annotations ?? {}) })[0];
    });
  }

  private block(parentId: string, b: SeedBlock, id: string = randomUUID(), by?: string): Obj {
    const t = this.now();
    const parentIsPage = this.pages.has(parentId) || this.seed.pages.some((p) => uuid(p.id) === parentId);
    const body: Obj = {};
    if (TEXT_TYPES.includes(b.type)) {
      body.rich_text = Array.isArray(b.text) && b.text.length && typeof b.text[0] === 'object' && (b.text[0] as { raw?: unknown }).raw ? (b.text as Array<{ raw: Obj }>).map((t) => t.raw) : this.richText(b.text);
      body.color = 'default';
      body.icon = null;
      if (b.type === 'to_do') body.checked = !!b.checked;
      if (b.type === 'code') body.language = b.language ?? 'plain text';
      if (b.type === 'code') body.caption = [];
      if (b.type === 'callout') body.icon = { type: 'emoji', emoji: b.icon ?? '💡' };
      if (b.type.startsWith('heading')) body.is_toggleable = false;
    } else if (b.type === 'table') {
      Object.assign(body, { table_width: b.cells?.[0]?.length ?? 1, has_column_header: true, has_row_header: false });
    } else if (b.type === 'table_row') {
      body.cells = (b.cells?.[0] ?? []).map((c) => this.richText(c));
    } else if (b.type === 'child_page' || b.type === 'child_database') {
      body.title = b.title ?? '';
    }
    const block: Obj = {
      object: 'block',
      id,
      parent: parentIsPage ? { type: 'page_id', page_id: parentId } : { type: 'block_id', block_id: parentId },
      created_time: t,
      last_edited_time: t,
      created_by: this.user(by),
      last_edited_by: this.user(by),
      has_children: false,
      archived: false,
      in_trash: false,
      type: b.type,
      [b.type]: body,
    };
    this.blocks.set(id, block);
    const kids = b.type === 'table' ? (b.cells ?? []).map((row) => ({ type: 'table_row', cells: [row] })) : (b.children ?? []);
    for (const c of kids) this.addChild(id, this.block(id, c, undefined, by));
    return block;
  }

  private addChild(parentId: string, block: Obj): void {
    const list = this.children.get(parentId) ?? [];
    list.push(block.id);
    this.children.set(parentId, list);
    const parent = this.blocks.get(parentId);
    if (parent) parent.has_children = true;
  }

  private addPage(p: SeedPage): Obj {
    const id = uuid(p.id);
    const created = p.created_time ?? this.now();
    const page: Obj = {
      id,
      created_time: created,
      last_edited_time: p.last_edited_time ?? created,
      created_by: this.user(p.created_by),
      last_edited_by: this.user(p.last_edited_by ?? p.created_by),
      cover: null,
      icon: null,
      parentSeed: p.parent,
      archived: !!p.archived,
      in_trash: !!p.archived,
      is_locked: false,
      title: p.title,
      props: p.properties ?? {},
    };
    this.pages.set(id, page);
    if (p.parent.page_id) this.addChild(uuid(p.parent.page_id), this.block(uuid(p.parent.page_id), { type: 'child_page', title: p.title }, id));
    for (const b of p.blocks ?? []) this.addChild(id, this.block(id, b, undefined, p.created_by));
    for (const raw of p.rawBlocks ?? []) {
      const b = { ...raw, id: uuid(String(raw.id)) } as Obj;
      this.blocks.set(b.id, b);
      this.addChild(id, b);
    }
    return page;
  }

  /** A page as the given version shows it. */
  private pageView(p: Obj, v: Version): Obj {
    const parent = p.parentSeed.page_id
      ? { type: 'page_id', page_id: uuid(p.parentSeed.page_id) }
      : p.parentSeed.data_source_id
        ? v === '2022-06-28'
          ? { type: 'database_id', database_id: this.sources.get(uuid(p.parentSeed.data_source_id))?.database_id }
          : { type: 'data_source_id', data_source_id: uuid(p.parentSeed.data_source_id), database_id: this.sources.get(uuid(p.parentSeed.data_source_id))?.database_id }
        : { type: 'workspace', workspace: true };
    const properties: Obj = {};
    const schema = p.parentSeed.data_source_id ? this.sources.get(uuid(p.parentSeed.data_source_id))?.properties ?? {} : {};
    const titleName = Object.entries(schema).find(([, t]) => t === 'title')?.[0] ?? 'title';
    properties[titleName] = { id: 'title', type: 'title', title: this.richText(p.title) };
    for (const [name, type] of Object.entries(schema)) {
      if (type === 'title') continue;
      const value = p.props[name];
      const id = Buffer.from(name).toString('base64').slice(0, 4);
      if (type === 'select') properties[name] = { id, type, select: value === undefined ? null : { id: `opt-${value}`, name: String(value), color: 'default' } };
      else if (type === 'number') properties[name] = { id, type, number: value === undefined ? null : Number(value) };
      else if (type === 'checkbox') properties[name] = { id, type, checkbox: !!value };
      else if (type === 'date') properties[name] = { id, type, date: value === undefined ? null : { start: String(value), end: null, time_zone: null } };
      else properties[name] = { id, type: 'rich_text', rich_text: value === undefined ? [] : this.richText(String(value)) };
    }
    const slug = `${String(p.title).replace(/[^A-Za-z0-9]+/g, '-')}-${p.id.replace(/-/g, '')}`;
    return {
      object: 'page',
      id: p.id,
      created_time: p.created_time,
      last_edited_time: p.last_edited_time,
      created_by: p.created_by,
      last_edited_by: p.last_edited_by,
      cover: p.cover,
      icon: p.icon,
      parent,
      archived: p.archived,
      in_trash: p.in_trash,
      ...(v === '2025-09-03' ? { is_archived: p.archived, is_locked: p.is_locked } : {}),
      properties,
      url: `https://www.notion.so/${slug}`,
      public_url: null,
    };
  }

  private databaseView(db: Obj, v: Version): Obj {
    const base = {
      object: 'database',
      id: db.id,
      created_time: db.created_time,
      last_edited_time: db.last_edited_time,
      created_by: this.user(),
      last_edited_by: this.user(),
      title: this.richText(db.title),
      description: [],
      icon: null,
      cover: null,
      parent: db.parent.page_id ? { type: 'page_id', page_id: uuid(db.parent.page_id) } : { type: 'workspace', workspace: true },
      url: `https://www.notion.so/${db.id.replace(/-/g, '')}`,
      public_url: null,
      archived: db.archived,
      in_trash: db.archived,
      is_inline: false,
    };
    if (v === '2022-06-28') return { ...base, properties: this.schemaView(this.sources.get(db.sources[0])?.properties ?? {}) };
    return { ...base, is_locked: false, data_sources: db.sources.map((s: string) => ({ id: s, name: this.sources.get(s)?.name })) };
  }

  private sourceView(s: Obj): Obj {
    const db = this.databases.get(s.database_id)!;
    return {
      object: 'data_source',
      id: s.id,
      created_time: db.created_time,
      last_edited_time: db.last_edited_time,
      created_by: this.user(),
      last_edited_by: this.user(),
      properties: this.schemaView(s.properties),
      parent: { type: 'database_id', database_id: db.id },
      database_parent: db.parent.page_id ? { type: 'page_id', page_id: uuid(db.parent.page_id) } : { type: 'workspace', workspace: true },
      archived: db.archived,
      in_trash: db.archived,
      is_inline: false,
      title: this.richText(s.name),
      description: [],
      icon: null,
      cover: null,
      url: `https://www.notion.so/${s.id.replace(/-/g, '')}`,
      public_url: null,
    };
  }

  private schemaView(props: Record<string, string>): Obj {
    return Object.fromEntries(
      Object.entries(props).map(([name, type]) => [name, { id: type === 'title' ? 'title' : Buffer.from(name).toString('base64').slice(0, 4), name, type, description: null, [type]: type === 'select' ? { options: [] } : type === 'number' ? { format: 'number' } : {} }]),
    );
  }

  private list(items: Obj[], type: string, cursor: string | undefined, size: number): TwinResponse {
    const start = cursor ? items.findIndex((x) => x.id === cursor) : 0;
    if (cursor && start < 0) return this.err(400, 'validation_error', `start_cursor provided is invalid: ${cursor}`);
    const page = items.slice(start, start + size);
    const next = items[start + size]?.id ?? null;
    return this.ok({ object: 'list', results: page, next_cursor: next, has_more: next !== null, type, [type]: {}, developer_survey: 'https://notionup.typeform.com/to/bllBsoI4?utm_source=postman' });
  }

  private ok(body: Obj, status = 200): TwinResponse {
    return { status, body: { ...body, request_id: randomUUID() } };
  }

  private err(status: number, code: string, message: string): TwinResponse {
    return { status, body: { object: 'error', status, code, message, request_id: randomUUID() } };
  }

  protected rateLimited(_method: string, retryAfter: number): TwinResponse {
    return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { object: 'error', status: 429, code: 'rate_limited', message: 'You have been rate limited. Please try again in a few minutes.', request_id: randomUUID() } };
  }

  protected vendorError(kind: 'server_error' | 'invalid_cursor' | 'revoked', _m: string, status?: number): TwinResponse {
    if (kind === 'server_error') return this.err(status ?? 502, status === 503 ? 'service_unavailable' : 'internal_server_error', 'Unexpected error occurred.');
    if (kind === 'invalid_cursor') return this.err(400, 'validation_error', 'start_cursor provided is invalid.');
    return this.err(401, 'unauthorized', 'API token is invalid.');
  }

  private sortByEdited(list: Obj[], direction: string): Obj[] {
    return [...list].sort((a, b) => (direction === 'ascending' ? 1 : -1) * String(a.last_edited_time).localeCompare(String(b.last_edited_time)) || String(a.id).localeCompare(String(b.id)));
  }

  protected async route(req: TwinRequest): Promise<TwinResponse> {
    const version = req.headers['notion-version'];
    if (!version) return this.err(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
    if (!(NOTION_VERSIONS as readonly string[]).includes(String(version))) return this.err(400, 'validation_error', `Notion-Version header failed validation: the twin supports ${NOTION_VERSIONS.join(', ')}, got ${version}.`);
    const v = String(version) as Version;
    const token = /^Bearer\s+(\S+)/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !this.tokens.has(token) || this.revokedTokens.has(token)) return this.err(401, 'unauthorized', 'API token is invalid.');
    const parts = req.path.replace(/^\/v1\//, '').split('/').filter(Boolean);
    const key = `${req.method} ${parts.map((p) => (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(p) ? '{id}' : p)).join('/')}`;
    const wait = this.admit(key);
    if (wait !== null) return this.rateLimited(key, wait);
    const fault = await this.fault(key);
    if (fault) return fault;
    const size = Math.min(Number(req.query.get('page_size') ?? (req.body.page_size as number) ?? 100) || 100, 100);
    const cursor = (req.query.get('start_cursor') ?? (req.body.start_cursor as string)) || undefined;
    const id = parts[1] ? uuid(parts[1]) : '';
    const notFound = (what: string) => ({
      status: 404,
      body: {
        object: 'error',
        status: 404,
        code: 'object_not_found',
        message: `Could not find ${what} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${this.seed.bot.name}".`,
        additional_data: { integration_id: uuid(this.seed.bot.id) },
        request_id: randomUUID(),
      },
    });

    switch (key) {
      case 'GET users':
        return this.list([...this.users.values()], 'user', cursor, size);
      case 'GET users/me':
        return this.ok(this.users.get(uuid(this.seed.bot.id))!);
      case 'GET users/{id}': {
        const u = this.users.get(id);
        return u ? this.ok(u) : notFound('user');
      }
      case 'POST search': {
        const filter = req.body.filter as Obj | undefined;
        const query = String(req.body.query ?? '').toLowerCase();
        const wantPages = !filter || filter.value === 'page';
        const wantDbs = !filter || filter.value === 'database' || filter.value === 'data_source';
        let items: Obj[] = [];
        if (wantPages) items.push(...[...this.pages.values()].filter((p) => !p.in_trash).map((p) => this.pageView(p, v)));
        if (wantDbs) items.push(...(v === '2022-06-28' ? [...this.databases.values()].map((d) => this.databaseView(d, v)) : [...this.sources.values()].map((s) => this.sourceView(s))));
        if (query) items = items.filter((x) => JSON.stringify(x.properties ?? x.title ?? '').toLowerCase().includes(query));
        const sort = req.body.sort as Obj | undefined;
        items = this.sortByEdited(items, sort?.direction ?? 'descending');
        return this.list(items, v === '2022-06-28' ? 'page_or_database' : 'page_or_data_source', cursor, size);
      }
      case 'GET pages/{id}': {
        const p = this.pages.get(id);
        return p ? this.ok(this.pageView(p, v)) : notFound('page');
      }
      case 'GET pages/{id}/properties/title': {
        const p = this.pages.get(id);
        if (!p) return notFound('page');
        const items = this.richText(p.title).map((t, i) => ({ object: 'property_item', id: 'title', type: 'title', title: t, i }));
        return this.ok({ object: 'list', results: items.map(({ i: _i, ...rest }) => rest), next_cursor: null, has_more: false, type: 'property_item', property_item: { id: 'title', next_url: null, type: 'title', title: {} } });
      }
      case 'POST pages': {
        const parent = req.body.parent as Obj;
        const props = (req.body.properties ?? {}) as Obj;
        const titleProp = Object.values(props).find((x: Obj) => Array.isArray(x) || x?.title) as Obj | Obj[] | undefined;
        const titleItems = Array.isArray(titleProp) ? titleProp : (titleProp?.title ?? []);
        const title = (titleItems as Obj[]).map((t) => t.text?.content ?? '').join('');
        const pid = parent?.page_id ? uuid(parent.page_id) : undefined;
        const dsid = parent?.data_source_id ? uuid(parent.data_source_id) : parent?.database_id ? this.databases.get(uuid(parent.database_id))?.sources[0] : undefined;
        if (pid && !this.pages.has(pid)) return this.err(404, 'object_not_found', `Could not find page with ID: ${pid}.`);
        const page = this.addPage({ id: randomUUID(), title, parent: pid ? { page_id: pid } : dsid ? { data_source_id: dsid } : { workspace: true }, created_by: this.seed.bot.id, last_edited_by: this.seed.bot.id, created_time: this.now() });
        if (req.body.icon) page.icon = req.body.icon;
        if (req.body.cover) page.cover = req.body.cover;
        for (const c of (req.body.children as Obj[]) ?? []) this.addChild(page.id, this.requestBlock(page.id, c));
        return this.ok(this.pageView(page, v));
      }
      case 'PATCH pages/{id}': {
        const p = this.pages.get(id);
        if (!p) return notFound('page');
        if (req.body.archived !== undefined || req.body.in_trash !== undefined) p.archived = p.in_trash = !!(req.body.archived ?? req.body.in_trash);
        const props = req.body.properties as Obj | undefined;
        const titleProp = props ? (Object.values(props).find((x: Obj) => x?.title) as Obj | undefined) : undefined;
        if (titleProp) p.title = (titleProp.title as Obj[]).map((t) => t.text?.content ?? '').join('');
        if (req.body.icon !== undefined) p.icon = req.body.icon;
        if (req.body.cover !== undefined) p.cover = req.body.cover;
        p.last_edited_time = this.now();
        return this.ok(this.pageView(p, v));
      }
      case 'GET blocks/{id}': {
        const b = this.blocks.get(id);
        return b ? this.ok(b) : notFound('block');
      }
      case 'GET blocks/{id}/children': {
        if (!this.blocks.has(id) && !this.pages.has(id)) return notFound('block');
        const kids = (this.children.get(id) ?? []).map((c) => this.blocks.get(c)!).filter((b) => !b.in_trash);
        return this.list(kids, 'block', cursor, size);
      }
      case 'PATCH blocks/{id}/children': {
        if (!this.blocks.has(id) && !this.pages.has(id)) return notFound('block');
        const added = ((req.body.children as Obj[]) ?? []).map((c) => {
          const b = this.requestBlock(id, c);
          this.addChild(id, b);
          return b;
        });
        this.touch(id);
        return this.ok({ object: 'list', results: added, next_cursor: null, has_more: false, type: 'block', block: {} });
      }
      case 'PATCH blocks/{id}': {
        const b = this.blocks.get(id);
        if (!b) return notFound('block');
        const body = req.body[b.type] as Obj | undefined;
        if (body?.rich_text) b[b.type].rich_text = this.fromRequestText(body.rich_text);
        if (body && 'checked' in body) b[b.type].checked = !!body.checked;
        if (req.body.archived !== undefined || req.body.in_trash !== undefined) b.archived = b.in_trash = !!(req.body.archived ?? req.body.in_trash);
        b.last_edited_time = this.now();
        this.touch(id);
        return this.ok(b);
      }
      case 'DELETE blocks/{id}': {
        const b = this.blocks.get(id);
        if (!b) return notFound('block');
        b.archived = b.in_trash = true;
        const page = this.pages.get(id);
        if (page) page.archived = page.in_trash = true;
        this.touch(id);
        return this.ok(b);
      }
      case 'GET databases/{id}': {
        const d = this.databases.get(id);
        return d ? this.ok(this.databaseView(d, v)) : notFound('database');
      }
      case 'POST databases/{id}/query':
      case 'POST data_sources/{id}/query': {
        const sid = key.startsWith('POST databases') ? (v === '2022-06-28' ? this.databases.get(id)?.sources[0] : undefined) : id;
        if (key.startsWith('POST databases') && v !== '2022-06-28') return this.err(400, 'invalid_request_url', 'Databases are queried through their data sources with this Notion-Version: POST /v1/data_sources/{id}/query.');
        if (!sid || !this.sources.has(sid)) return notFound(key.startsWith('POST databases') ? 'database' : 'data source');
        const filter = req.body.filter as Obj | undefined;
        let rows = [...this.pages.values()].filter((p) => p.parentSeed.data_source_id && uuid(p.parentSeed.data_source_id) === sid && !p.in_trash);
        const after = filter?.timestamp === 'last_edited_time' ? (filter.last_edited_time?.on_or_after ?? filter.last_edited_time?.after) : undefined;
        if (after) rows = rows.filter((p) => p.last_edited_time >= after);
        rows = this.sortByEdited(rows, (req.body.sorts as Obj[] | undefined)?.[0]?.direction ?? 'descending');
        return this.list(rows.map((p) => this.pageView(p, v)), v === '2022-06-28' ? 'page' : 'page_or_data_source', cursor, size);
      }
      case 'GET data_sources/{id}': {
        if (v === '2022-06-28') return this.err(400, 'invalid_request_url', 'Invalid request URL.');
        const s = this.sources.get(id);
        return s ? this.ok(this.sourceView(s)) : notFound('data source');
      }
      default:
        return this.err(400, 'invalid_request_url', 'Invalid request URL.');
    }
  }

  /** A block from a create request ({type, [type]: {rich_text: [{text: {content}}], …}, children?}). */
  private requestBlock(parentId: string, c: Obj): Obj {
    const type = String(c.type ?? Object.keys(c).find((k) => k !== 'object' && k !== 'type'));
    const body = (c[type] ?? {}) as Obj;
    const seed: SeedBlock = {
      type,
      text: this.fromRequestText(body.rich_text).map((raw) => ({ raw })) as unknown as SeedBlock['text'],
      language: body.language,
      checked: body.checked,
      title: body.title,
    };
    const b = this.block(parentId, seed, undefined, this.seed.bot.id);
    for (const child of (body.children as Obj[]) ?? []) this.addChild(b.id, this.requestBlock(b.id, child));
    return b;
  }

  /** An edit anywhere in a page moves the page's last_edited_time. */
  private touch(blockId: string): void {
    let id: string | undefined = blockId;
    for (let depth = 0; id && depth < 50; depth++) {
      const page = this.pages.get(id);
      if (page) {
        page.last_edited_time = this.now();
        return;
      }
      const b = this.blocks.get(id);
      id = b?.parent.page_id ?? b?.parent.block_id;
    }
  }

  protected async control(req: TwinRequest): Promise<TwinResponse | null> {
    const b = req.body as Obj;
    switch (req.path) {
      case '/_twin/seed':
        this.load(b as unknown as NotionSeed);
        return { status: 200, body: { ok: true } };
      case '/_twin/reset':
        this.resetBase();
        return { status: 200, body: { ok: true } };
      case '/_twin/pages/edit': {
        // Replace the text of a page's nth top-level text block, or append a paragraph.
        const pageId = uuid(String(b.pageId));
        const page = this.pages.get(pageId);
        if (!page) return { status: 404, body: { error: 'no such page' } };
        const kids = (this.children.get(pageId) ?? []).map((c) => this.blocks.get(c)!).filter((x) => TEXT_TYPES.includes(x.type) && !x.in_trash);
        if (b.append || !kids.length) this.addChild(pageId, this.block(pageId, { type: 'paragraph', text: String(b.text) }, undefined, b.editor ? String(b.editor) : undefined));
        else {
          const target = kids[Number(b.index ?? 0)] ?? kids[0];
          target[target.type].rich_text = this.richText(String(b.text));
          target.last_edited_time = this.now();
        }
        page.last_edited_time = this.now();
        if (b.editor) page.last_edited_by = this.user(String(b.editor));
        return { status: 200, body: { ok: true, last_edited_time: page.last_edited_time } };
      }
      case '/_twin/pages/archive': {
        const page = this.pages.get(uuid(String(b.pageId)));
        if (!page) return { status: 404, body: { error: 'no such page' } };
        page.archived = page.in_trash = true;
        page.last_edited_time = this.now();
        return { status: 200, body: { ok: true } };
      }
      default:
        return null;
    }
  }
}

function defaultAnnotations(): Obj {
  return { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };
}
