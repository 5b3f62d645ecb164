import { assertOutboundUrl, ConflictError, isUuid, Logger, newId, NotFoundError, ValidationError } from '@ctxvault/common';
import { Database, LogRepository, WebhookRepository, WebhookRow } from '@ctxvault/persistence';

const log = new Logger('checkpoint-webhooks');

export interface WebhookView {
  id: string;
  url: string;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  deliveredSize: number;
  deliveredAt: string | null;
  lastStatus: string | null;
  consecutiveFailures: number;
}

function view(w: WebhookRow): WebhookView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: w.id,
    url: w.url,
    createdAt: new Date(w.createdAt).toISOString(),
    createdBy: w.createdBy,
    disabledAt: iso(w.disabledAt),
    deliveredSize: w.deliveredSize,
    deliveredAt: iso(w.deliveredAt),
    lastStatus: w.lastStatus,
    consecutiveFailures: w.consecutiveFailures,
  };
}

export interface WebhookOptions {
  maxPerTenant: number;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * Webhooks that receive every new signed checkpoint of a tenant (POST, text/plain, the note as
 * body), in order, each exactly after the previous one was accepted with a 2xx.
 */
export class CheckpointWebhooks {
  constructor(
    private readonly db: Database,
    private readonly hooks: WebhookRepository,
    private readonly log: LogRepository,
    private readonly opts: WebhookOptions,
  ) {}

  /** Inside a tenant transaction. New hooks receive checkpoints from the next one on. */
  async register(url: string, createdBy: string): Promise<WebhookView> {
    const parsed = await assertOutboundUrl(url, this.opts.allowPrivate);
    if ((await this.hooks.countActive()) >= this.opts.maxPerTenant) {
      throw new ConflictError(`this tenant already has ${this.opts.maxPerTenant} checkpoint webhooks (CHECKPOINT_WEBHOOKS_PER_TENANT)`);
    }
    const latest = await this.log.latestCheckpoint();
    return view(await this.hooks.insert(newId(), parsed.toString(), createdBy, latest ? latest.size : -1));
  }

  async list(includeDisabled: boolean): Promise<WebhookView[]> {
    return (await this.hooks.list(includeDisabled)).map(view);
  }

  async disable(id: string): Promise<WebhookView> {
    if (!isUuid(id)) throw new ValidationError('webhook id must be a UUID');
    const found = await this.hooks.findById(id);
    if (!found) throw new NotFoundError('no webhook with this id in this tenant');
    await this.hooks.disable(id);
    return view((await this.hooks.findById(id))!);
  }

  /**
   * Delivers what each active webhook of the tenant has not received. Network calls happen outside
   * any transaction. Throws when a delivery failed, so the job is retried with backoff.
   */
  async publish(tenantId: string): Promise<{ delivered: number; failed: number }> {
    const work = await this.db.inTenant(tenantId, async () => {
      const hooks = await this.hooks.list(false);
      const out: Array<{ hook: WebhookRow; checkpoints: Array<{ size: number; note: string }> }> = [];
      for (const hook of hooks) {
        const cps = await this.log.checkpoints(hook.deliveredSize, 1000);
        // Several checkpoints of one size (on-demand ones): deliver the newest of each size once.
        const bySize = new Map<number, string>();
        for (const c of cps) bySize.set(c.size, c.note);
        if (bySize.size) out.push({ hook, checkpoints: [...bySize].map(([size, note]) => ({ size, note })) });
      }
      return out;
    });
    let delivered = 0;
    let failed = 0;
    for (const { hook, checkpoints } of work) {
      for (const cp of checkpoints) {
        const status = await this.deliver(hook.url, tenantId, cp.size, cp.note);
        if (status.ok) {
          delivered++;
          await this.db.inTenant(tenantId, () => this.hooks.recordDelivery(hook.id, cp.size, status.text));
        } else {
          failed++;
          log.warn('checkpoint delivery failed', { webhookId: hook.id, size: cp.size, status: status.text });
          await this.db.inTenant(tenantId, () => this.hooks.recordFailure(hook.id, status.text));
          break;
        }
      }
    }
    if (failed) throw new Error(`${failed} checkpoint webhook deliveries failed; retrying`);
    return { delivered, failed };
  }

  private async deliver(url: string, tenantId: string, size: number, note: string): Promise<{ ok: boolean; text: string }> {
    try {
      await assertOutboundUrl(url, this.opts.allowPrivate);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-ctxvault-tenant': tenantId, 'x-ctxvault-checkpoint-size': String(size) },
        body: note,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { ok: res.status >= 200 && res.status < 300, text: `HTTP ${res.status}` };
    } catch (e) {
      return { ok: false, text: (e as Error).message.slice(0, 200) };
    }
  }
}
