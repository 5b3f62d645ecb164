import { NotFoundError } from '@ctxvault/common';
import { Database, SourceRepository, SourceRow } from '@ctxvault/persistence';
import { SourceService } from './source.service';

/**
 * Vendor webhooks arrive before any tenant is known: the source id in the URL is looked up in a
 * transaction that can see only that one source row, then the work runs in the source's tenant.
 */
export class WebhookRouter {
  constructor(
    private readonly db: Database,
    private readonly sources: SourceRepository,
    private readonly sourceService: SourceService,
  ) {}

  async inSource<T>(sourceId: string, kind: string, fn: (src: SourceRow, credentials: Record<string, string> | null, tenantId: string) => Promise<T>): Promise<T> {
    const route = await this.db.forSourceRoute(sourceId, () => this.sources.route(sourceId));
    if (!route || route.kind !== kind) throw new NotFoundError(`no ${kind} source at this address`);
    return this.db.inTenant(route.tenantId, async () => {
      const src = await this.sourceService.get(sourceId);
      return fn(src, this.sourceService.credentialsOf(src), route.tenantId);
    });
  }
}
