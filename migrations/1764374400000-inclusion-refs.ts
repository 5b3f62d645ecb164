import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ctxvault_inclusion_refs(m, n): the stored subtrees (level, index) whose hashes make up the RFC 6962
 * inclusion proof of leaf m in a tree of n leaves — the same set the service's inclusionPlan asks
 * for — so that a read can fetch a proof's hashes in the statement that finds the leaf and the
 * checkpoint. Level 0 is a leaf (log_leaves), higher levels are log_nodes. Pure arithmetic: no
 * table is read, and nothing is returned when m is outside the tree.
 */
export class InclusionRefs1764374400000 implements MigrationInterface {
  name = 'InclusionRefs1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ctxvault_inclusion_refs(m bigint, n bigint) RETURNS TABLE (level smallint, idx bigint)
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        lo bigint := 0;
        hi bigint := n;
        k bigint;
        s bigint;
        e bigint;
        p bigint;
        l smallint;
      BEGIN
        IF m < 0 OR m >= n THEN
          RETURN;
        END IF;
        -- PATH(m, D[lo:hi]): split at the largest power of two below the size; the sibling range is
        -- part of the proof, the walk continues in the half that holds m.
        WHILE hi - lo > 1 LOOP
          k := 1;
          WHILE k * 2 < hi - lo LOOP
            k := k * 2;
          END LOOP;
          IF m < lo + k THEN
            s := lo + k; e := hi; hi := lo + k;
          ELSE
            s := lo; e := lo + k; lo := lo + k;
          END IF;
          -- The sibling range's hash is composed of its perfect subtrees, largest first from the left.
          WHILE s < e LOOP
            p := 1; l := 0;
            WHILE p * 2 <= e - s LOOP
              p := p * 2; l := l + 1;
            END LOOP;
            level := l; idx := s / p;
            RETURN NEXT;
            s := s + p;
          END LOOP;
        END LOOP;
      END $$`);
    await q.query(`GRANT EXECUTE ON FUNCTION ctxvault_inclusion_refs(bigint, bigint) TO ctxvault_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ctxvault_inclusion_refs(bigint, bigint)`);
  }
}
