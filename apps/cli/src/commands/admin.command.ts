import { NotFoundError } from '@ctxvault/common';
import type { AppConfig } from '@ctxvault/config';
import { API_KEY_ROLES } from '@ctxvault/persistence';
import { createServices, Services } from '@ctxvault/services';
import type { Tenancy } from '@ctxvault/tenancy';
import { ParsedArgs, rejectUnknownFlags, requireFlag, UsageError } from '../args';
import { openCliDatabase } from '../db-connection';

/** Runs fn with the domain services over the CLI's database connection. */
export async function withServices<T>(config: AppConfig, fn: (s: Services) => Promise<T>): Promise<T> {
  const open = await openCliDatabase(config);
  try {
    return await fn(createServices(config, open.db));
  } finally {
    await open.close();
  }
}

function withTenancy<T>(config: AppConfig, fn: (t: Tenancy) => Promise<T>): Promise<T> {
  return withServices(config, (s) => fn(s.tenancy));
}

export async function tenantIdOf(t: Tenancy, slug: string): Promise<string> {
  const tenant = await t.tenants.findBySlug(slug);
  if (!tenant) throw new NotFoundError(`no tenant with slug "${slug}" (see: ctxvault tenant list)`);
  return tenant.id;
}

function parseExpiry(args: ParsedArgs): Date | null {
  const raw = args.flags['expires-at'];
  if (raw === undefined) return null;
  const d = new Date(String(raw));
  if (typeof raw !== 'string' || Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    throw new UsageError('--expires-at must be an ISO 8601 date-time, e.g. 2027-01-01T00:00:00Z');
  }
  return d;
}

export async function tenantCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<unknown> {
  switch (sub) {
    case 'create': {
      rejectUnknownFlags(args, ['name']);
      const slug = args.positionals[0];
      if (!slug) throw new UsageError('usage: ctxvault tenant create <slug> [--name "Display name"]');
      const name = typeof args.flags.name === 'string' ? args.flags.name : undefined;
      return withTenancy(config, async (t) => {
        const { tenant, adminKey } = await t.tenants.create(slug, name, 'cli');
        return { tenant, adminKey };
      });
    }
    case 'list':
      rejectUnknownFlags(args, []);
      return withTenancy(config, (t) => t.tenants.list(10_000));
    default:
      throw new UsageError('usage: ctxvault tenant create <slug> [--name N] | ctxvault tenant list');
  }
}

export async function keyCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<unknown> {
  switch (sub) {
    case 'create': {
      rejectUnknownFlags(args, ['tenant', 'role', 'name', 'expires-at']);
      const slug = requireFlag(args, 'tenant', 'the slug of the tenant the key is for');
      const role = requireFlag(args, 'role', `one of ${API_KEY_ROLES.join(', ')}`);
      const name = typeof args.flags.name === 'string' ? args.flags.name : undefined;
      const expiresAt = parseExpiry(args);
      return withTenancy(config, async (t) => {
        const tenantId = await tenantIdOf(t, slug);
        const { key, apiKey } = await t.db.inTenant(tenantId, () => t.keys.create({ role, name, expiresAt }, 'cli'));
        return { key, apiKey };
      });
    }
    case 'list': {
      rejectUnknownFlags(args, ['tenant', 'all']);
      const slug = requireFlag(args, 'tenant', 'the slug of the tenant');
      return withTenancy(config, async (t) => {
        const tenantId = await tenantIdOf(t, slug);
        return t.db.inTenant(tenantId, () => t.keys.list({ includeRevoked: args.flags.all === true, limit: 10_000, offset: 0 }));
      });
    }
    case 'revoke': {
      rejectUnknownFlags(args, ['tenant']);
      const slug = requireFlag(args, 'tenant', 'the slug of the tenant');
      const id = args.positionals[0];
      if (!id) throw new UsageError('usage: ctxvault key revoke --tenant <slug> <key-id>');
      return withTenancy(config, async (t) => {
        const tenantId = await tenantIdOf(t, slug);
        return t.db.inTenant(tenantId, () => t.keys.revoke(id, 'cli'));
      });
    }
    default:
      throw new UsageError(
        'usage: ctxvault key create --tenant <slug> --role <role> [--name N] [--expires-at ISO] | key list --tenant <slug> [--all] | key revoke --tenant <slug> <key-id>',
      );
  }
}
