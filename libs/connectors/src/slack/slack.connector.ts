import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import type { AuthorKind } from '@ctxvault/provenance';
import { ChangeBatch, Connector, ConnectorContext, ConnectorError, FetchedDocument } from '../connector';
import { SettingsCheck } from '../settings';
import { Pacer } from '../pacer';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SlackConfig {
  apiUrl: string;
  channels: string[] | null;
  includePrivate: boolean;
  pageSize: number;
  requestsPerMinute: { history: number; replies: number; list: number; users: number };
}

/** Per channel: the backfill's saved page cursor, then the newest ts ingested (the incremental watermark). */
interface ChannelCursor {
  backfill?: { cursor: string | null; newest: string | null };
  newest?: string | null;
  /** Paging through messages newer than the watermark `oldest`. */
  pending?: { cursor: string; oldest: string | null; newest: string | null };
}
interface SlackCursor {
  channels: Record<string, ChannelCursor>;
}

interface Author {
  id: string;
  name: string | null;
  kind: AuthorKind;
  details: Record<string, unknown>;
}

/** Slack documented tiers for apps outside the Marketplace: history and replies at 1 request a minute. */
export const SLACK_DEFAULT_RATES = { history: 1, replies: 1, list: 20, users: 20 };

export function threadExternalId(channel: string, ts: string): string {
  return `slack:${channel}:${ts}`;
}

/**
 * Slack through @slack/web-api: the channels the app can read, their history with threads
 * (conversations.replies), users resolved and cached (bot, guest, external, deleted), permalinks.
 * A thread (or a lone message) is one document. Backfill pages slowly under the configured
 * per-method rates, saves its cursor after every page and resumes there after a restart.
 */
export class SlackConnector implements Connector {
  readonly kind = 'slack' as const;
  readonly name = 'slack';
  readonly version = '1.0.0';

  validateConfig(config: unknown, credentials: unknown): Record<string, unknown> {
    const check = new SettingsCheck('slack', config, ['apiUrl', 'channels', 'includePrivate', 'pageSize', 'requestsPerMinute']);
    const { c, problems } = check;
    check.apiUrl();
    if (c.channels !== undefined && (!Array.isArray(c.channels) || c.channels.some((x) => typeof x !== 'string'))) problems.push('channels must be a list of channel ids or names');
    if (c.includePrivate !== undefined && typeof c.includePrivate !== 'boolean') problems.push('includePrivate must be true or false');
    if (c.pageSize !== undefined && (!Number.isInteger(c.pageSize) || (c.pageSize as number) < 1 || (c.pageSize as number) > 999)) problems.push('pageSize must be 1-999');
    const rpm = (c.requestsPerMinute ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(rpm)) {
      if (!['history', 'replies', 'list', 'users'].includes(k) || typeof v !== 'number' || v <= 0) problems.push(`requestsPerMinute.${k} must be a positive number (keys: history, replies, list, users)`);
    }
    const cr = check.token(credentials, 'a bot token, xoxb-…');
    if (cr && cr.signingSecret !== undefined && typeof cr.signingSecret !== 'string') problems.push('credentials.signingSecret must be a string');
    check.done();
    const out: SlackConfig = {
      apiUrl: ((c.apiUrl as string) ?? 'https://slack.com').replace(/\/+$/, ''),
      channels: (c.channels as string[]) ?? null,
      includePrivate: (c.includePrivate as boolean) ?? false,
      pageSize: (c.pageSize as number) ?? 200,
      requestsPerMinute: { ...SLACK_DEFAULT_RATES, ...(rpm as Record<string, number>) },
    };
    return out as unknown as Record<string, unknown>;
  }

  async *fetchChanges(ctx: ConnectorContext): AsyncIterable<ChangeBatch> {
    const session = new SlackSession(ctx.config as unknown as SlackConfig, ctx.credentials?.token ?? '', ctx.signal);
    const cursor: SlackCursor = { channels: { ...((ctx.cursor as SlackCursor | null)?.channels ?? {}) } };
    await session.init();
    const channels = await session.channels();
    for (const ch of channels) {
      const state: ChannelCursor = { ...(cursor.channels[ch.id] ?? {}) };
      for (;;) {
        const incremental = !!state.pending || (!state.backfill && state.newest !== undefined);
        const page = state.pending
          ? await session.history(ch.id, { cursor: state.pending.cursor, oldest: state.pending.oldest ?? undefined })
          : incremental
            ? await session.history(ch.id, { oldest: state.newest ?? undefined })
            : await session.history(ch.id, { cursor: state.backfill?.cursor ?? undefined });
        if (page.invalidCursor) {
          // The saved cursor is no longer valid: start this channel again (content hashes keep it idempotent).
          delete state.backfill;
          delete state.pending;
          delete state.newest;
          continue;
        }
        const upserts: FetchedDocument[] = [];
        for (const m of page.messages) upserts.push(await session.document(ch, m));
        if (incremental) {
          const oldest = state.pending ? state.pending.oldest : (state.newest ?? null);
          const newest = maxTs(state.pending?.newest ?? state.newest ?? null, page.messages.map((m) => m.ts as string));
          if (page.nextCursor) state.pending = { cursor: page.nextCursor, oldest, newest };
          else {
            delete state.pending;
            state.newest = newest;
          }
        } else {
          const newest = state.backfill?.newest ?? page.messages[0]?.ts ?? null;
          if (page.nextCursor) state.backfill = { cursor: page.nextCursor, newest };
          else {
            delete state.backfill;
            state.newest = newest ?? '0';
          }
        }
        cursor.channels[ch.id] = { ...state };
        yield { upserts, deletions: [], cursor: { channels: { ...cursor.channels } } };
        if (!page.nextCursor) break;
      }
    }
  }

