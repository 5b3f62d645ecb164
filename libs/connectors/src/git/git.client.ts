import { execFile } from 'node:child_process';
import { ConnectorError } from '../connector';

export interface GitRunOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs: number;
  input?: string;
  /** Extra `-c key=value` settings, never logged (they may carry credentials). */
  settings?: string[];
}

/** Runs git without a terminal prompt; failures become ConnectorErrors that say what happened. */
export function git(args: string[], opts: GitRunOptions): Promise<{ stdout: string; stderr: string; code: number }> {
  const settings = (opts.settings ?? []).flatMap((s) => ['-c', s]);
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      [...settings, ...args],
      {
        cwd: opts.cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...opts.env },
        maxBuffer: 512 * 1024 * 1024,
        timeout: opts.timeoutMs,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

export async function gitOk(args: string[], opts: GitRunOptions, what: string): Promise<string> {
  const r = await git(args, opts);
  if (r.code !== 0) throw classify(r.stderr, what);
  return r.stdout;
}

export function classify(stderr: string, what: string): ConnectorError {
  const msg = stderr.trim().split('\n').slice(-3).join(' ').replace(/(https?:\/\/)[^@\s/]+@/g, '$1***@').slice(0, 500);
  if (/authentication failed|could not read username|permission denied|403|401|invalid credentials/i.test(msg)) {
    return new ConnectorError('AUTH', `${what}: the repository refused the credentials (${msg})`);
  }
  if (/could not resolve host|timed out|connection (refused|reset)|temporarily|early eof|remote end hung up/i.test(msg)) {
    return new ConnectorError('TRANSIENT', `${what}: ${msg}`);
  }
  return new ConnectorError('PERMANENT', `${what}: ${msg || 'git failed'}`);
}
