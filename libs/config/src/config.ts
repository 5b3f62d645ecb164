import { allAreas } from './schema';
import { ConfigError, Env, readArea } from './spec';

type AreaValues<S> = { [K in keyof S]: S[K] extends { parse: (raw: string) => infer T } ? T : never };
type Defaulted<S> = {
  [K in keyof S]: S[K] extends { default: string } ? AreaValues<S>[K] : AreaValues<S>[K] | undefined;
};

export type AppConfig = { [A in keyof typeof allAreas]: Defaulted<(typeof allAreas)[A]> } & {
  /** True when no DATABASE_URL is given and the embedded PGlite database is used. */
  embedded: boolean;
};

/**
 * Reads and validates every setting at once. Throws one ConfigError that lists every invalid or
 * missing variable. This is the only place that reads process.env.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [area, specs] of Object.entries(allAreas)) {
    out[area] = readArea(env, specs, problems);
  }
  if (problems.length) throw new ConfigError(problems);
  const cfg = out as AppConfig;
  cfg.embedded = !cfg.database.url;
  return cfg;
}

/** A raw environment lookup for the few process-level switches that are not settings (e.g. CI). */
export function envFlag(name: string, env: Env = process.env): boolean {
  const v = (env[name] ?? '').toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

/** Markdown table of every setting, for the README. */
export function configTableMarkdown(): string {
  const rows = ['| Variable | Default | Secret | Description |', '|---|---|---|---|'];
  for (const specs of Object.values(allAreas)) {
    for (const spec of Object.values(specs) as Array<{ name: string; default?: string; secret?: boolean; description: string }>) {
      const def = spec.default === undefined ? '—' : spec.default === '' ? '(empty)' : '`' + spec.default + '`';
      rows.push(`| \`${spec.name}\` | ${def} | ${spec.secret ? 'yes' : ''} | ${spec.description.replace(/\|/g, '\\|')} |`);
    }
  }
  return rows.join('\n');
}

/** Every variable name the service reads, in schema order. */
export function allVariableNames(): string[] {
  return Object.values(allAreas).flatMap((specs) => Object.values(specs).map((s) => (s as { name: string }).name));
}

/** The .env.example file: every setting with its description and default. */
export function envExample(): string {
  const out = [
    '# ContextVault settings. The service reads them from the process environment (export them, or use',
    '# this file as an env_file with docker compose). Commented-out variables have no default.',
    '# `ctxvault config check` validates them all at once and lists every problem.',
    '',
  ];
  for (const [area, specs] of Object.entries(allAreas)) {
    out.push(`# --- ${area} ---`);
    for (const spec of Object.values(specs) as Array<{ name: string; default?: string; description: string }>) {
      out.push(`# ${spec.description}`);
      out.push(`${spec.default === undefined ? '# ' : ''}${spec.name}=${spec.default ?? ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
