/** One environment variable: how to read it, whether it is needed, and how it is documented. */
export interface VarSpec<T> {
  name: string;
  description: string;
  /** Raw default applied when the variable is unset or empty. */
  default?: string;
  /** Required when unset and no default; a function makes it conditional on other variables. */
  required?: boolean | ((env: Env) => boolean);
  /** Secrets are never printed, logged or echoed back in errors. */
  secret?: boolean;
  parse: (raw: string) => T;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee the Configuration table in README.md and .env.example.',
    );
    this.name = 'ConfigError';
  }
}

export class ParseError extends Error {}

export const parsers = {
  string: (opts: { pattern?: RegExp; hint?: string; maxLength?: number } = {}) => (raw: string) => {
    if (opts.maxLength !== undefined && raw.length > opts.maxLength) {
      throw new ParseError(`must be at most ${opts.maxLength} characters`);
    }
    if (opts.pattern && !opts.pattern.test(raw)) throw new ParseError(opts.hint ?? `must match ${opts.pattern}`);
    return raw;
  },
  int: (min: number, max: number) => (raw: string) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new ParseError(`must be a whole number between ${min} and ${max}`);
    const n = Number(raw);
    if (n < min || n > max) throw new ParseError(`must be between ${min} and ${max}`);
    return n;
  },
  number: (min: number, max: number) => (raw: string) => {
    const n = Number(raw.trim());
    if (!raw.trim() || !Number.isFinite(n)) throw new ParseError(`must be a number between ${min} and ${max}`);
    if (n < min || n > max) throw new ParseError(`must be between ${min} and ${max}`);
    return n;
  },
  bool: () => (raw: string) => {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    throw new ParseError('must be true or false');
  },
  oneOf: <T extends string>(values: readonly T[]) => (raw: string) => {
    if (!values.includes(raw as T)) throw new ParseError(`must be one of: ${values.join(', ')}`);
    return raw as T;
  },
  url: (protocols: string[]) => (raw: string) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new ParseError(`must be a URL (${protocols.map((p) => p + '//…').join(' or ')})`);
    }
    if (!protocols.includes(u.protocol)) {
      throw new ParseError(`must use ${protocols.join(' or ')} (got ${u.protocol})`);
    }
    return raw;
  },
};

/** Reads every spec of an area; collects problems instead of stopping at the first. */
export function readArea<S extends Record<string, VarSpec<unknown>>>(
  env: Env,
  specs: S,
  problems: string[],
): { [K in keyof S]: S[K] extends VarSpec<infer T> ? T | undefined : never } {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const given = env[spec.name];
    const raw = given === undefined || given === '' ? spec.default : given;
    if (raw === undefined) {
      const required = typeof spec.required === 'function' ? spec.required(env) : spec.required;
      if (required) problems.push(`${spec.name} is required: ${spec.description}`);
      out[key] = undefined;
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (e) {
      const why = e instanceof ParseError ? e.message : String(e);
      const shown = spec.secret ? '(secret value hidden)' : JSON.stringify(raw);
      problems.push(`${spec.name} ${why}; got ${shown}`);
    }
  }
  return out as never;
}
