/**
 * Keeps a client under a vendor's per-method rate limits: at most `perMinute` calls of a method in
 * any minute, spaced evenly, with a small margin. Callers of a method take turns: each goes out one
 * gap after the previous call actually went out (a timer that fires late never shortens the next
 * gap), so callers waiting at the same time go one gap apart, not together. A 429 holds every call
 * of the method until its Retry-After has passed.
 */
export class Pacer {
  /** When the last call of each method went out. */
  private readonly last = new Map<string, number>();
  /** Per method, the earliest time the next call may go (after a 429). */
  private readonly notBefore = new Map<string, number>();
  /** Per method, the turn of the last caller in line. */
  private readonly line = new Map<string, Promise<void>>();

  constructor(
    private readonly perMinute: Record<string, number>,
    private readonly signal?: AbortSignal,
  ) {}

  wait(method: string): Promise<void> {
    const turn = (this.line.get(method) ?? Promise.resolve()).then(() => this.take(method));
    // The next caller's turn comes after this one's, whether this one went out or was aborted.
    this.line.set(method, turn.catch(() => undefined));
    return turn;
  }

  /** After a 429: nothing more of this method until Retry-After has passed. */
  backOff(method: string, retryAfterSeconds: number): void {
    this.notBefore.set(method, Math.max(this.notBefore.get(method) ?? 0, Date.now() + retryAfterSeconds * 1000 + 50));
  }

  private async take(method: string): Promise<void> {
    const rate = this.perMinute[method];
    const gap = rate ? Math.ceil((60_000 / rate) * 1.05) : 0;
    const at = Math.max((this.last.get(method) ?? -Infinity) + gap, this.notBefore.get(method) ?? 0);
    // A timer may fire a millisecond before the wall clock shows its time has come: sleep out the rest.
    for (let now = Date.now(); at > now; now = Date.now()) await sleep(at - now, this.signal);
    this.last.set(method, Date.now());
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });
}
