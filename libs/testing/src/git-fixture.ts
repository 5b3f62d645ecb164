import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real git repository built in a temporary folder, with real PGP and SSH signing keys. */
export class GitFixture {
  readonly root = mkdtempSync(join(tmpdir(), 'ctxvault-git-'));
  readonly repo = join(this.root, 'repo');
  readonly gnupg = join(this.root, 'gnupg');
  private readonly env: Record<string, string>;

  constructor() {
    mkdirSync(this.repo);
    mkdirSync(this.gnupg, { mode: 0o700 });
    this.env = {
      ...(process.env as Record<string, string>),
      GNUPGHOME: this.gnupg,
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
    };
    this.git(['init', '-q', '-b', 'main']);
    this.git(['config', 'commit.gpgsign', 'false']);
  }

  git(args: string[], extraEnv: Record<string, string> = {}): string {
    return execFileSync('git', args, { cwd: this.repo, env: { ...this.env, ...extraEnv }, encoding: 'utf8' }).trim();
  }

  /** An Ed25519 PGP key without passphrase; returns its fingerprint and armored public key. */
  pgpKey(uid: string): { fingerprint: string; armored: string } {
    execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', uid, 'ed25519', 'sign', 'never'], {
      env: this.env,
      stdio: 'ignore',
    });
    const colons = execFileSync('gpg', ['--batch', '--with-colons', '--list-keys', uid], { env: this.env, encoding: 'utf8' });
    const fingerprint = /^fpr:::::::::([0-9A-F]+):/m.exec(colons)![1];
    const armored = execFileSync('gpg', ['--batch', '--armor', '--export', fingerprint], { env: this.env, encoding: 'utf8' });
    return { fingerprint, armored };
  }

  /** An Ed25519 SSH key; returns the private key path and an allowed_signers line. */
  sshKey(name: string, email: string): { path: string; allowedSigner: string } {
    const path = join(this.root, name);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', email, '-f', path], { stdio: 'ignore' });
    const pub = readFileSync(`${path}.pub`, 'utf8').trim().split(' ');
    return { path, allowedSigner: `${email} ${pub[0]} ${pub[1]}` };
  }

  write(path: string, content: string): void {
    mkdirSync(dirname(join(this.repo, path)), { recursive: true });
    writeFileSync(join(this.repo, path), content);
    this.git(['add', path]);
  }

  remove(path: string): void {
    this.git(['rm', '-q', path]);
  }

  /** Commits what is staged; `sign` picks a PGP fingerprint or an SSH private key path. */
  commit(message: string, sign?: { pgp?: string; ssh?: string; as?: { name: string; email: string } }): string {
    const who: Record<string, string> = sign?.as ? { GIT_AUTHOR_NAME: sign.as.name, GIT_AUTHOR_EMAIL: sign.as.email, GIT_COMMITTER_NAME: sign.as.name, GIT_COMMITTER_EMAIL: sign.as.email } : {};
    const args = ['commit', '-q', '--allow-empty', '-m', message];
    if (sign?.pgp) this.git(['-c', `user.signingkey=${sign.pgp}`, '-c', 'gpg.format=openpgp', ...args, '-S'], who);
    else if (sign?.ssh) this.git(['-c', `user.signingkey=${sign.ssh}`, '-c', 'gpg.format=ssh', ...args, '-S'], who);
    else this.git(args, who);
    return this.git(['rev-parse', 'HEAD']);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
