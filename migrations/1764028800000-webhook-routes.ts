import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vendor webhooks reach /webhooks/<vendor>/…/{source id} before any tenant is known. This policy lets
 * a transaction that names exactly one source id (app.source_route) read that one source row, so
 * the request can be routed to its tenant; everything else stays invisible.
 */
export class WebhookRoutes1764028800000 implements MigrationInterface {
  name = 'WebhookRoutes1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE POLICY source_route ON sources FOR SELECT
      USING (id = nullif(current_setting('app.source_route', true), '')::uuid AND deleted_at IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY IF EXISTS source_route ON sources`);
  }
}
