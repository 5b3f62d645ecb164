import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search ranks text with the BM25 index (chunk_terms), so the chunks' generated full-text vector and
 * its GIN index only cost every insert: both go.
 */
export class LeanChunks1764201600000 implements MigrationInterface {
  name = 'LeanChunks1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS chunks_tsv_idx`);
    await q.query(`ALTER TABLE chunks DROP COLUMN IF EXISTS tsv`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`);
    await q.query(`CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv)`);
  }
}
