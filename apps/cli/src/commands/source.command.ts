import { readFileSync } from 'node:fs';
import type { AppConfig } from '@ctxvault/config';
import { sourceView, SourceInput, SyncRunView } from '@ctxvault/ingestion';
import { createRedis, QueueClient } from '@ctxvault/queue';
import { createServices, Services } from '@ctxvault/services';
import { ParsedArgs, rejectUnknownFlags, requireFlag, UsageError } from '../args';
import { openCliDatabase } from '../db-connection';
import { tenantIdOf } from './admin.command';

const USAGE = `usage:
  ctxvault source create --tenant <slug> --kind git --name <name> [--config JSON|@file] [--credentials JSON|@file]
                         [--schedule-seconds N] [--trust-tier trusted|standard|low|untrusted] [--disabled]
  ctxvault source list --tenant <slug>
  ctxvault source get|disable|enable|delete --tenant <slug> <source-id>
  ctxvault source update --tenant <slug> <source-id> [--name N] [--config ...] [--credentials ...] [--schedule-seconds N|none] [--trust-tier T]
  ctxvault source sync --tenant <slug> <source-id> [--wait] [--timeout SECONDS]
  ctxvault source runs --tenant <slug> <source-id> [--limit N]`;

function jsonFlag(args: ParsedArgs, name: string): Record<string, unknown> | undefined {
  const raw = args.flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new UsageError(`--${name} needs a JSON object or @file`);
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = readFileSync(raw.slice(1), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --${name} file ${raw.slice(1)}: ${(e as Error).message}`);
    }
  }
  try {
    const v = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v;
  } catch (e) {
    throw new UsageError(`--${name} must be a JSON object (${(e as Error).message})`);
  }
}

function scheduleFlag(args: ParsedArgs): number | null | undefined {
  const raw = args.flags['schedule-seconds'];
  if (raw === undefined) return undefined;
  if (raw === 'none') return null;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new UsageError('--schedule-seconds must be a whole number, or none');
  return n;
}

async function withSourceServices<T>(config: AppConfig, needQueue: boolean, fn: (s: Services) => Promise<T>): Promise<T> {
  const open = await openCliDatabase(config);
  const conn = needQueue ? createRedis(config.redis.url) : null;
  const queue = conn ? new QueueClient(conn, config.redis.queuePrefix) : undefined;
  try {
    return await fn(createServices(config, open.db, { queue }));
  } finally {
    await queue?.close();
    conn?.disconnect();
    await open.close();
  }
}

function line(r: SyncRunView): string {
  const c = r.counts;
  return `run ${r.id.slice(0, 8)} ${r.status.padEnd(9)} fetched ${c.fetched}  new ${c.new}  changed ${c.changed}  unchanged ${c.unchanged}  deleted ${c.deleted}  failed ${c.failed}`;
}

/** `ctxvault source …`: sources of a tenant, over the database (and Redis to queue syncs). */
export async function sourceCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<{ code: number; output: unknown }> {
  const slug = () => requireFlag(args, 'tenant', 'the slug of the tenant');
  const id = () => {
    const v = args.positionals[0];
    if (!v) throw new UsageError(USAGE);
    return v;
  };
  switch (sub) {
    case 'create': {
      rejectUnknownFlags(args, ['tenant', 'kind', 'name', 'config', 'credentials', 'schedule-seconds', 'trust-tier', 'disabled']);
      const input: SourceInput = {
        kind: requireFlag(args, 'kind', 'git'),
        name: requireFlag(args, 'name', 'a name for the source'),
        config: jsonFlag(args, 'config') ?? {},
        credentials: jsonFlag(args, 'credentials'),
        scheduleSeconds: scheduleFlag(args),
        trustTier: typeof args.flags['trust-tier'] === 'string' ? args.flags['trust-tier'] : undefined,
        enabled: args.flags.disabled === true ? false : undefined,
      };
      const tenant = slug();
      return { code: 0, output: await withSourceServices(config, true, async (s) => s.db.inTenant(await tenantIdOf(s.tenancy, tenant), () => s.sources.create(input))) };
    }
    case 'list': {
      rejectUnknownFlags(args, ['tenant']);
      const tenant = slug();
      return { code: 0, output: await withSourceServices(config, false, async (s) => s.db.inTenant(await tenantIdOf(s.tenancy, tenant), () => s.sources.list())) };
    }
    case 'get':
    case 'disable':
    case 'enable':
    case 'delete':
    case 'update': {
      rejectUnknownFlags(args, sub === 'update' ? ['tenant', 'name', 'config', 'credentials', 'schedule-seconds', 'trust-tier'] : ['tenant']);
      const tenant = slug();
      const sourceId = id();
      const output = await withSourceServices(config, sub !== 'get', async (s) =>
        s.db.inTenant(await tenantIdOf(s.tenancy, tenant), async () => {
          if (sub === 'get') return sourceView(await s.sources.get(sourceId));
          if (sub === 'delete') {
            await s.sources.remove(sourceId);
            return { deleted: true, id: sourceId };
          }
          if (sub === 'update') {
            return s.sources.update(sourceId, {
              name: typeof args.flags.name === 'string' ? args.flags.name : undefined,
              config: jsonFlag(args, 'config'),
              credentials: jsonFlag(args, 'credentials'),
              scheduleSeconds: scheduleFlag(args),
              trustTier: typeof args.flags['trust-tier'] === 'string' ? args.flags['trust-tier'] : undefined,
            });
          }
          return s.sources.update(sourceId, { enabled: sub === 'enable' });
        }),
      );
      return { code: 0, output };
    }
    case 'runs': {
      rejectUnknownFlags(args, ['tenant', 'limit']);
      const tenant = slug();
      const sourceId = id();
      const limit = args.flags.limit === undefined ? 20 : Number(args.flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit must be a whole number from 1 to 200');
      return { code: 0, output: await withSourceServices(config, false, async (s) => s.db.inTenant(await tenantIdOf(s.tenancy, tenant), () => s.sources.listRuns(sourceId, limit))) };
    }
    case 'sync': {
      rejectUnknownFlags(args, ['tenant', 'wait', 'timeout']);
      const tenant = slug();
      const sourceId = id();
      const timeout = args.flags.timeout === undefined ? 3600 : Number(args.flags.timeout);
      if (!Number.isInteger(timeout) || timeout < 1) throw new UsageError('--timeout must be a whole number of seconds');
      return withSourceServices(config, true, async (s) => {
        const tenantId = await tenantIdOf(s.tenancy, tenant);
        let run = await s.db.inTenant(tenantId, () => s.sources.requestSync(sourceId));
        if (args.flags.wait !== true) return { code: 0, output: run };
        const started = Date.now();
        let last = '';
        let hinted = false;
        while (!['succeeded', 'failed', 'skipped'].includes(run.status)) {
          await new Promise((r) => setTimeout(r, 1000));
          run = await s.db.inTenant(tenantId, () => s.sources.run(run.id));
          const l = line(run);
          if (l !== last) process.stderr.write(`${l}\n`);
          last = l;
          const waited = (Date.now() - started) / 1000;
          if (run.status === 'queued' && waited > 15 && !hinted) {
            process.stderr.write('still queued: is a worker running (`npm start` or `ctxvault worker`) against this database and Redis?\n');
            hinted = true;
          }
          if (waited > timeout) {
            process.stderr.write(`gave up waiting after ${timeout} s; the run continues (see: ctxvault source runs)\n`);
            return { code: 1, output: run };
          }
        }
        process.stderr.write(`${line(run)}${run.durationMs !== null ? `  in ${(run.durationMs / 1000).toFixed(1)} s` : ''}\n`);
        return { code: run.status === 'succeeded' ? 0 : 1, output: run };
      });
    }
    default:
      throw new UsageError(USAGE);
  }
}
