import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AuthorKind } from '@ctxvault/provenance';
import { ChangeBatch, Connector, ConnectorContext, ConnectorError, FetchedDocument, ProvenanceFinding } from '../connector';
import { SettingsCheck } from '../settings';
import { globToRegExp, matchesAny } from '../glob';
import { CommitSignature, signatureTypeOf } from './commit-signature';
import { git, gitOk } from './git.client';

export interface GitConnectorOptions {
  cacheDir: string;
  timeoutMs: number;
  batchSize: number;
}

interface GitConfig {
  url: string;
  webUrl: string | null;
  branches: string[] | null;
  include: string[];
  exclude: string[];
  runbooks: string[];
  maxFileBytes: number;
  maxCommits: number;
  trustedKeys: { pgp: string | null; ssh: string | null };
}

interface GitCursor {
  branches: Record<string, string>;
}

export const GIT_DEFAULTS = {
  include: [
    '**/*.md', '**/*.mdx', '**/*.markdown', '**/*.txt', '**/*.rst', '**/*.adoc', '**/README*', '**/CHANGELOG*', '**/docs/**', '**/doc/**',
    '**/runbooks/**', '**/playbooks/**', '**/adr/**', '**/adrs/**', '**/*.ts', '**/*.js', '**/*.py', '**/*.go', '**/*.java', '**/*.rb',
    '**/*.rs', '**/*.sh', '**/*.sql', '**/*.yaml', '**/*.yml', '**/*.toml', '**/Dockerfile', '**/Makefile',
  ],
  exclude: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/vendor/**', '**/.git/**', '**/*.min.js', '**/package-lock.json', '**/*.lock'],
  runbooks: ['**/runbooks/**', '**/playbooks/**', '**/*runbook*', '**/*playbook*'],
  maxFileBytes: 256 * 1024,
  maxCommits: 5000,
};

const SEP = '\u001f';
const REC = '\u001e';

function botLike(name: string, email: string): boolean {
  return /\[bot\]|(^|[^a-z])bot@|dependabot|renovate|github-actions|gitlab-bot/i.test(`${name} ${email}`);
}

function strings(v: unknown, field: string, problems: string[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x)) {
    problems.push(`${field} must be a list of non-empty strings`);
    return undefined;
  }
  return v as string[];
}

/**
 * Git repositories (a local path or a clone URL): commits and the text files that matter, per
 * selected branch, incrementally by commit. A force-push tombstones the commits it dropped; a
 * deleted file is tombstoned. Each commit's signature is classified from its raw gpgsig header and
 * verified when the tenant configured trusted PGP keys or SSH allowed signers.
 */
export class GitConnector implements Connector {
  readonly kind = 'git' as const;
  readonly name = 'git';
  readonly version = '1.0.0';

  constructor(private readonly opts: GitConnectorOptions) {}

  validateConfig(config: unknown, credentials: unknown): Record<string, unknown> {
    const check = new SettingsCheck('git', config, ['url', 'path', 'webUrl', 'branches', 'include', 'exclude', 'runbooks', 'maxFileBytes', 'maxCommits', 'trustedKeys']);
    const { c, problems } = check;
    const url = typeof c.url === 'string' ? c.url : typeof c.path === 'string' ? resolve(c.path) : null;
    if (!url) problems.push('give "url" (a clone URL) or "path" (a local repository)');
    if (typeof c.url === 'string' && !/^(https?:\/\/|ssh:\/\/|git@|file:\/\/|\/)/.test(c.url)) problems.push('url must be an http(s), ssh or file URL');
    if (typeof c.path === 'string' && !existsSync(resolve(c.path))) problems.push(`path ${c.path} does not exist`);
    const branches = strings(c.branches, 'branches', problems);
    const include = strings(c.include, 'include', problems);
    const exclude = strings(c.exclude, 'exclude', problems);
    const runbooks = strings(c.runbooks, 'runbooks', problems);
    for (const [f, max] of [['maxFileBytes', 16 * 1024 * 1024], ['maxCommits', 1_000_000]] as const) {
      if (c[f] !== undefined && (!Number.isInteger(c[f]) || (c[f] as number) < 1 || (c[f] as number) > max)) problems.push(`${f} must be a whole number from 1 to ${max}`);
    }
    const tk = (c.trustedKeys ?? {}) as Record<string, unknown>;
    if (c.trustedKeys !== undefined && (typeof c.trustedKeys !== 'object' || Object.keys(tk).some((k) => !['pgp', 'ssh'].includes(k) || typeof tk[k] !== 'string'))) {
      problems.push('trustedKeys must be {"pgp": "<armored public keys>", "ssh": "<allowed_signers lines>"}');
    }
    if (credentials !== undefined && credentials !== null) {
      const cr = credentials as Record<string, unknown>;
      if (typeof cr !== 'object' || Object.keys(cr).some((k) => !['token', 'username', 'password'].includes(k) || typeof cr[k] !== 'string')) {
        problems.push('git credentials must be {"token"} or {"username", "password"}');
      }
    }
    check.done();
    const out: GitConfig = {
      url: url!,
      webUrl: typeof c.webUrl === 'string' ? c.webUrl.replace(/\/+$/, '') : null,
      branches: branches ?? null,
      include: include ?? GIT_DEFAULTS.include,
      exclude: exclude ?? GIT_DEFAULTS.exclude,
      runbooks: runbooks ?? GIT_DEFAULTS.runbooks,
      maxFileBytes: (c.maxFileBytes as number) ?? GIT_DEFAULTS.maxFileBytes,
      maxCommits: (c.maxCommits as number) ?? GIT_DEFAULTS.maxCommits,
      trustedKeys: { pgp: (tk.pgp as string) ?? null, ssh: (tk.ssh as string) ?? null },
    };
    return out as unknown as Record<string, unknown>;
  }

  async *fetchChanges(ctx: ConnectorContext): AsyncIterable<ChangeBatch> {
    const cfg = ctx.config as unknown as GitConfig;
    const cursor: GitCursor = { branches: { ...((ctx.cursor as GitCursor | null)?.branches ?? {}) } };
    const dir = join(this.opts.cacheDir, ctx.tenantId, `${ctx.sourceId}.git`);
    const settings = this.authSettings(cfg.url, ctx.credentials);
    await this.mirror(cfg.url, dir, settings);
    const run = (args: string[], what: string, extra: Partial<{ env: Record<string, string>; settings: string[] }> = {}) =>
      gitOk(args, { cwd: dir, timeoutMs: this.opts.timeoutMs, ...extra }, what);

    const branches = cfg.branches ?? [(await run(['symbolic-ref', '--short', 'HEAD'], 'reading the default branch')).trim()];
    const heads: Record<string, string> = {};
    for (const b of branches) {
      const r = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${b}^{commit}`], { cwd: dir, timeoutMs: this.opts.timeoutMs });
      if (r.code !== 0) throw new ConnectorError('PERMANENT', `branch "${b}" does not exist in ${cfg.url}`);
      heads[b] = r.stdout.trim();
    }
    const include = cfg.include.map(globToRegExp);
    const exclude = cfg.exclude.map(globToRegExp);
    const runbooks = cfg.runbooks.map(globToRegExp);
    const verifier = await SignatureVerifier.create(cfg.trustedKeys, this.opts.timeoutMs);
    try {
      for (const branch of branches) {
        const head = heads[branch];
        const old = cursor.branches[branch];
        if (old === head) continue;
        const oldExists = !!old && (await git(['cat-file', '-e', `${old}^{commit}`], { cwd: dir, timeoutMs: this.opts.timeoutMs })).code === 0;
        const fastForward = oldExists && (await git(['merge-base', '--is-ancestor', old, head], { cwd: dir, timeoutMs: this.opts.timeoutMs })).code === 0;

        // Commits new on this branch, oldest first; and commits a force-push dropped from every tracked branch.
        let range: string[];
        let dropped: string[] = [];
        if (fastForward) range = [`${old}..${head}`];
        else if (oldExists) {
          const base = (await git(['merge-base', old, head], { cwd: dir, timeoutMs: this.opts.timeoutMs })).stdout.trim();
          range = base ? [`${base}..${head}`] : [head];
          dropped = (await run(['rev-list', old, '--not', ...Object.values(heads)], 'listing dropped commits')).split('\n').filter(Boolean);
        } else range = [head];
        const log = await run(
          ['log', '--reverse', `--max-count=${cfg.maxCommits}`, '--no-renames', '--name-status', '-z', `--format=${REC}%H${SEP}%P${SEP}%an${SEP}%ae${SEP}%aI${SEP}%cn${SEP}%ce${SEP}%cI${SEP}%B${SEP}`, ...range],
          'reading commits',
        );
        const commits = parseLog(log);

        // Files: everything at head on first sight (or when history was rewritten past the cursor), else the diff.
        const upsertPaths = new Set<string>();
        const deletedPaths = new Set<string>();
        if (!oldExists) {
          const tree = await run(['ls-tree', '-r', '-z', '--long', head], 'listing files');
          for (const entry of tree.split('\0').filter(Boolean)) {
            const m = /^\d+ blob [0-9a-f]+\s+(\d+|-)\t(.*)$/s.exec(entry);
            if (m && m[1] !== '-' && Number(m[1]) <= cfg.maxFileBytes) upsertPaths.add(m[2]);
          }
        } else {
          const diff = await run(['diff', '--name-status', '-z', '--no-renames', old, head], 'diffing the branch');
          const parts = diff.split('\0').filter(Boolean);
          for (let i = 0; i + 1 < parts.length; i += 2) (parts[i].startsWith('D') ? deletedPaths : upsertPaths).add(parts[i + 1]);
        }
        const wanted = (p: string) => matchesAny(p, include) && !matchesAny(p, exclude);

        // Signatures, and which paths each commit touched (the last commit touching a file is its author).
        const signatures = new Map<string, CommitSignature>();
        const lastTouch = new Map<string, (typeof commits)[number]>();
        const unsignedRunbook = new Map<string, ProvenanceFinding>();
        for (const c of commits) {
          const raw = await run(['cat-file', 'commit', c.sha], 'reading a raw commit');
          const sig = await verifier.check(dir, c.sha, signatureTypeOf(raw));
          signatures.set(c.sha, sig);
          for (const f of c.files) {
            lastTouch.set(f.path, c);
            if (matchesAny(f.path, runbooks) && (sig.type === 'unsigned' || sig.verified === false)) {
              unsignedRunbook.set(f.path, {
                code: 'provenance.unsigned_runbook_change',
                severity: 'medium',
                message: `runbook changed by ${sig.type === 'unsigned' ? 'an unsigned' : 'an unverified'} commit ${c.sha.slice(0, 12)} (${c.authorName} <${c.authorEmail}>)`,
              });
            } else if (matchesAny(f.path, runbooks)) {
              unsignedRunbook.delete(f.path);
            }
          }
        }
        const headCommit = commits.find((c) => c.sha === head) ?? (await this.describe(dir, head));

        const docs: FetchedDocument[] = commits.map((c) => this.commitDoc(cfg, branch, c, signatures.get(c.sha)!));
        for (const path of [...upsertPaths].filter(wanted).sort()) {
          const blob = await git(['cat-file', '-p', `${head}:${path}`], { cwd: dir, timeoutMs: this.opts.timeoutMs });
          if (blob.code !== 0 || blob.stdout.includes('\u0000') || Buffer.byteLength(blob.stdout) > cfg.maxFileBytes) continue;
          const by = lastTouch.get(path) ?? headCommit;
          const sig = signatures.get(by.sha) ?? (await verifier.check(dir, by.sha, signatureTypeOf(await run(['cat-file', 'commit', by.sha], 'reading a raw commit'))));
          docs.push({
            externalId: `file:${branch}:${path}`,
            kind: 'file',
            title: path,
            url: cfg.webUrl ? `${cfg.webUrl}/blob/${branch}/${path}` : `${cfg.url}#${branch}:${path}`,
            author: { id: by.authorEmail, name: by.authorName, kind: authorKind(by.authorName, by.authorEmail) },
            sourceCreatedAt: null,
            sourceUpdatedAt: by.authorDate,
            content: blob.stdout,
            attributes: { branch, path, commit: by.sha, signature: sig, runbook: matchesAny(path, runbooks) },
            provenanceFindings: unsignedRunbook.has(path) ? [unsignedRunbook.get(path)!] : [],
          });
        }
        const deletions = [...[...deletedPaths].filter(wanted).map((p) => `file:${branch}:${p}`), ...dropped.map((sha) => `commit:${sha}`)];

        const before = { branches: { ...cursor.branches } };
        for (let i = 0; i < docs.length; i += this.opts.batchSize) {
          yield { upserts: docs.slice(i, i + this.opts.batchSize), deletions: [], cursor: before };
        }
        cursor.branches[branch] = head;
        yield { upserts: [], deletions, cursor: { branches: { ...cursor.branches } } };
      }
    } finally {
      verifier.dispose();
    }
  }

  private commitDoc(cfg: GitConfig, branch: string, c: ParsedCommit, sig: CommitSignature): FetchedDocument {
    const subject = c.message.split('\n')[0];
    const files = c.files.map((f) => `  ${f.status} ${f.path}`).join('\n');
    const content =
      `${c.message.trim()}\n\n` +
      `Author: ${c.authorName} <${c.authorEmail}> at ${c.authorDate}\n` +
      `Committer: ${c.committerName} <${c.committerEmail}> at ${c.committerDate}\n` +
      `Signature: ${sig.type}${sig.verified === true ? ' (verified)' : sig.verified === false ? ' (NOT verified)' : ''}\n` +
      (files ? `Files changed:\n${files}\n` : '');
    return {
      externalId: `commit:${c.sha}`,
      kind: 'commit',
      title: subject,
      url: cfg.webUrl ? `${cfg.webUrl}/commit/${c.sha}` : `${cfg.url}#${c.sha}`,
      author: { id: c.authorEmail, name: c.authorName, kind: authorKind(c.authorName, c.authorEmail) },
      sourceCreatedAt: c.authorDate,
      sourceUpdatedAt: c.committerDate,
      content,
      attributes: {
        sha: c.sha,
        parents: c.parents,
        branch,
        committer: { name: c.committerName, email: c.committerEmail, date: c.committerDate },
        signature: sig,
        files: c.files,
      },
    };
  }

  private async describe(dir: string, sha: string): Promise<ParsedCommit> {
    const out = await gitOk(['log', '-1', '--name-status', '-z', `--format=${REC}%H${SEP}%P${SEP}%an${SEP}%ae${SEP}%aI${SEP}%cn${SEP}%ce${SEP}%cI${SEP}%B${SEP}`, sha], { cwd: dir, timeoutMs: this.opts.timeoutMs }, 'reading a commit');
    return parseLog(out)[0];
  }

  private authSettings(url: string, credentials: Record<string, string> | null): string[] {
    if (!credentials || !/^https?:\/\//.test(url)) return [];
    const user = credentials.username ?? 'x-access-token';
    const secret = credentials.password ?? credentials.token ?? '';
    return [`http.extraHeader=Authorization: Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`];
  }

  private async mirror(url: string, dir: string, settings: string[]): Promise<void> {
    if (existsSync(join(dir, 'HEAD'))) {
      await gitOk(['fetch', '--prune', '--force', '--quiet', 'origin', '+refs/heads/*:refs/heads/*'], { cwd: dir, timeoutMs: this.opts.timeoutMs, settings }, `fetching ${url}`);
      return;
    }
    mkdirSync(join(dir, '..'), { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    await gitOk(['clone', '--mirror', '--quiet', url, tmp], { timeoutMs: this.opts.timeoutMs, settings }, `cloning ${url}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
}

function authorKind(name: string, email: string): AuthorKind {
  return botLike(name, email) ? 'bot' : 'human';
}

interface ParsedCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerEmail: string;
  committerDate: string;
  message: string;
  files: Array<{ status: string; path: string }>;
}

function parseLog(out: string): ParsedCommit[] {
  return out
    .split(REC)
    .filter((r) => r.trim())
    .map((rec) => {
      const fields = rec.split(SEP);
      const [sha, parents, an, ae, ad, cn, ce, cd, message] = fields;
      const rest = fields.slice(9).join(SEP).replace(/^\n/, '');
      const parts = rest.split('\0').filter((p) => p !== '' && p !== '\n');
      const files: Array<{ status: string; path: string }> = [];
      for (let i = 0; i + 1 < parts.length; i += 2) files.push({ status: parts[i].trim(), path: parts[i + 1] });
      return {
        sha: sha.trim(),
        parents: parents.split(' ').filter(Boolean),
        authorName: an,
        authorEmail: ae,
        authorDate: ad,
        committerName: cn,
        committerEmail: ce,
        committerDate: cd,
        message,
        files,
      };
    });
}

/** Verifies commit signatures with the tenant's trusted keys, in a throwaway keyring. */
class SignatureVerifier {
  private constructor(
    private readonly home: string | null,
    private readonly allowedSigners: string | null,
    private readonly timeoutMs: number,
  ) {}

  static async create(keys: { pgp: string | null; ssh: string | null }, timeoutMs: number): Promise<SignatureVerifier> {
    if (!keys.pgp && !keys.ssh) return new SignatureVerifier(null, null, timeoutMs);
    const home = mkdtempSync(join(tmpdir(), 'ctxvault-gpg-'));
    let allowed: string | null = null;
    if (keys.pgp) {
      try {
        execFileSync('gpg', ['--batch', '--quiet', '--import'], { env: { ...process.env, GNUPGHOME: home }, input: keys.pgp, stdio: ['pipe', 'ignore', 'ignore'], timeout: timeoutMs });
      } catch {
        throw new ConnectorError('PERMANENT', 'trustedKeys.pgp could not be imported: give ASCII-armored public keys');
      }
    }
    if (keys.ssh) {
      allowed = join(home, 'allowed_signers');
      writeFileSync(allowed, keys.ssh.endsWith('\n') ? keys.ssh : keys.ssh + '\n');
    }
    return new SignatureVerifier(home, allowed, timeoutMs);
  }

  async check(dir: string, sha: string, type: CommitSignature['type']): Promise<CommitSignature> {
    if (type === 'unsigned') return { type, verified: null };
    if (type === 'x509') return { type, verified: null, reason: 'x509 signatures are recorded, not verified' };
    if ((type === 'pgp' && !this.home) || (type === 'ssh' && !this.allowedSigners)) return { type, verified: null, reason: `no trusted ${type} keys configured` };
    const settings = this.allowedSigners ? [`gpg.ssh.allowedSignersFile=${this.allowedSigners}`] : [];
    const r = await git(['verify-commit', '--raw', sha], { cwd: dir, timeoutMs: this.timeoutMs, env: this.home ? { GNUPGHOME: this.home } : {}, settings });
    const text = r.stderr + r.stdout;
    if (r.code === 0) {
      const signer = /VALIDSIG ([0-9A-F]{16,})/.exec(text)?.[1] ?? /Good "git" signature for (\S+)/.exec(text)?.[1];
      return { type, verified: true, ...(signer ? { signer } : {}) };
    }
    const reason = /BADSIG|bad signature/i.test(text) ? 'bad signature' : /NO_PUBKEY|no principal|not in the allowed|No principal matched/i.test(text) ? 'signed by a key that is not trusted' : 'signature did not verify';
    return { type, verified: false, reason };
  }

  dispose(): void {
    if (this.home) rmSync(this.home, { recursive: true, force: true });
  }
}
