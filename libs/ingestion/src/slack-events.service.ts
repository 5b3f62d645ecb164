import { AuthenticationError, ValidationError } from '@ctxvault/common';
import { SlackConnector } from '@ctxvault/connectors';
import { Database } from '@ctxvault/persistence';
import type { QueueClient } from '@ctxvault/queue';
import { WebhookRouter } from './webhook-router';

type Event = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a Slack message event asks of the store: refetch a thread (or lone message), or tombstone it. */
export function slackEventAction(event: Event): { channel: string; ts: string; action: 'upsert' | 'delete' } | null {
  if (event?.type !== 'message' || typeof event.channel !== 'string') return null;
  switch (event.subtype) {
    case 'message_changed': {
      const m = event.message ?? {};
      return m.ts ? { channel: event.channel, ts: m.thread_ts ?? m.ts, action: 'upsert' } : null;
    }
    case 'message_deleted': {
      const prev = event.previous_message ?? {};
      const deleted = event.deleted_ts ?? prev.ts;
      if (!deleted) return null;
      // A deleted reply changes its thread; a deleted parent or lone message goes away.
      if (prev.thread_ts && prev.thread_ts !== deleted) return { channel: event.channel, ts: prev.thread_ts, action: 'upsert' };
      return { channel: event.channel, ts: deleted, action: 'delete' };
    }
    case undefined:
    case 'thread_broadcast':
    case 'bot_message':
    case 'file_share':
    case 'me_message':
      return event.ts ? { channel: event.channel, ts: event.thread_ts ?? event.ts, action: 'upsert' } : null;
    default:
      return null;
  }
}

/**
 * The Slack Events API endpoint: routes the request to its source (and tenant), checks the signing
 * secret and the 5-minute replay window before anything else, answers url_verification, and turns
 * message, message_changed and message_deleted events into ingestion jobs at once.
 */
export class SlackEventsService {
  constructor(
    private readonly db: Database,
    private readonly router: WebhookRouter,
    private readonly queue: QueueClient | null,
  ) {}

  async handle(sourceId: string, headers: Record<string, unknown>, rawBody: string | undefined): Promise<unknown> {
    return this.router.inSource(sourceId, 'slack', async (src, credentials, tenantId) => {
      const secret = credentials?.signingSecret;
      if (!secret) throw new AuthenticationError('this source has no signing secret: add credentials.signingSecret to accept Slack events');
      const ok = SlackConnector.verifySignature(secret, header(headers['x-slack-request-timestamp']), header(headers['x-slack-signature']), rawBody ?? '');
      if (!ok) throw new AuthenticationError('invalid Slack signature, or a request older than the 5-minute replay window');
      let body: Event;
      try {
        body = JSON.parse(rawBody ?? '');
      } catch {
        throw new ValidationError('the event body is not JSON');
      }
      if (body.type === 'url_verification') return { challenge: body.challenge };
      if (body.type !== 'event_callback') return { ok: true, ignored: body.type };
      const act = slackEventAction(body.event);
      if (!act || !src.enabled) return { ok: true, ignored: body.event?.subtype ?? body.event?.type };
      this.db.afterCommit(() => this.queue?.enqueue('source.item', { tenantId, sourceId, item: { channel: act.channel, ts: act.ts }, action: act.action }));
      return { ok: true };
    });
  }
}

function header(v: unknown): string | undefined {
  return Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
}
