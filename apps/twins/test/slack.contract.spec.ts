import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithSharedData } from '@ctxvault/testing';
import { SlackSeed } from '../src/slack/slack.seed';
import { SlackTwin } from '../src/slack/slack.twin';
import { shapeMismatches } from './shape';

const SERVED = new Set(['auth.test', 'team.info', 'users.list', 'users.info', 'bots.info', 'conversations.list', 'conversations.info', 'conversations.history', 'conversations.replies', 'chat.getPermalink']);
const TOKEN = 'xoxb-contract';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return ['_reference', 'objects', 'events_api_message_shapes'].includes(n) ? [] : files(p);
    return n.endsWith('.json') && n !== 'manifest.json' ? [p] : [];
  });
}

type Plan = { seed: Partial<SlackSeed>; params: Record<string, string>; token?: string | null; limit0?: boolean };

const base = (): SlackSeed => ({ team: { id: 'T0CONTRACT', name: 'Contract', domain: 'contract' }, tokens: [TOKEN], users: [], channels: [], messages: [] });

/** How to put the twin in the state the real response came from, and the request that produced it. */
function plan(method: string, body: any, file: string): Plan | string { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (body.ok === false) {
    switch (body.error) {
      case 'invalid_auth':
        return { seed: {}, params: {}, token: 'xoxb-not-a-token' };
      case 'not_authed':
        return { seed: {}, params: {}, token: null };
      case 'ratelimited':
        return { seed: { channels: [{ id: 'C1', name: 'c1' }] }, params: { channel: 'C1' }, limit0: true };
      case 'channel_not_found':
        return { seed: {}, params: { channel: 'C0MISSING', message_ts: '1.000000', ts: '1.000000' } };
      case 'user_not_found':
        return { seed: {}, params: { user: 'U0MISSING' } };
      case 'bot_not_found':
        return { seed: {}, params: { bot: 'B0MISSING' } };
      case 'thread_not_found':
        return { seed: { channels: [{ id: 'C1', name: 'c1' }] }, params: { channel: 'C1', ts: '1.000000' } };
      case 'invalid_cursor':
        return { seed: { channels: [{ id: 'C1', name: 'c1' }] }, params: { channel: 'C1', cursor: 'Zm9vOmJhcg==' } };
      case 'not_in_channel':
        return { seed: { channels: [{ id: 'C1', name: 'c1', is_member: false }] }, params: { channel: 'C1' } };
      default:
        return `error "${body.error}" is not modelled by the twin`;
    }
  }
  const more = (b: any) => !!b.response_metadata?.next_cursor || b.has_more === true; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (method) {
    case 'auth.test':
    case 'team.info':
      return { seed: {}, params: {} };
    case 'users.list': {
      const users = [...body.members, ...(more(body) ? [{ id: 'U0EXTRA', name: 'extra' }] : [])];
      return { seed: { users }, params: { limit: String(body.members.length) } };
    }
    case 'users.info':
      return { seed: { users: [body.user] }, params: { user: body.user.id } };
    case 'bots.info':
      return { seed: { bots: [body.bot] }, params: { bot: body.bot.id } };
    case 'conversations.list': {
      const channels = [...body.channels, ...(more(body) ? [{ id: 'C0EXTRA', name: 'extra' }] : [])];
      return { seed: { channels }, params: { types: 'public_channel,private_channel', limit: String(body.channels.length) } };
    }
    case 'conversations.info':
      return { seed: { channels: [body.channel] }, params: { channel: body.channel.id } };
    case 'conversations.history': {
      const msgs = body.messages.map((m: object, i: number) => ({ ts: `17000000${String(90 - i).padStart(2, '0')}.000100`, ...m, channel: 'C1' }));
      if (more(body)) msgs.push({ channel: 'C1', ts: '1600000000.000100', type: 'message', user: 'U1', text: 'older' });
      return { seed: { channels: [{ id: 'C1', name: 'c1' }], messages: msgs }, params: { channel: 'C1', limit: String(body.messages.length) } };
    }
    case 'conversations.replies': {
      const [parent, ...replies] = body.messages;
      const msgs = [{ ...parent, channel: 'C1' }, ...replies.map((r: object) => ({ ...r, channel: 'C1' }))];
      if (more(body)) msgs.push({ channel: 'C1', ts: '1999999999.000100', thread_ts: parent.ts, type: 'message', user: 'U1', text: 'later reply' });
      return { seed: { channels: [{ id: 'C1', name: 'c1' }], messages: msgs }, params: { channel: 'C1', ts: parent.ts, limit: String(body.messages.length) } };
    }
    case 'chat.getPermalink': {
      const p = /\/p(\d{10})(\d{6})/.exec(body.permalink);
      const ts = p ? `${p[1]}.${p[2]}` : '1358546515.000008';
      return { seed: { channels: [{ id: body.channel, name: 'c' }], messages: [{ channel: body.channel, ts, user: 'U1', text: 'x' }], team: { id: 'T1', name: 'ghostbusters', domain: 'ghostbusters' } }, params: { channel: body.channel, message_ts: ts } };
    }
  }
  return `no plan for ${method} (${file})`;
}

describeWithSharedData('Slack twin contract: responses match the real ones in structure', 'fixtures/slack', (dir) => {
  const cases = files(dir).map((f) => {
    const fx = JSON.parse(readFileSync(f, 'utf8'));
    const method = String(fx.request?.path ?? '').replace('/api/', '');
    return { name: f.slice(dir.length + 1), fx, method };
  });
  const served = cases.filter((c) => SERVED.has(c.method));

  it('covers the fixtures of every served method, and lists the rest', () => {
    const notServed = cases.filter((c) => !SERVED.has(c.method)).map((c) => c.name);
    expect(served.length).toBeGreaterThanOrEqual(25);
    expect(notServed.every((n) => !SERVED.has(n.split('/')[0]))).toBe(true);
  });

  it.each(served.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const body = c.fx.response.body;
    const p = plan(c.method, body, c.name);
    if (typeof p === 'string') {
      expect(body.error).toBe('missing_scope');
      return;
    }
    const seed = { ...base(), ...p.seed } as SlackSeed;
    const twin = new SlackTwin(seed);
    if (p.limit0) twin.limits = { [c.method]: { max: 0, windowMs: 60_000 } };
    const url = await twin.listen();
    try {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      const token = p.token === undefined ? TOKEN : p.token;
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${url}/api/${c.method}`, { method: 'POST', headers, body: new URLSearchParams(p.params).toString() });
      expect(res.status).toBe(c.fx.response.status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      if (c.fx.response.headers?.['retry-after']) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const twinBody = (await res.json()) as { response_metadata: { next_cursor: unknown } };
      expect(shapeMismatches(body, twinBody)).toEqual([]);
      if (body.response_metadata && 'next_cursor' in body.response_metadata) {
        expect(typeof twinBody.response_metadata.next_cursor).toBe('string');
        expect(twinBody.response_metadata.next_cursor === '').toBe(body.response_metadata.next_cursor === '');
      }
    } finally {
      await twin.close();
    }
  });
});
