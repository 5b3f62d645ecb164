import { ConflictError } from '@ctxvault/common';
import { Database } from '../database';
import { TenantEntity } from '../entities/tenant.entity';

export class TenantRepository {
  constructor(private readonly db: Database) {}

  /** Inside Database.inNewTenant. */
  async create(id: string, slug: string, name: string): Promise<TenantEntity> {
    const m = this.db.manager('platform');
    try {
      const rows: TenantEntity[] = await m.query(
        `INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)
         RETURNING id, slug, name, created_at AS "createdAt"`,
        [id, slug, name],
      );
      return rows[0];
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ConflictError(`a tenant with slug "${slug}" already exists`);
      throw e;
    }
  }

  /** Inside a platform transaction. */
  async list(limit: number, afterSlug?: string): Promise<TenantEntity[]> {
    return this.db.manager('platform').query(
      `SELECT id, slug, name, created_at AS "createdAt" FROM tenants
       WHERE ($1::text IS NULL OR slug > $1) ORDER BY slug LIMIT $2`,
      [afterSlug ?? null, limit],
    );
  }

  /** Inside a platform transaction. */
  async findBySlug(slug: string): Promise<TenantEntity | null> {
    const rows: TenantEntity[] = await this.db
      .manager('platform')
      .query(`SELECT id, slug, name, created_at AS "createdAt" FROM tenants WHERE slug = $1`, [slug]);
    return rows[0] ?? null;
  }

  /** The current tenant, inside its tenant transaction. */
  async current(): Promise<TenantEntity | null> {
    const rows: TenantEntity[] = await this.db
      .manager('tenant')
      .query(`SELECT id, slug, name, created_at AS "createdAt" FROM tenants WHERE id = $1`, [this.db.tenantId()]);
    return rows[0] ?? null;
  }
}
