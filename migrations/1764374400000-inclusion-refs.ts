import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serving reads: an index for the latest checkpoint by size, and ctxvault_inclusion_refs(m, n): the stored subtrees (level, index) whose hashes make up the RFC 6962
 * inclusion proof of leaf m in a tree of n leaves — the same set the service's inclusionPlan asks
 * for — so that a read can fetch a proof's hashes in the statement that finds the leaf and the
 * checkpoint. Level 0 is a leaf (log_leaves), higher levels are log_nodes. Pure arithmetic: no
 * table is read, and nothing is returned when m is outside the tree (or either is null). Trees of
 * up to 2^61 leaves.
 */
export class InclusionRefs1764374400000 implements MigrationInterface {
  name = 'InclusionRefs1764374400000';

  async up(q: QueryRunner): Promise<void> {
    // Bottom-up, one row per level of the tree below its root (l): the node holding leaf m at that
    // level is m >> l. When it is a right child, its left sibling (l, (m >> l) - 1) is a perfect
    // subtree. When it is a left child with something to its right, the sibling covers leaves
    // [((m >> l) + 1) << l, min(((m >> l) + 2) << l, n)): a perfect subtree when full, else (at the
    // tree's right edge) the perfect subtrees of that range, one per set bit b of its length, largest
    // first. When it is the last node of its level, there is no sibling at that level. A plain SQL
    // function (not STRICT), so that the planner can inline it into the statement that calls it.
    await q.query(`
      CREATE FUNCTION ctxvault_inclusion_refs(m bigint, n bigint) RETURNS TABLE (level smallint, idx bigint)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT l::smallint, (m >> l) - 1
        FROM generate_series(0, 61) AS l
        WHERE m >= 0 AND m < n AND ((n - 1) >> l) > 0 AND ((m >> l) & 1) = 1
        UNION ALL
        SELECT b::smallint, (r.s + (r.len & ~((2::bigint << b) - 1))) >> b
        FROM (SELECT l, ((m >> l) + 1) << l AS s, least(((m >> l) + 2) << l, n) - (((m >> l) + 1) << l) AS len
              FROM generate_series(0, 61) AS l
              WHERE m >= 0 AND m < n AND ((n - 1) >> l) > 0 AND ((m >> l) & 1) = 0 AND (m >> l) < ((n - 1) >> l)) r
        CROSS JOIN LATERAL generate_series(0, r.l) AS b
        WHERE ((r.len >> b) & 1) = 1
      $$`);
    await q.query(`GRANT EXECUTE ON FUNCTION ctxvault_inclusion_refs(bigint, bigint) TO ctxvault_app`);
    // The latest checkpoint is read by size (then time) on every served document: an index in that order.
    await q.query(`CREATE INDEX log_checkpoints_size_idx ON log_checkpoints (tenant_id, size DESC, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS log_checkpoints_size_idx`);
    await q.query(`DROP FUNCTION IF EXISTS ctxvault_inclusion_refs(bigint, bigint)`);
  }
}
