import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_POLICY = (t: string) => `
  CREATE POLICY tenant_isolation ON ${t}
  USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())`;

/**
 * Provenance: per-tenant signing keys, documents and their versions, signed statements, and the
 * append-only transparency log (leaves, stored perfect-subtree nodes, signed checkpoints), plus
 * checkpoint webhooks. The service role may only INSERT and SELECT log tables.
 */
export class Provenance1763856000000 implements MigrationInterface {
  name = 'Provenance1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signing_keys (
        tenant_id        uuid NOT NULL REFERENCES tenants (id),
        key_id           text NOT NULL,
        algorithm        text NOT NULL DEFAULT 'ed25519',
        public_key       bytea NOT NULL,
        private_key_enc  bytea NOT NULL,
        record           bytea NOT NULL,
        leaf_index       bigint NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        retired_at       timestamptz,
        PRIMARY KEY (tenant_id, key_id),
        CONSTRAINT signing_keys_algorithm CHECK (algorithm = 'ed25519'),
        CONSTRAINT signing_keys_public_key_length CHECK (octet_length(public_key) = 32)
      )`);
    await q.query(`CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (tenant_id) WHERE retired_at IS NULL`);

    await q.query(`
      CREATE TABLE documents (
        tenant_id           uuid NOT NULL REFERENCES tenants (id),
        id                  uuid NOT NULL,
        source_kind         text NOT NULL,
        source_ref          text NOT NULL,
        external_id         text NOT NULL,
        url                 text,
        title               text,
        current_version_id  uuid,
        current_version     integer NOT NULL DEFAULT 0,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        tombstoned_at       timestamptz,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT documents_external_unique UNIQUE (tenant_id, source_ref, external_id),
        CONSTRAINT documents_source_kind CHECK (source_kind IN ('git', 'slack', 'notion', 'sentry', 'push'))
      )`);

    await q.query(`
      CREATE TABLE document_versions (
        tenant_id          uuid NOT NULL,
        id                 uuid NOT NULL,
        document_id        uuid NOT NULL,
        version            integer NOT NULL,
        content            text,
        content_sha256     bytea NOT NULL,
        parent_version_id  uuid,
        statement_id       uuid NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        purged_at          timestamptz,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT document_versions_number UNIQUE (tenant_id, document_id, version),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id)
      )`);

    await q.query(`
      CREATE TABLE statements (
        tenant_id        uuid NOT NULL REFERENCES tenants (id),
        id               uuid NOT NULL,
        kind             text NOT NULL,
        document_id      uuid NOT NULL,
        version_id       uuid,
        envelope         bytea NOT NULL,
        envelope_sha256  bytea NOT NULL,
        key_id           text NOT NULL,
        leaf_index       bigint NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT statements_leaf UNIQUE (tenant_id, leaf_index),
        CONSTRAINT statements_kind CHECK (kind IN ('statement', 'tombstone')),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX statements_document_idx ON statements (tenant_id, document_id, created_at)`);

    await q.query(`
      CREATE TABLE log_leaves (
        tenant_id   uuid NOT NULL REFERENCES tenants (id),
        leaf_index  bigint NOT NULL,
        kind        text NOT NULL,
        leaf_input  bytea NOT NULL,
        leaf_hash   bytea NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, leaf_index),
        CONSTRAINT log_leaves_kind CHECK (kind IN ('statement', 'tombstone', 'key', 'audit')),
        CONSTRAINT log_leaves_index CHECK (leaf_index >= 0)
      )`);
    // Appends are contiguous: each new leaf takes exactly the next index of its tenant's log.
    await q.query(`
      CREATE FUNCTION log_leaves_contiguous() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE expected bigint;
      BEGIN
        SELECT coalesce(max(leaf_index) + 1, 0) INTO expected FROM log_leaves WHERE tenant_id = NEW.tenant_id;
        IF NEW.leaf_index <> expected THEN
          RAISE EXCEPTION 'log leaf % of tenant % would not be contiguous (next index is %)', NEW.leaf_index, NEW.tenant_id, expected
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER log_leaves_contiguous BEFORE INSERT ON log_leaves FOR EACH ROW EXECUTE FUNCTION log_leaves_contiguous()`);

    await q.query(`
      CREATE TABLE log_nodes (
        tenant_id   uuid NOT NULL REFERENCES tenants (id),
        level       smallint NOT NULL,
        node_index  bigint NOT NULL,
        hash        bytea NOT NULL,
        PRIMARY KEY (tenant_id, level, node_index),
        CONSTRAINT log_nodes_level CHECK (level BETWEEN 1 AND 62)
      )`);

    await q.query(`
      CREATE TABLE log_checkpoints (
        tenant_id   uuid NOT NULL REFERENCES tenants (id),
        id          uuid NOT NULL,
        size        bigint NOT NULL,
        root_hash   bytea NOT NULL,
        note        text NOT NULL,
        key_id      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX log_checkpoints_latest_idx ON log_checkpoints (tenant_id, created_at DESC, size DESC)`);

    await q.query(`
      CREATE TABLE checkpoint_webhooks (
        tenant_id           uuid NOT NULL REFERENCES tenants (id),
        id                  uuid NOT NULL,
        url                 text NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        created_by          text NOT NULL,
        disabled_at         timestamptz,
        delivered_size      bigint NOT NULL DEFAULT -1,
        delivered_at        timestamptz,
        last_status         text,
        consecutive_failures integer NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id)
      )`);

    for (const t of ['signing_keys', 'documents', 'document_versions', 'statements', 'log_leaves', 'log_nodes', 'log_checkpoints', 'checkpoint_webhooks']) {
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(TENANT_POLICY(t));
    }

    await q.query(`GRANT SELECT, INSERT ON signing_keys TO ctxvault_app`);
    await q.query(`GRANT UPDATE (retired_at) ON signing_keys TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT ON documents TO ctxvault_app`);
    await q.query(`GRANT UPDATE (url, title, current_version_id, current_version, updated_at, tombstoned_at) ON documents TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT ON document_versions TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT ON statements, log_leaves, log_nodes, log_checkpoints TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON checkpoint_webhooks TO ctxvault_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS checkpoint_webhooks, log_checkpoints, log_nodes, log_leaves, statements, document_versions, documents, signing_keys`);
    await q.query(`DROP FUNCTION IF EXISTS log_leaves_contiguous()`);
  }
}
