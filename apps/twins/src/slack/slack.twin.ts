import { createHmac, randomUUID } from 'node:crypto';
import { RateLimit, TwinRequest, TwinResponse, TwinServer } from '../twin-server';
import { SlackSeed, SlackSeedChannel, SlackSeedMessage, SlackSeedUser } from './slack.seed';

type Obj = Record<string, unknown>;

const enc = (s: string) => Buffer.from(s).toString('base64');
const dec = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const tsKey = (ts: string) => ts.replace('.', '');

/** Rate limits of the Web API tiers, per minute (non-Marketplace apps get 1/min for history and replies). */
export const SLACK_TIER_LIMITS: Record<string, RateLimit> = {
  'conversations.history': { max: 1, windowMs: 60_000 },
  'conversations.replies': { max: 1, windowMs: 60_000 },
  'conversations.list': { max: 20, windowMs: 60_000 },
  'users.list': { max: 20, windowMs: 60_000 },
};

/**
 * A stateful Slack Web API twin: real response shapes (HTTP 200 with ok:false for errors, `ts`
 * strings, opaque cursors, next_cursor "" at the end, 429 with Retry-After), control endpoints to
 * post, edit and delete messages, and Events API deliveries signed with the v0 HMAC scheme.
 */
export class SlackTwin extends TwinServer {
  private seed!: SlackSeed;
  private users = new Map<string, Obj>();
  private channels = new Map<string, Obj>();
  private messages = new Map<string, Obj[]>();
  private tokens = new Set<string>();
  private events: { url: string; signingSecret: string } | null = null;
  private clock = 0;

  constructor(seed: SlackSeed) {
    super();
    this.load(seed);
  }

