/**
 * Keeps a client under a vendor's per-method rate limits: at most `perMinute` calls of a method in
 * any minute, spaced evenly, with a small margin. Each caller takes its slot before it waits, so
 * callers waiting at the same time go one slot apart, not together. A 429 pushes the next call past
 * its Retry-After.
 */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly perMinute: Record<string, number>,
    private readonly signal?: AbortSignal,
  ) {}

  async wait(method: string): Promise<void> {
    const rate = this.perMinute[method];
    const now = Date.now();
    const at = Math.max(this.next.get(method) ?? now, now);
    if (rate) this.next.set(method, at + Math.ceil((60_000 / rate) * 1.05));
    if (at > now) await sleep(at - now, this.signal);
  }

  /** After a 429: nothing more of this method until Retry-After has passed. */
  backOff(method: string, retryAfterSeconds: number): void {
    this.next.set(method, Math.max(this.next.get(method) ?? 0, Date.now() + retryAfterSeconds * 1000 + 50));
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });
}
