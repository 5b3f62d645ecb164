import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation: pgvector, the tenant-scope helper, tenants, API keys, the admin audit trail and worker
 * heartbeats. Every tenant-owned table leads its keys with tenant_id and has RLS enabled and forced;
 * with app.tenant_id unset, policies match nothing.
 */
export class Foundation1763769600000 implements MigrationInterface {
  name = 'Foundation1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS vector`);

    await q.query(`
      CREATE FUNCTION ctxvault_current_tenant() RETURNS uuid
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$`);

    await q.query(`
      CREATE TABLE tenants (
        id          uuid PRIMARY KEY,
        slug        text NOT NULL,
        name        text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        CONSTRAINT tenants_name_length CHECK (char_length(name) BETWEEN 1 AND 200)
      )`);
    await q.query(`CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug)`);

    await q.query(`
      CREATE TABLE api_keys (
        tenant_id    uuid NOT NULL REFERENCES tenants (id),
        id           uuid NOT NULL,
        prefix       text NOT NULL,
        secret_hash  bytea NOT NULL,
        name         text NOT NULL,
        role         text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        created_by   text NOT NULL,
        expires_at   timestamptz,
        revoked_at   timestamptz,
        revoked_by   text,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT api_keys_prefix_unique UNIQUE (tenant_id, prefix),
        CONSTRAINT api_keys_role CHECK (role IN ('admin', 'agent', 'security', 'ingest')),
        CONSTRAINT api_keys_hash_length CHECK (octet_length(secret_hash) = 32),
        CONSTRAINT api_keys_name_length CHECK (char_length(name) BETWEEN 1 AND 200)
      )`);
    await q.query(`CREATE INDEX api_keys_prefix_idx ON api_keys (prefix)`);

    await q.query(`
      CREATE TABLE admin_audit (
        tenant_id    uuid NOT NULL REFERENCES tenants (id),
        id           uuid NOT NULL,
        occurred_at  timestamptz NOT NULL DEFAULT now(),
        actor        text NOT NULL,
        action       text NOT NULL,
        target_type  text NOT NULL,
        target_id    text,
        details      jsonb NOT NULL DEFAULT '{}'::jsonb,
        request_id   text,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX admin_audit_time_idx ON admin_audit (tenant_id, occurred_at DESC)`);

    await q.query(`
      CREATE TABLE worker_heartbeats (
        worker_id     text PRIMARY KEY,
        job_id        text NOT NULL,
        enqueued_at   timestamptz NOT NULL,
        processed_at  timestamptz NOT NULL
      )`);

    // Row Level Security: enabled and forced; no tenant set means no rows.
    for (const table of ['tenants', 'api_keys', 'admin_audit']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    }
    await q.query(`
      CREATE POLICY tenant_isolation ON tenants
      USING (id = ctxvault_current_tenant()) WITH CHECK (id = ctxvault_current_tenant())`);
    // Platform transactions (tenant creation and listing) set app.platform = 'on' for themselves only.
    await q.query(`
      CREATE POLICY platform_access ON tenants
      USING (current_setting('app.platform', true) = 'on')
      WITH CHECK (current_setting('app.platform', true) = 'on')`);
    await q.query(`
      CREATE POLICY tenant_isolation ON api_keys
      USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())`);
    // Authentication reads the rows of exactly one key prefix before the tenant is known.
    await q.query(`
      CREATE POLICY key_lookup ON api_keys FOR SELECT
      USING (prefix = nullif(current_setting('app.key_prefix', true), ''))`);
    await q.query(`
      CREATE POLICY tenant_isolation ON admin_audit
      USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())`);

    // The service role: data access only, nothing owned, the audit trail append-only.
    await q.query(`GRANT USAGE ON SCHEMA public TO ctxvault_app`);
    await q.query(`GRANT EXECUTE ON FUNCTION ctxvault_current_tenant() TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT ON tenants TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON api_keys TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT ON admin_audit TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON worker_heartbeats TO ctxvault_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS worker_heartbeats, admin_audit, api_keys, tenants`);
    await q.query(`DROP FUNCTION IF EXISTS ctxvault_current_tenant()`);
  }
}
