import { SlackSeed, SlackSeedMessage } from './slack.seed';

/** A deterministic synthetic workspace of the given size, with every kind of author and channel. */
export function generateSlackWorkspace(opts: { messages: number; threads: number; replies?: number; channels?: number; seed?: number }): SlackSeed {
  let x = opts.seed ?? 42;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const channelCount = opts.channels ?? 5;
  const users = [
    { id: 'U0ALICE', name: 'alice', real_name: 'Alice Ops' },
    { id: 'U0BOB', name: 'bob', real_name: 'Bob Backend' },
    { id: 'U0CAROL', name: 'carol', real_name: 'Carol SRE' },
    { id: 'U0GUEST', name: 'gail', real_name: 'Gail Guest', is_restricted: true },
    { id: 'U0EXT', name: 'eve', real_name: 'Eve Partner', team_id: 'T0PARTNER' },
    { id: 'U0GONE', name: 'dan', real_name: 'Dan Departed', deleted: true },
    { id: 'U0DEPLOYBOT', name: 'deploybot', real_name: 'Deploy Bot', is_bot: true },
  ];
  const channels = Array.from({ length: channelCount }, (_, i) => ({
    id: `C0CHAN${String(i).padStart(3, '0')}`,
    name: ['incidents', 'payments', 'deploys', 'platform', 'partner-shared'][i] ?? `team-${i}`,
    is_ext_shared: i === 4,
  }));
  const topics = ['the payments API latency', 'a failed deploy of checkout', 'the database failover drill', 'rotating the TLS certificate', 'the on-call handover'];
  const messages: SlackSeedMessage[] = [];
  let ts = 1_700_000_000;
  const nextTs = () => `${(ts += 1 + Math.floor(rand() * 50))}.${String(Math.floor(rand() * 999999)).padStart(6, '0')}`;
  const parents: Array<{ channel: string; ts: string }> = [];
  const standalone = opts.messages - (opts.replies ?? Math.max(opts.threads, Math.floor(opts.messages * 0.2)));
  for (let i = 0; i < standalone; i++) {
    const ch = channels[i % channels.length].id;
    const u = users[Math.floor(rand() * users.length)];
    const m: SlackSeedMessage = { channel: ch, ts: nextTs(), user: u.id, text: `Update ${i} on ${topics[i % topics.length]}: step ${i % 7} is done, next we check the dashboards.` };
    messages.push(m);
    if (parents.length < opts.threads && i % Math.max(1, Math.floor(standalone / opts.threads)) === 0) parents.push({ channel: ch, ts: m.ts });
  }
  // Replies: spread the thread messages over the parents (every parent gets at least one).
  const replyCount = opts.messages - standalone;
  for (let i = 0; i < replyCount; i++) {
    const p = parents[i % parents.length];
    const u = users[Math.floor(rand() * users.length)];
    messages.push({ channel: p.channel, ts: nextTs(), thread_ts: p.ts, user: u.id, text: `Reply ${i}: confirmed, ${topics[i % topics.length]} looks healthy now.` });
  }
  for (const p of parents) {
    const parent = messages.find((m) => m.channel === p.channel && m.ts === p.ts)!;
    parent.thread_ts = parent.ts;
  }
  return { team: { id: 'T0ACME', name: 'Acme', domain: 'acme' }, tokens: ['xoxb-twin-token'], users, channels, messages };
}
