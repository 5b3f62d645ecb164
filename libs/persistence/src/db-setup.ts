import { Client } from 'pg';
import { Logger, ValidationError } from '@ctxvault/common';
import { APP_ROLE, OWNER_ROLE } from './roles';

const log = new Logger('db-setup');

export interface DbSetupOptions {
  /** Superuser connection (any database of the cluster). */
  adminUrl: string;
  /** The service URL: its user must be ctxvault_app, its database is the one created. */
  appUrl: string;
  /** The migrations URL: its user must be ctxvault_owner, same database. */
  ownerUrl: string;
  /** Drop the database first (test setups). */
  recreate?: boolean;
}

function describe(url: string): { user: string; password: string | null; database: string } {
  const u = new URL(url);
  return {
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : null,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/**
 * Creates (or brings up to date) the two roles and the database, and installs pgvector. Idempotent.
 * The service role gets LOGIN and nothing else; the owner role owns the schema.
 */
export async function setupDatabase(opts: DbSetupOptions): Promise<void> {
  const app = describe(opts.appUrl);
  const owner = describe(opts.ownerUrl);
  const problems: string[] = [];
  if (app.user !== APP_ROLE) problems.push(`DATABASE_URL must connect as ${APP_ROLE} (got "${app.user}")`);
  if (owner.user !== OWNER_ROLE) problems.push(`DATABASE_OWNER_URL must connect as ${OWNER_ROLE} (got "${owner.user}")`);
  if (!app.database || app.database !== owner.database) {
    problems.push('DATABASE_URL and DATABASE_OWNER_URL must name the same database');
  }
  if (problems.length) throw new ValidationError('database URLs do not fit the role layout', problems);

  const admin = new Client({ connectionString: opts.adminUrl });
  await admin.connect();
  try {
    const su = await admin.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
    if (!su.rows[0]?.rolsuper) throw new ValidationError('DATABASE_ADMIN_URL must connect as a superuser');
    for (const role of [owner, app]) {
      const exists = await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role.user]);
      const attrs = 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION';
      const pw = role.password ? ` PASSWORD ${quoteLiteral(role.password)}` : '';
      if (exists.rowCount === 0) {
        log.info('creating role', { role: role.user });
        await admin.query(`CREATE ROLE ${quoteIdent(role.user)} ${attrs}${pw}`);
      } else {
        await admin.query(`ALTER ROLE ${quoteIdent(role.user)} ${attrs}${pw}`);
      }
    }
    if (opts.recreate) {
      log.info('dropping database', { database: app.database });
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(app.database)} WITH (FORCE)`);
    }
    const db = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [app.database]);
    if (db.rowCount === 0) {
      log.info('creating database', { database: app.database });
      await admin.query(`CREATE DATABASE ${quoteIdent(app.database)} OWNER ${quoteIdent(OWNER_ROLE)}`);
    }
    await admin.query(`REVOKE ALL ON DATABASE ${quoteIdent(app.database)} FROM PUBLIC`);
    await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(app.database)} TO ${quoteIdent(APP_ROLE)}`);
    await admin.query(`GRANT ALL ON DATABASE ${quoteIdent(app.database)} TO ${quoteIdent(OWNER_ROLE)}`);
  } finally {
    await admin.end();
  }

  const adminUrl = new URL(opts.adminUrl);
  adminUrl.pathname = '/' + encodeURIComponent(app.database);
  const inDb = new Client({ connectionString: adminUrl.toString() });
  await inDb.connect();
  try {
    try {
      await inDb.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    } catch (e) {
      throw new ValidationError(
        `pgvector is not installed on the PostgreSQL server (${(e as Error).message}). ` +
          'On Debian run scripts/ensure-services.sh as root; elsewhere install pgvector 0.8 for your PostgreSQL.',
      );
    }
    await inDb.query(`ALTER SCHEMA public OWNER TO ${quoteIdent(OWNER_ROLE)}`);
    await inDb.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  } finally {
    await inDb.end();
  }
}

/** For the embedded database: the service role exists only as a SET ROLE target. */
export async function setupEmbeddedRoles(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const exists = await c.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [APP_ROLE]);
    if (exists.rowCount === 0) await c.query(`CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
    await c.query(`CREATE EXTENSION IF NOT EXISTS vector`);
  } finally {
    await c.end();
  }
}