  /** One thread (or lone message) as it is now, for the live path; null when it no longer exists. */
  async fetchItem(ctx: ConnectorContext, item: Record<string, string | undefined>): Promise<{ externalId: string; document: FetchedDocument | null }> {
    const { channel, ts } = item;
    if (!channel || !ts) throw new ConnectorError('PERMANENT', 'a Slack item needs a channel and a ts');
    const session = new SlackSession(ctx.config as unknown as SlackConfig, ctx.credentials?.token ?? '', ctx.signal);
    await session.init();
    const ch = await session.channelInfo(channel);
    const parent = await session.message(channel, ts);
    return { externalId: threadExternalId(channel, ts), document: parent ? await session.document(ch, parent) : null };
  }

  /** Verifies a Slack request signature (v0 HMAC) within the replay window. */
  static verifySignature(signingSecret: string, timestamp: string | undefined, signature: string | undefined, rawBody: string, windowSeconds = 300): boolean {
    if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > windowSeconds) return false;
    const expected = 'v0=' + createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
    const a = Buffer.from(expected);
    const b = Buffer.from(signature);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function maxTs(current: string | null, list: string[]): string | null {
  let best = current;
  for (const t of list) if (best === null || Number(t) > Number(best)) best = t;
  return best;
}

class SlackSession {
  private readonly client: WebClient;
  private readonly pacer: Pacer;
  private teamId = '';
  private domain = '';
  private readonly users = new Map<string, Msg>();

