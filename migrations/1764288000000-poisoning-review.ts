import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_POLICY = (t: string) => `
  CREATE POLICY tenant_isolation ON ${t}
  USING (tenant_id = ctxvault_current_tenant()) WITH CHECK (tenant_id = ctxvault_current_tenant())`;

/**
 * Poisoning review and policy:
 * - flags carry their review (who, when, note) and whether a later detector run superseded them;
 * - flag_reviews: every decision, with the signed envelope appended to the tenant log as an audit leaf;
 * - poisoning_policies: the tenant's withholding threshold;
 * - trust_rules: admin-set trust tiers for a source, a container (channel, space, project: a prefix of
 *   the document's external id) or an author;
 * - rescans: background re-scans of stored content with the current detectors, with progress.
 */
export class PoisoningReview1764288000000 implements MigrationInterface {
  name = 'PoisoningReview1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE flags
      ADD COLUMN reviewed_at timestamptz,
      ADD COLUMN reviewed_by_key uuid,
      ADD COLUMN reviewed_by_name text,
      ADD COLUMN review_note text,
      ADD COLUMN superseded_at timestamptz`);
    await q.query(`CREATE INDEX flags_queue_idx ON flags (tenant_id, status, created_at DESC, id)`);
    await q.query(`GRANT UPDATE (status, reviewed_at, reviewed_by_key, reviewed_by_name, review_note, superseded_at) ON flags TO ctxvault_app`);

    await q.query(`
      CREATE TABLE flag_reviews (
        tenant_id   uuid NOT NULL,
        id          uuid NOT NULL,
        flag_id     uuid NOT NULL,
        decision    text NOT NULL,
        note        text NOT NULL,
        key_id      uuid NOT NULL,
        key_name    text NOT NULL,
        at          timestamptz NOT NULL,
        leaf_index  bigint NOT NULL,
        envelope    bytea NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, flag_id) REFERENCES flags (tenant_id, id),
        CONSTRAINT flag_reviews_decision CHECK (decision IN ('cleared', 'confirmed'))
      )`);
    await q.query(`CREATE INDEX flag_reviews_flag_idx ON flag_reviews (tenant_id, flag_id, at)`);
    await q.query(`CREATE INDEX flag_reviews_at_idx ON flag_reviews (tenant_id, at DESC)`);

    await q.query(`
      CREATE TABLE poisoning_policies (
        tenant_id    uuid PRIMARY KEY,
        withhold_at  text NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        updated_by   text NOT NULL,
        CONSTRAINT poisoning_policies_withhold CHECK (withhold_at IN ('low', 'medium', 'high', 'critical', 'never'))
      )`);

    await q.query(`
      CREATE TABLE trust_rules (
        tenant_id   uuid NOT NULL,
        id          uuid NOT NULL,
        scope       text NOT NULL,
        source_id   uuid,
        value       text NOT NULL,
        tier        text NOT NULL,
        note        text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  text NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT trust_rules_scope CHECK (scope IN ('source', 'container', 'author')),
        CONSTRAINT trust_rules_tier CHECK (tier IN ('trusted', 'standard', 'low', 'untrusted'))
      )`);
    await q.query(`CREATE UNIQUE INDEX trust_rules_target_idx ON trust_rules (tenant_id, scope, coalesce(source_id, '00000000-0000-0000-0000-000000000000'::uuid), value)`);

    await q.query(`
      CREATE TABLE rescans (
        tenant_id         uuid NOT NULL,
        id                uuid NOT NULL,
        status            text NOT NULL DEFAULT 'queued',
        detectors         text NOT NULL,
        requested_by      text NOT NULL,
        total             integer,
        done              integer NOT NULL DEFAULT 0,
        flags_added       integer NOT NULL DEFAULT 0,
        flags_superseded  integer NOT NULL DEFAULT 0,
        error             text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        started_at        timestamptz,
        finished_at       timestamptz,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT rescans_status CHECK (status IN ('queued', 'running', 'done', 'failed'))
      )`);

    for (const t of ['flag_reviews', 'poisoning_policies', 'trust_rules', 'rescans']) {
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(TENANT_POLICY(t));
    }
    await q.query(`GRANT SELECT, INSERT ON flag_reviews TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON poisoning_policies, rescans TO ctxvault_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON trust_rules TO ctxvault_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rescans, trust_rules, poisoning_policies, flag_reviews`);
    await q.query(`DROP INDEX IF EXISTS flags_queue_idx`);
    await q.query(`ALTER TABLE flags DROP COLUMN IF EXISTS reviewed_at, DROP COLUMN IF EXISTS reviewed_by_key, DROP COLUMN IF EXISTS reviewed_by_name,
      DROP COLUMN IF EXISTS review_note, DROP COLUMN IF EXISTS superseded_at`);
  }
}
