import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface TwinRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed body: JSON or form fields. */
  body: Record<string, unknown>;
  rawBody: string;
}

export interface TwinResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Per-method request limits: at most `max` requests in any `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

export type Fault =
  | { kind: 'server_error'; method: string; count: number; status?: number }
  | { kind: 'slow'; method: string; count: number; delayMs: number }
  | { kind: 'invalid_cursor'; method: string; count: number }
  | { kind: 'revoked_token'; token: string };

/**
 * What every twin shares: an HTTP server on loopback, per-method rate limits that answer 429 when
 * exceeded (and count the violation), injectable faults, request counters, and the control API
 * under /_twin/ (stats, faults, limits, reset).
 */
export abstract class TwinServer {
  private server: Server | null = null;
  readonly requests = new Map<string, number>();
  readonly violations = new Map<string, number>();
  private readonly hits = new Map<string, number[]>();
  limits: Record<string, RateLimit> = {};
  faults: Fault[] = [];
  readonly revokedTokens = new Set<string>();

  protected abstract route(req: TwinRequest): Promise<TwinResponse>;
  protected abstract control(req: TwinRequest): Promise<TwinResponse | null>;
  /** The vendor's answer when a limit is exceeded. */
  protected abstract rateLimited(method: string, retryAfterSeconds: number): TwinResponse;
  protected abstract vendorError(kind: 'server_error' | 'invalid_cursor' | 'revoked', method: string, status?: number): TwinResponse;

  async listen(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
  }

  stats() {
    return { requests: Object.fromEntries(this.requests), violations: Object.fromEntries(this.violations), totalViolations: [...this.violations.values()].reduce((a, b) => a + b, 0) };
  }

  /** Counts a request against its method's limit; returns seconds to wait when it is exceeded. */
  protected admit(method: string): number | null {
    this.requests.set(method, (this.requests.get(method) ?? 0) + 1);
    const limit = this.limits[method];
    if (!limit) return null;
    const now = Date.now();
    const recent = (this.hits.get(method) ?? []).filter((t) => t > now - limit.windowMs);
    if (recent.length >= limit.max) {
      this.violations.set(method, (this.violations.get(method) ?? 0) + 1);
      this.hits.set(method, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + limit.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(method, recent);
    return null;
  }

  /** Applies the first matching injected fault, if any. */
  protected async fault(method: string): Promise<TwinResponse | null> {
    const i = this.faults.findIndex((f) => 'method' in f && (f.method === method || f.method === '*') && f.count > 0);
    if (i < 0) return null;
    const f = this.faults[i] as Exclude<Fault, { kind: 'revoked_token' }>;
    f.count--;
    if (f.kind === 'slow') {
      await new Promise((r) => setTimeout(r, f.delayMs));
      return null;
    }
    return this.vendorError(f.kind, method, f.kind === 'server_error' ? f.status : undefined);
  }

  protected resetBase(): void {
    this.requests.clear();
    this.violations.clear();
    this.hits.clear();
    this.faults = [];
    this.revokedTokens.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://twin');
    let body: Record<string, unknown> = {};
    const type = String(req.headers['content-type'] ?? '');
    try {
      if (type.includes('application/json') && rawBody) body = JSON.parse(rawBody);
      else if (rawBody) body = Object.fromEntries(new URLSearchParams(rawBody));
    } catch {
      body = {};
    }
    const treq: TwinRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody };
    let out: TwinResponse;
    try {
      if (url.pathname.startsWith('/_twin/')) out = (await this.controlBase(treq)) ?? (await this.control(treq)) ?? { status: 404, body: { error: 'unknown control endpoint' } };
      else out = await this.route(treq);
    } catch (e) {
      out = { status: 500, body: { error: (e as Error).message } };
    }
    res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', ...(out.headers ?? {}) });
    res.end(out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
  }

  private async controlBase(req: TwinRequest): Promise<TwinResponse | null> {
    if (req.path === '/_twin/stats') return { status: 200, body: this.stats() };
    if (req.path === '/_twin/limits' && req.method === 'POST') {
      this.limits = req.body as Record<string, RateLimit>;
      return { status: 200, body: { limits: this.limits } };
    }
    if (req.path === '/_twin/faults' && req.method === 'POST') {
      const f = req.body as unknown as Fault;
      if (f.kind === 'revoked_token') this.revokedTokens.add(f.token);
      else this.faults.push(f);
      return { status: 200, body: { faults: this.faults, revokedTokens: this.revokedTokens.size } };
    }
    if (req.path === '/_twin/faults' && req.method === 'DELETE') {
      this.faults = [];
      this.revokedTokens.clear();
      return { status: 200, body: {} };
    }
    return null;
  }
}
