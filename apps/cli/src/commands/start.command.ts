import { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@ctxvault/common';
import type { AppConfig } from '@ctxvault/config';
import { openDatabase, OpenDatabase } from '@ctxvault/persistence';
import { createServices } from '@ctxvault/services';
import { createRedis, QueueClient } from '@ctxvault/queue';
import { startApi, RunningApi } from '../../../api/src/server';
import { RunningWorker, startWorker } from '../../../worker/src/worker';
import { migrations } from '../../../../migrations';
import { ParsedArgs, rejectUnknownFlags, UsageError } from '../args';
import { ensureRedis } from '../redis-process';
import { demoCompany, NotionTwin, SentryTwin, SlackTwin } from '../../../twins/src';

const log = new Logger('start');

interface DemoCredentials {
  tenant: string;
  adminKey: string;
  agentKey: string;
}

type Part = 'all' | 'api' | 'worker';

/** Runs the service: API and worker in one process (`start`), or one of them (`api`, `worker`). */
export async function startCommand(config: AppConfig, part: Part, args: ParsedArgs): Promise<void> {
  rejectUnknownFlags(args, []);
  if (part !== 'all' && config.embedded) {
    throw new UsageError(`"ctxvault ${part}" runs one part of a deployment and needs DATABASE_URL; "ctxvault start" runs everything with the embedded database`);
  }
  const stops: Array<() => Promise<void>> = [];
  let redisChild: ChildProcess | null = null;
  const shutdown = async (code: number) => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log.warn('error while stopping', { error: (e as Error).message });
      }
    }
    redisChild?.kill('SIGTERM');
    process.exit(code);
  };
  try {
    if (part === 'all') redisChild = (await ensureRedis(config.redis.url)).child;
    const db: OpenDatabase = await openDatabase(config, { applicationName: `ctxvault-${part}`, migrations });
    stops.push(() => db.close());
    const queueConn = createRedis(config.redis.url);
    const queue = new QueueClient(queueConn, config.redis.queuePrefix);
    stops.push(async () => {
      await queue.close();
      queueConn.disconnect();
    });
    const services = createServices(config, db.db, { queue });
    if (part !== 'api') {
      const worker: RunningWorker = await startWorker(config, services);
      stops.push(() => worker.close());
    }
    if (part !== 'worker') {
      const api: RunningApi = await startApi(config, services);
      stops.push(() => api.close());
      if (part === 'all' && config.demo.demoTenant) stops.push(await announceDemo(config, api));
    }
  } catch (e) {
    process.stderr.write(`ctxvault ${part}: ${(e as Error).message}\n`);
    await shutdown(1);
  }
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\nstopping (${sig})…\n`);
      void shutdown(0);
    });
  }
}

async function announceDemo(config: AppConfig, api: RunningApi): Promise<() => Promise<void>> {
  const slug = config.demo.demoTenant;
  const dir = resolve(config.database.dataDir);
  const file = join(dir, 'demo-credentials.json');
  let creds: DemoCredentials | null = null;
  const existing = await api.tenancy.tenants.findBySlug(slug);
  if (!existing) {
    const { tenant, adminKey } = await api.tenancy.tenants.create(slug, 'Demo company', 'cli');
    const { key: agentKey } = await api.tenancy.db.inTenant(tenant.id, () =>
      api.tenancy.keys.create({ role: 'agent', name: 'demo agent key' }, 'cli'),
    );
    creds = { tenant: slug, adminKey, agentKey };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  } else if (existsSync(file)) {
    creds = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
  }
  const tenantId = existing?.id ?? (await api.tenancy.tenants.findBySlug(slug))!.id;
  const ingesting = await ingestProjectHistory(api, tenantId);
  const twins = config.demo.demoTwins ? await connectDemoTwins(config, api, tenantId) : null;
  const lines = ['', `ContextVault is running at ${api.url}  (API docs: ${api.url}/docs)`];
  if (ingesting) lines.push(`Ingesting this project's git history into "${slug}" (source "project-git", run ${ingesting}).`);
  if (twins) lines.push(...twins.lines);
  if (creds && !existing) {
    lines.push(`Created tenant "${slug}". Its keys are shown once here and kept in ${file} (mode 600):`);
  } else if (creds) {
    lines.push(`Tenant "${slug}" exists; its keys from the first start are in ${file}:`);
  } else {
    lines.push(`Tenant "${slug}" exists; its keys were shown at its creation (create more: ctxvault key create --tenant ${slug} --role agent).`);
  }
  if (creds) {
    lines.push(`  admin key: ${creds.adminKey}`, `  agent key: ${creds.agentKey}`, '', 'Try:');
    lines.push(`  curl -s -H "Authorization: Bearer ${creds.agentKey}" ${api.url}/v1/whoami`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
  return async () => {
    await twins?.close();
  };
}

/**
 * The demo company's Slack, Notion and Sentry, as local twins on loopback, connected to the demo
 * tenant as sources (created on first start, pointed at the twins and synced at every start), with
 * Slack events and Sentry webhooks delivered to this API.
 */
async function connectDemoTwins(config: AppConfig, api: RunningApi, tenantId: string): Promise<{ lines: string[]; close: () => Promise<void> } | null> {
  const { slack, notion, sentry } = demoCompany();
  const twins = { slack: new SlackTwin(slack), notion: new NotionTwin(notion), sentry: new SentryTwin(sentry) };
  const base = config.demo.demoTwinsPort;
  const urls: Record<string, string> = {};
  try {
    urls.slack = await twins.slack.listen(base);
    urls.notion = await twins.notion.listen(base + 1);
    urls.sentry = await twins.sentry.listen(base + 2);
  } catch (e) {
    await Promise.all(Object.values(twins).map((t) => t.close().catch(() => undefined)));
    log.warn('demo twins not started', { error: (e as Error).message, hint: `ports ${base}-${base + 2} must be free; set DEMO_TWINS_PORT or DEMO_TWINS=false` });
    return null;
  }
  const s = api.services;
  const wanted = [
    { name: 'demo-slack', kind: 'slack', config: { apiUrl: urls.slack, requestsPerMinute: { history: 120, replies: 120 } }, credentials: { token: 'xoxb-demo-token', signingSecret: 'demo-slack-signing-secret' } },
    { name: 'demo-notion', kind: 'notion', config: { apiUrl: urls.notion }, credentials: { token: 'secret_demo_token' } },
    { name: 'demo-sentry', kind: 'sentry', config: { apiUrl: urls.sentry, organization: 'acme' }, credentials: { token: 'sntrys_demo_token', clientSecret: 'demo-sentry-client-secret' } },
  ];
  const ids = await s.db.inTenant(tenantId, async () => {
    const existing = await s.sources.list();
    const out: Record<string, string> = {};
    for (const w of wanted) {
      const found = existing.find((x) => x.name === w.name);
      const src = found ? await s.sources.update(found.id, { config: w.config, credentials: w.credentials }) : await s.sources.create(w);
      out[w.kind] = src.id;
      if (src.enabled) await s.sources.requestSync(src.id);
    }
    return out;
  });
  await fetch(`${urls.slack}/_twin/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${api.url}/webhooks/slack/events/${ids.slack}`, signingSecret: 'demo-slack-signing-secret' }) });
  await fetch(`${urls.sentry}/_twin/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${api.url}/webhooks/sentry/${ids.sentry}`, secret: 'demo-sentry-client-secret' }) });
  return {
    lines: [
      `Demo company: Slack ${urls.slack}, Notion ${urls.notion}, Sentry ${urls.sentry} (local twins, see docs/twins.md),`,
      '  connected as sources demo-slack, demo-notion and demo-sentry and synced now.',
      `  Post to Slack live: curl -s -X POST ${urls.slack}/_twin/messages/post -H 'content-type: application/json' -d '{"channel":"C0INCIDENTS","user":"U0BOB","text":"hello"}'`,
    ],
    close: async () => {
      await Promise.all(Object.values(twins).map((t) => t.close()));
    },
  };
}

/** The demo's first content: this project's own git history, as a git source synced at every start. */
async function ingestProjectHistory(api: RunningApi, tenantId: string): Promise<string | null> {
  const root = process.cwd();
  if (!existsSync(join(root, '.git'))) return null;
  const s = api.services;
  try {
    return await s.db.inTenant(tenantId, async () => {
      const sources = await s.sources.list();
      const src = sources.find((x) => x.name === 'project-git') ?? (await s.sources.create({ kind: 'git', name: 'project-git', config: { path: root } }));
      if (!src.enabled) return null;
      return (await s.sources.requestSync(src.id)).id;
    });
  } catch (e) {
    log.warn('could not ingest the project history', { error: (e as Error).message });
    return null;
  }
}
