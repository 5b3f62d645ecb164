import { AuthenticationError, ValidationError } from '@ctxvault/common';
import { SentryConnector } from '@ctxvault/connectors';
import { Database } from '@ctxvault/persistence';
import type { QueueClient } from '@ctxvault/queue';
import { WebhookRouter } from './webhook-router';

/**
 * Sentry integration webhooks (resource `issue`): the signature (sentry-hook-signature, HMAC of the
 * raw body with the client secret) and timestamp are checked first; an issue created, changed,
 * resolved or deleted is refetched (or tombstoned) at once.
 */
export class SentryEventsService {
  constructor(
    private readonly db: Database,
    private readonly router: WebhookRouter,
    private readonly queue: QueueClient | null,
  ) {}

  async handle(sourceId: string, headers: Record<string, unknown>, rawBody: string | undefined): Promise<unknown> {
    return this.router.inSource(sourceId, 'sentry', async (src, credentials, tenantId) => {
      const secret = credentials?.clientSecret;
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
      this.db.afterCommit(() => this.queue?.enqueue('source.item', { tenantId, sourceId, item: { id: String(issueId) }, action: body.action === 'deleted' ? 'delete' : 'upsert' }));
      return { ok: true };
    });
  }
}
