import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ValidationError } from './errors';

function privateV4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return (
    a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224
  );
}

function privateAddress(ip: string): boolean {
  if (isIP(ip) === 4) return privateV4(ip);
  const v6 = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return privateV4(mapped[1]);
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe8') || v6.startsWith('fe9') || v6.startsWith('fea') || v6.startsWith('feb');
}

/**
 * An outbound URL the service may call on a tenant's behalf: http(s), and unless allowed, not
 * resolving to loopback, link-local or private addresses (server-side request forgery).
 */
export async function assertOutboundUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError(`url must be an absolute http(s) URL (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError('url must use http or https');
  if (url.username || url.password) throw new ValidationError('url must not carry credentials');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (!addresses.length) throw new ValidationError(`url host ${host} does not resolve`);
  if (addresses.some(privateAddress)) {
    throw new ValidationError(`url host ${host} is a loopback or private address; set CHECKPOINT_WEBHOOK_ALLOW_PRIVATE=true to allow it`);
  }
  return url;
}
