/** Minimal argument parsing: positionals, --flag value, --flag=value, boolean --flag. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], booleanFlags: string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        flags[a.slice(2, eq)] = a.slice(eq + 1);
      } else {
        const name = a.slice(2);
        if (booleanFlags.includes(name)) flags[name] = true;
        else {
          const v = argv[i + 1];
          if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
          flags[name] = v;
          i++;
        }
      }
    } else {
      positionals.push(a);
    }
  }
  return { positionals, flags };
}

export function requireFlag(args: ParsedArgs, name: string, hint: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || !v) throw new UsageError(`--${name} is required: ${hint}`);
  return v;
}

export function rejectUnknownFlags(args: ParsedArgs, known: string[]): void {
  const unknown = Object.keys(args.flags).filter((f) => !known.includes(f));
  if (unknown.length) throw new UsageError(`unknown option(s): ${unknown.map((f) => '--' + f).join(', ')}`);
}

/** A whole-number flag within [min, max], `def` when absent; anything else is a usage error naming the range. */
export function intFlag(args: ParsedArgs, name: string, def: number, min: number, max: number): number {
  const raw = args.flags[name];
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