  load(seed: SlackSeed): void {
    this.seed = seed;
    this.tokens = new Set(seed.tokens ?? ['xoxb-twin-token']);
    this.users = new Map(seed.users.map((u) => [u.id, this.user(u)]));
    this.channels = new Map(seed.channels.map((c) => [c.id, this.channel(c)]));
    this.messages = new Map(seed.channels.map((c) => [c.id, []]));
    for (const m of seed.messages) this.list(m.channel).push(this.message(m));
    for (const list of this.messages.values()) list.sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  private list(channel: string): Obj[] {
    let l = this.messages.get(channel);
    if (!l) this.messages.set(channel, (l = []));
    return l;
  }

  private user(u: SlackSeedUser): Obj {
    const real = u.real_name ?? u.name;
    return {
      id: u.id,
      team_id: u.team_id ?? this.seed.team.id,
      name: u.name,
      deleted: u.deleted ?? false,
      color: '9f69e7',
      real_name: real,
      tz: 'America/Los_Angeles',
      tz_label: 'Pacific Standard Time',
      tz_offset: -28800,
      profile: {
        avatar_hash: 'ge3b51ca72de',
        display_name: u.name,
        display_name_normalized: u.name,
        real_name: real,
        real_name_normalized: real,
        email: `${u.name}@${this.seed.team.domain}.example.com`,
        image_24: 'https://avatars.example.com/24.png',
        image_32: 'https://avatars.example.com/32.png',
        image_48: 'https://avatars.example.com/48.png',
        image_72: 'https://avatars.example.com/72.png',
        image_192: 'https://avatars.example.com/192.png',
        image_512: 'https://avatars.example.com/512.png',
        status_emoji: '',
        status_text: '',
        team: u.team_id ?? this.seed.team.id,
        ...(u.profile ?? {}),
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: u.is_restricted ?? false,
      is_ultra_restricted: u.is_ultra_restricted ?? false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      has_2fa: false,
      updated: 1700000000,
      ...Object.fromEntries(Object.entries(u).filter(([k]) => !['profile'].includes(k))),
      ...(u.profile && typeof u.profile === 'object' && 'real_name' in u.profile ? { profile: u.profile } : {}),
    };
  }

  private channel(c: SlackSeedChannel): Obj {
    return {
      id: c.id,
      name: c.name,
      is_channel: !c.is_private,
      is_group: !!c.is_private,
      is_im: false,
      is_mpim: false,
      is_private: !!c.is_private,
      created: c.created ?? 1600000000,
      is_archived: false,
      is_general: c.name === 'general',
      unlinked: 0,
      name_normalized: c.name,
      is_shared: !!c.is_ext_shared,
      is_ext_shared: !!c.is_ext_shared,
      is_org_shared: false,
      pending_shared: [],
      is_pending_ext_shared: false,
      is_member: c.is_member ?? true,
      creator: this.seed.users[0]?.id ?? 'U00000000',
      topic: typeof c.topic === 'object' && c.topic ? c.topic : { value: c.topic ?? '', creator: '', last_set: 0 },
      purpose: typeof c.purpose === 'object' && c.purpose ? c.purpose : { value: c.purpose ?? '', creator: '', last_set: 0 },
      previous_names: [],
      num_members: this.seed.users.length,
      ...Object.fromEntries(Object.entries(c).filter(([k]) => !['topic', 'purpose'].includes(k))),
    };
  }

  private message(m: SlackSeedMessage): Obj {
    const { channel: _c, ...rest } = m;
    void _c;
    return { type: 'message', ...(m.user ? { team: (this.users.get(m.user)?.team_id as string) ?? this.seed.team.id } : {}), ...rest };
  }

  /** History view of a message: parents carry their thread summary. */
  private withThread(channel: string, m: Obj): Obj {
    const replies = this.list(channel).filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
    if (!replies.length) return m;
    const users = [...new Set(replies.map((r) => r.user as string).filter(Boolean))];
    return { ...m, thread_ts: m.ts, reply_count: replies.length, reply_users_count: users.length, latest_reply: replies[replies.length - 1].ts, reply_users: users, is_locked: false, subscribed: false };
  }

  protected rateLimited(_method: string, retryAfter: number): TwinResponse {
    return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
  }

  protected vendorError(kind: 'server_error' | 'invalid_cursor' | 'revoked', _method: string, status?: number): TwinResponse {
    if (kind === 'server_error') return { status: status ?? 503, body: { ok: false, error: 'service_unavailable' } };
    if (kind === 'invalid_cursor') return { status: 200, body: { ok: false, error: 'invalid_cursor' } };
    return { status: 200, body: { ok: false, error: 'token_revoked' } };
  }

  protected async route(req: TwinRequest): Promise<TwinResponse> {
    const m = /^\/api\/([a-zA-Z.]+)$/.exec(req.path);
    if (!m) return { status: 404, body: { ok: false, error: 'unknown_method' } };
    const method = m[1];
    const p = (k: string) => {
      const v = req.body[k] ?? req.query.get(k);
      return v === undefined || v === null || v === '' ? undefined : String(v);
    };
    const token = /^Bearer\s+(\S+)/.exec(String(req.headers.authorization ?? ''))?.[1] ?? p('token');
    if (!token) return ok200({ ok: false, error: 'not_authed' });
    if (this.revokedTokens.has(token)) return ok200({ ok: false, error: 'token_revoked' });
    if (!this.tokens.has(token)) return ok200({ ok: false, error: 'invalid_auth' });
    const wait = this.admit(method);
    if (wait !== null) return this.rateLimited(method, wait);
    const fault = await this.fault(method);
    if (fault) return fault;
    const limit = Math.min(Math.max(Number(p('limit') ?? 100) || 100, 1), 1000);
    switch (method) {
      case 'auth.test':
        return ok200({ ok: true, url: `https://${this.seed.team.domain}.slack.com/`, team: this.seed.team.name, user: 'ctxvault', team_id: this.seed.team.id, user_id: 'U0TWINBOT', bot_id: 'B0TWINBOT', is_enterprise_install: false });
      case 'team.info':
        {
        const icon = Object.fromEntries([34, 44, 68, 88, 102, 132].map((n) => [`image_${n}`, `https://avatars.example.com/team-${n}.png`]));
        return ok200({
          ok: true,
          team: {
            id: this.seed.team.id,
            name: this.seed.team.name,
            domain: this.seed.team.domain,
            email_domain: `${this.seed.team.domain}.example.com`,
            enterprise_id: this.seed.team.enterprise?.id ?? '',
            enterprise_name: this.seed.team.enterprise?.name ?? '',
            icon: { ...icon, image_default: true },
            url: `https://${this.seed.team.domain}.slack.com/`,
          },
        });
      }
      case 'users.list':
        return this.page(method, [...this.users.values()], 'user', (u) => u.id as string, p('cursor'), limit, (members, next) => ({ ok: true, members, cache_ts: Math.floor(Date.now() / 1000), response_metadata: { next_cursor: next } }));
      case 'users.info': {
        const u = this.users.get(p('user') ?? '');
        return ok200(u ? { ok: true, user: u } : { ok: false, error: 'user_not_found' });
      }
      case 'bots.info': {
        const b = (this.seed.bots ?? []).find((x) => x.id === p('bot'));
        return ok200(b ? { ok: true, bot: { id: b.id, deleted: b.deleted ?? false, name: b.name, updated: 1700000000, app_id: b.app_id ?? 'A0TWIN', user_id: b.user_id, icons: { image_36: 'https://avatars.example.com/36.png', image_48: 'https://avatars.example.com/48.png', image_72: 'https://avatars.example.com/72.png' } } } : { ok: false, error: 'bot_not_found' });
      }
      case 'conversations.list': {
        const types = (p('types') ?? 'public_channel').split(',');
        const list = [...this.channels.values()].filter((c) => (c.is_private ? types.includes('private_channel') : types.includes('public_channel')));
        return this.page(method, list, 'team', (c) => c.id as string, p('cursor'), limit, (channels, next) => ({ ok: true, channels, response_metadata: { next_cursor: next } }));
      }
      case 'conversations.info': {
        const c = this.channels.get(p('channel') ?? '');
        return ok200(c ? { ok: true, channel: c } : { ok: false, error: 'channel_not_found' });
      }
      case 'conversations.history': {
        const channel = p('channel') ?? '';
        const c = this.channels.get(channel);
        if (!c) return ok200({ ok: false, error: 'channel_not_found' });
        if (!c.is_member) return ok200({ ok: false, error: 'not_in_channel' });
        const oldest = Number(p('oldest') ?? 0);
        const latest = p('latest') ? Number(p('latest')) : Infinity;
        const inclusive = p('inclusive') === 'true' || p('inclusive') === '1';
        let list = this.list(channel)
          .filter((x) => !x.thread_ts || x.thread_ts === x.ts || x.subtype === 'thread_broadcast')
          .filter((x) => (inclusive ? Number(x.ts) >= oldest && Number(x.ts) <= latest : Number(x.ts) > oldest && Number(x.ts) < latest))
          .reverse();
        const cursor = p('cursor');
        if (cursor) {
          const at = /^next_ts:(\d+)$/.exec(dec(cursor))?.[1];
          if (!at) return ok200({ ok: false, error: 'invalid_cursor' });
          list = list.filter((x) => Number(tsKey(x.ts as string)) <= Number(at));
        }
        const pageItems = list.slice(0, limit).map((x) => this.withThread(channel, x));
        const more = list.length > limit;
        return ok200({ ok: true, messages: pageItems, has_more: more, pin_count: 0, channel_actions_ts: null, channel_actions_count: 0, response_metadata: { next_cursor: more ? enc(`next_ts:${tsKey(list[limit].ts as string)}`) : '' } });
      }
      case 'conversations.replies': {
        const channel = p('channel') ?? '';
        if (!this.channels.get(channel)) return ok200({ ok: false, error: 'channel_not_found' });
        const ts = p('ts') ?? '';
        const parent = this.list(channel).find((x) => x.ts === ts);
        if (!parent) return ok200({ ok: false, error: 'thread_not_found' });
        let list: Obj[] = [this.withThread(channel, parent), ...this.list(channel).filter((x) => x.thread_ts === ts && x.ts !== ts).map((x) => ({ ...x, parent_user_id: parent.user }))];
        const cursor = p('cursor');
        if (cursor) {
          const at = /^next_ts:(\d+)$/.exec(dec(cursor))?.[1];
          if (!at) return ok200({ ok: false, error: 'invalid_cursor' });
          list = list.filter((x) => Number(tsKey(x.ts as string)) >= Number(at));
        }
        const more = list.length > limit;
        return ok200({ ok: true, messages: list.slice(0, limit), has_more: more, response_metadata: { next_cursor: more ? enc(`next_ts:${tsKey(list[limit].ts as string)}`) : '' } });
      }
      case 'chat.getPermalink': {
        const channel = p('channel') ?? '';
        const ts = p('message_ts') ?? '';
        if (!this.channels.get(channel)) return ok200({ ok: false, error: 'channel_not_found' });
        if (!this.list(channel).some((x) => x.ts === ts)) return ok200({ ok: false, error: 'message_not_found' });
        return ok200({ ok: true, channel, permalink: permalink(this.seed.team.domain, channel, ts) });
      }
      default:
        return ok200({ ok: false, error: 'unknown_method' });
    }
  }

  private page(method: string, items: Obj[], prefix: string, id: (o: Obj) => string, cursor: string | undefined, limit: number, shape: (items: Obj[], next: string) => Obj): TwinResponse {
    void method;
    let start = 0;
    if (cursor) {
      const m = new RegExp(`^${prefix}:(.+)$`).exec(dec(cursor));
      const at = m ? items.findIndex((x) => id(x) === m[1]) : -1;
      if (at < 0) return ok200({ ok: false, error: 'invalid_cursor' });
      start = at;
    }
    const slice = items.slice(start, start + limit);
    const next = items[start + limit] ? enc(`${prefix}:${id(items[start + limit])}`) : '';
    return ok200(shape(slice, next));
  }

  protected async control(req: TwinRequest): Promise<TwinResponse | null> {
    const b = req.body as Obj;
    switch (req.path) {
      case '/_twin/seed':
        this.load(b as unknown as SlackSeed);
        return { status: 200, body: { ok: true } };
      case '/_twin/reset':
        this.resetBase();
        return { status: 200, body: { ok: true } };
      case '/_twin/events':
        this.events = { url: String(b.url), signingSecret: String(b.signingSecret) };
        return { status: 200, body: { ok: true } };
      case '/_twin/messages/post': {
        const ts = this.nextTs();
        const msg = this.message({
          channel: String(b.channel),
          ts,
          user: b.user as string,
          text: String(b.text),
          client_msg_id: randomUUID(),
          blocks: richTextBlocks(String(b.text)),
          ...(b.thread_ts ? { thread_ts: String(b.thread_ts) } : {}),
        });
        this.list(String(b.channel)).push(msg);
        const delivery = await this.emit({ ...msg, channel: b.channel, event_ts: ts, channel_type: 'channel' });
        return { status: 200, body: { ok: true, ts, delivery } };
      }
      case '/_twin/messages/edit': {
        const msg = this.list(String(b.channel)).find((x) => x.ts === b.ts);
        if (!msg) return { status: 404, body: { ok: false, error: 'message_not_found' } };
        const previous = { ...msg };
        const eventTs = this.nextTs();
        msg.text = String(b.text);
        msg.blocks = richTextBlocks(String(b.text));
        msg.edited = { user: msg.user, ts: eventTs };
        const delivery = await this.emit({ type: 'message', subtype: 'message_changed', hidden: true, channel: b.channel, message: { ...msg }, previous_message: previous, event_ts: eventTs, ts: eventTs, channel_type: 'channel' });
        return { status: 200, body: { ok: true, delivery } };
      }
      case '/_twin/messages/delete': {
        const list = this.list(String(b.channel));
        const i = list.findIndex((x) => x.ts === b.ts);
        if (i < 0) return { status: 404, body: { ok: false, error: 'message_not_found' } };
        const [previous] = list.splice(i, 1);
        const eventTs = this.nextTs();
        const delivery = await this.emit({ type: 'message', subtype: 'message_deleted', hidden: true, channel: b.channel, previous_message: previous, deleted_ts: previous.ts, event_ts: eventTs, ts: eventTs, channel_type: 'channel' });
        return { status: 200, body: { ok: true, delivery } };
      }
      default:
        return null;
    }
  }

  private nextTs(): string {
    const now = Date.now() * 1000 + (this.clock++ % 1000);
    return `${Math.floor(now / 1e6)}.${String(now % 1e6).padStart(6, '0')}`;
  }

  /** Delivers an Events API callback, signed as Slack signs it: v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body). */
  private async emit(event: Obj): Promise<{ status: number } | null> {
    if (!this.events) return null;
    const body = JSON.stringify({
      token: 'twin-verification-token',
      team_id: this.seed.team.id,
      api_app_id: 'A0TWINAPP',
      event,
      type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: this.seed.team.id, user_id: 'U0TWINBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: 'twin',
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = 'v0=' + createHmac('sha256', this.events.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
    const res = await fetch(this.events.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
      body,
    }).catch(() => null);
    return res ? { status: res.status } : { status: 0 };
  }
}

/** The rich_text block Slack clients attach to a typed message. */
function richTextBlocks(text: string): Obj[] {
  const elements: Obj[] = [];
  for (const part of text.split(/(<?https?:\/\/[^\s>]+>?)/)) {
    if (!part) continue;
    const url = /^<?(https?:\/\/[^\s>|]+)/.exec(part)?.[1];
    elements.push(url ? { type: 'link', url } : { type: 'text', text: part });
  }
  return [{ type: 'rich_text', block_id: randomUUID().slice(0, 5), elements: [{ type: 'rich_text_section', elements }] }];
}

function ok200(body: unknown): TwinResponse {
  return { status: 200, body };
}

export function permalink(domain: string, channel: string, ts: string): string {
  return `https://${domain}.slack.com/archives/${channel}/p${tsKey(ts)}`;
}
