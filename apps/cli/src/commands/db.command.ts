import type { AppConfig } from '@ctxvault/config';
import { runMigrations, setupDatabase } from '@ctxvault/persistence';
import { migrations } from '../../../../migrations';
import { ParsedArgs, rejectUnknownFlags, UsageError } from '../args';

export async function dbSetupCommand(config: AppConfig, args: ParsedArgs): Promise<unknown> {
  rejectUnknownFlags(args, ['recreate']);
  const { adminUrl, url, ownerUrl } = config.database;
  const missing = [
    !adminUrl && 'DATABASE_ADMIN_URL (a superuser URL)',
    !url && 'DATABASE_URL (as ctxvault_app)',
    !ownerUrl && 'DATABASE_OWNER_URL (as ctxvault_owner)',
  ].filter(Boolean);
  if (missing.length) throw new UsageError(`db setup needs ${missing.join(', ')}`);
  await setupDatabase({ adminUrl: adminUrl!, appUrl: url!, ownerUrl: ownerUrl!, recreate: args.flags.recreate === true });
  return { ok: true, database: new URL(url!).pathname.slice(1) };
}

export async function migrateCommand(config: AppConfig, args: ParsedArgs): Promise<unknown> {
  rejectUnknownFlags(args, []);
  if (!config.database.url) {
    throw new UsageError('migrate applies to DATABASE_URL deployments (the embedded database migrates itself at start)');
  }
  if (!config.database.ownerUrl) throw new UsageError('migrate needs DATABASE_OWNER_URL (the ctxvault_owner role)');
  const applied = await runMigrations(config.database.ownerUrl, migrations);
  return { applied };
}
