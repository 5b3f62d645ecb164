import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Logger } from '@ctxvault/common';
import { createRedis } from '@ctxvault/queue';

const log = new Logger('redis');

async function answers(url: string): Promise<boolean> {
  const r = createRedis(url, { lazy: true });
  r.on('error', () => undefined);
  try {
    await Promise.race([r.connect().then(() => r.ping()), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500))]);
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/**
 * Makes sure Redis answers at url. When it does not and url is a local address, starts a
 * redis-server child (stopped with this process). Otherwise explains how to provide one.
 */
export async function ensureRedis(url: string): Promise<{ child: ChildProcess | null }> {
  if (await answers(url)) return { child: null };
  const u = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname);
  const has = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).status === 0;
  if (!local || !has) {
    throw new Error(
      `Redis does not answer at ${u.protocol}//${u.host}. ` +
        (local ? 'redis-server is not installed: install it (apt-get install redis-server) or ' : '') +
        'set REDIS_URL to a reachable Redis, e.g. REDIS_URL=redis://host:6379',
    );
  }
  const port = u.port || '6379';
  log.info('starting redis-server', { port });
  const child = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) return { child };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`redis-server did not start on port ${port}; set REDIS_URL to a reachable Redis`);
}
