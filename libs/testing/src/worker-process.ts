import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Starts `ctxvault worker` as its own process and resolves once it reports it is running. */
export function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const bin = join(__dirname, '..', '..', '..', 'bin', 'ctxvault');
  return new Promise((resolve, reject) => {
    const child = spawn('node', [bin, 'worker'], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${buf.slice(-500)}`)), 20_000);
    child.stderr!.on('data', (d) => {
      buf += d.toString();
      if (buf.length > 100_000) buf = buf.slice(-20_000);
      if (buf.includes('"worker started"')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      if (!buf.includes('"worker started"')) reject(new Error(`worker exited (${code}): ${buf.slice(-500)}`));
    });
  });
}

export async function killHard(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