  constructor(
    private readonly cfg: SlackConfig,
    token: string,
    signal: AbortSignal,
  ) {
    this.client = new WebClient(token, { slackApiUrl: `${cfg.apiUrl}/api/`, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    this.pacer = new Pacer(
      { 'conversations.history': cfg.requestsPerMinute.history, 'conversations.replies': cfg.requestsPerMinute.replies, 'conversations.list': cfg.requestsPerMinute.list, 'conversations.info': cfg.requestsPerMinute.list, 'users.list': cfg.requestsPerMinute.users, 'users.info': cfg.requestsPerMinute.users },
      signal,
    );
  }

  /** One Web API call under the pacer; rate limits are waited out, transient failures retried a few times. */
  async call(method: string, args: Record<string, unknown>): Promise<Msg> {
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait(method);
      try {
        return (await this.client.apiCall(method, args)) as Msg;
      } catch (e) {
        const err = e as { code?: string; retryAfter?: number; data?: { error?: string }; message: string; statusCode?: number };
        if (err.code === 'slack_webapi_rate_limited_error') {
          this.pacer.backOff(method, err.retryAfter ?? 60);
          if (attempt < 5) continue;
          throw new ConnectorError('RATE_LIMITED', `slack ${method} keeps answering 429`, err.retryAfter);
        }
        // HTTP-level failures (5xx, timeouts) are transient whatever their body says.
        const code = err.code === 'slack_webapi_http_error' || err.code === 'slack_webapi_request_error' ? undefined : err.data?.error;
        if (code && ['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'token_expired', 'missing_scope'].includes(code)) {
          throw new ConnectorError('AUTH', `slack refused the token: ${code}`);
        }
        if (code === 'invalid_cursor') return { ok: false, error: 'invalid_cursor' };
        if (code) throw new ConnectorError('PERMANENT', `slack ${method}: ${code}`);
        if (attempt < 3) {
          await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
          continue;
        }
        throw new ConnectorError('TRANSIENT', `slack ${method}: ${err.message}`);
      }
    }
  }

  async init(): Promise<void> {
    const auth = await this.call('auth.test', {});
    this.teamId = auth.team_id;
    this.domain = /^https?:\/\/([^.]+)\.slack\.com/.exec(auth.url ?? '')?.[1] ?? 'slack';
    for (let cursor: string | undefined; ; ) {
      const r = await this.call('users.list', { limit: 200, ...(cursor ? { cursor } : {}) });
      for (const u of r.members ?? []) this.users.set(u.id, u);
      cursor = r.response_metadata?.next_cursor;
      if (!cursor) break;
    }
  }

  async channels(): Promise<Msg[]> {
    const out: Msg[] = [];
    for (let cursor: string | undefined; ; ) {
      const r = await this.call('conversations.list', { types: this.cfg.includePrivate ? 'public_channel,private_channel' : 'public_channel', limit: 200, exclude_archived: true, ...(cursor ? { cursor } : {}) });
      out.push(...(r.channels ?? []));
      cursor = r.response_metadata?.next_cursor;
      if (!cursor) break;
    }
    const wanted = this.cfg.channels;
    return out.filter((c) => c.is_member && (!wanted || wanted.includes(c.id) || wanted.includes(c.name)));
  }

  async channelInfo(id: string): Promise<Msg> {
    return (await this.call('conversations.info', { channel: id })).channel;
  }

  async history(channel: string, opts: { cursor?: string; oldest?: string }): Promise<{ messages: Msg[]; nextCursor: string | null; invalidCursor?: boolean }> {
    const r = await this.call('conversations.history', { channel, limit: this.cfg.pageSize, ...(opts.cursor ? { cursor: opts.cursor } : {}), ...(opts.oldest ? { oldest: opts.oldest } : {}) });
    if (r.ok === false && r.error === 'invalid_cursor') return { messages: [], nextCursor: null, invalidCursor: true };
    return { messages: r.messages ?? [], nextCursor: r.response_metadata?.next_cursor || null };
  }

  /** The message with this ts (a thread parent or a lone message), or null when it is gone. */
  async message(channel: string, ts: string): Promise<Msg | null> {
    const r = await this.call('conversations.history', { channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
    return (r.messages ?? [])[0] ?? null;
  }

  private author(m: Msg): Author {
    if (!m.user && m.bot_id) return { id: m.bot_id, name: m.username ?? m.bot_profile?.name ?? null, kind: 'bot', details: { botId: m.bot_id } };
    const u = this.users.get(m.user);
    if (!u) return { id: m.user ?? 'unknown', name: null, kind: 'unknown', details: { resolved: false } };
    const external = (u.team_id && u.team_id !== this.teamId) || u.is_stranger === true;
    const kind: AuthorKind = u.is_bot ? 'bot' : external ? 'external' : u.is_restricted || u.is_ultra_restricted ? 'guest' : 'human';
    return {
      id: u.id,
      name: u.real_name ?? u.name ?? null,
      kind,
      details: { deleted: !!u.deleted, guest: !!(u.is_restricted || u.is_ultra_restricted), external: !!external, teamId: u.team_id ?? null },
    };
  }

  async document(ch: Msg, parent: Msg): Promise<FetchedDocument> {
    const messages: Msg[] = [parent];
    if ((parent.reply_count ?? 0) > 0) {
      messages.length = 0;
      for (let cursor: string | undefined; ; ) {
        const r = await this.call('conversations.replies', { channel: ch.id, ts: parent.ts, limit: this.cfg.pageSize, ...(cursor ? { cursor } : {}) });
        if (r.ok === false) break;
        messages.push(...(r.messages ?? []));
        cursor = r.response_metadata?.next_cursor;
        if (!cursor) break;
      }
      if (!messages.length) messages.push(parent);
    }
    const boundaries: number[] = [];
    let content = '';
    const participants = new Map<string, Author>();
    for (const m of messages) {
      const a = this.author(m);
      participants.set(a.id, a);
      boundaries.push(content.length);
      const files = (m.files ?? []).map((f: Msg) => `[file: ${f.name ?? f.title ?? f.id}]`).join(' ');
      content += `${a.name ?? a.id}: ${m.text ?? ''}${files ? ' ' + files : ''}${m.edited ? ' (edited)' : ''}\n\n`;
    }
    const root = this.author(parent);
    const last = messages[messages.length - 1];
    return {
      externalId: threadExternalId(ch.id, parent.ts),
      kind: 'thread',
      title: `#${ch.name}: ${String(parent.text ?? '').slice(0, 80)}`,
      url: `https://${this.domain}.slack.com/archives/${ch.id}/p${String(parent.ts).replace('.', '')}`,
      author: { id: root.id, name: root.name, kind: root.kind, details: root.details },
      sourceCreatedAt: tsToIso(parent.ts),
      sourceUpdatedAt: tsToIso(last.edited?.ts ?? last.ts),
      content: content.trimEnd(),
      boundaries,
      attributes: {
        channel: { id: ch.id, name: ch.name, private: !!ch.is_private, shared: !!(ch.is_ext_shared || ch.is_shared) },
        threadTs: parent.ts,
        messages: messages.length,
        participants: [...participants.values()].map((p) => ({ id: p.id, kind: p.kind, ...p.details })),
      },
    };
  }
}

function tsToIso(ts: string): string {
  return new Date(Math.round(Number(ts) * 1000)).toISOString();
}
