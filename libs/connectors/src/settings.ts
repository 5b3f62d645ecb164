import { ValidationError } from '@ctxvault/common';

/**
 * The checks every connector runs on a source's settings and credentials. Problems are collected,
 * not thrown one at a time, so a single 400 names everything to fix.
 */
export class SettingsCheck {
  readonly problems: string[] = [];
  readonly c: Record<string, unknown>;

  constructor(
    private readonly kind: string,
    config: unknown,
    known: readonly string[],
  ) {
    this.c = (config ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(this.c)) if (!known.includes(k)) this.problems.push(`unknown setting "${k}" (known: ${known.join(', ')})`);
  }

  /** `apiUrl`, when given, must be an http(s) URL. */
  apiUrl(): void {
    const v = this.c.apiUrl;
    if (v !== undefined && (typeof v !== 'string' || !/^https?:\/\//.test(v))) this.problems.push('apiUrl must be an http(s) URL');
  }

  /** Each named setting, when given, must be a number inside its range. */
  numbers(ranges: ReadonlyArray<readonly [string, number, number]>): void {
    for (const [k, lo, hi] of ranges) {
      const v = this.c[k];
      if (v !== undefined && (typeof v !== 'number' || v < lo || v > hi)) this.problems.push(`${k} must be a number from ${lo} to ${hi}`);
    }
  }

  /** Credentials must carry a non-empty `token`; `what` says which token the vendor issues. */
  token(credentials: unknown, what: string): Record<string, unknown> | null {
    const cr = (credentials ?? null) as Record<string, unknown> | null;
    if (!cr || typeof cr.token !== 'string' || !cr.token) this.problems.push(`credentials must include "token" (${what})`);
    return cr;
  }

  /** Throws one ValidationError listing every problem found, if any. */
  done(): void {
    if (this.problems.length) throw new ValidationError(`invalid ${this.kind} source: ${this.problems.join('; ')}`, this.problems);
  }
}
