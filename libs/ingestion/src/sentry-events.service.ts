import { AuthenticationError, NotFoundError, ValidationError } from '@ctxvault/common';
import { SentryConnector } from '@ctxvault/connectors';
import { Database, SourceRepository } from '@ctxvault/persistence';
import type { QueueClient } from '@ctxvault/queue';
import { SourceService } from './source.service';

/**
 * Sentry integration webhooks (resource `issue`): the signature (sentry-hook-signature, HMAC of the
 * raw body with the client secret) and timestamp are checked first; an issue created, changed,
 * resolved or deleted is refetched (or tombstoned) at once.
 */
export class SentryEventsService {
  constructor(
    private readonly db: Database,
    private readonly sources: SourceRepository,
    private readonly sourceService: SourceService,
    private readonly queue: QueueClient | null,
  ) {}

  async handle(sourceId: string, headers: Record<string, unknown>, rawBody: string | undefined): Promise<unknown> {
    const route = await this.db.forSourceRoute(sourceId, () => this.sources.route(sourceId));
    if (!route || route.kind !== 'sentry') throw new NotFoundError('no Sentry source at this address');
    return this.db.inTenant(route.tenantId, async () => {
      const src = await this.sourceService.get(sourceId);
      const secret = this.sourceService.credentialsOf(src)?.clientSecret;
      if (!secret) throw new AuthenticationError('this source has no client secret: add credentials.clientSecret to accept Sentry webhooks');
      const h = (k: string) => (headers[k] === undefined ? undefined : String(headers[k]));
      if (!SentryConnector.verifySignature(secret, h('sentry-hook-signature'), h('sentry-hook-timestamp'), rawBody ?? '')) {
        throw new AuthenticationError('invalid sentry-hook-signature, or a request older than the 5-minute replay window');
      }
      let body: { action?: string; data?: { issue?: { id?: string } } };
      try {
        body = JSON.parse(rawBody ?? '');
      } catch {
        throw new ValidationError('the webhook body is not JSON');
      }
      const issueId = body.data?.issue?.id;
      if (h('sentry-hook-resource') !== 'issue' || !issueId || !src.enabled) return { ok: true, ignored: h('sentry-hook-resource') ?? 'unknown' };
      const tenantId = route.tenantId;
      this.db.afterCommit(() => this.queue?.enqueue('source.item', { tenantId, sourceId, item: { id: String(issueId) }, action: body.action === 'deleted' ? 'delete' : 'upsert' }));
      return { ok: true };
    });
  }
}
