import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { configureLogging } from '@ctxvault/common';
import { adminUrlForTestDb, createTenantWithKeys, http, startTestApp, TestApp, uniqueSlug, waitFor } from '@ctxvault/testing';

const logLines: string[] = [];

/** The Nest routes the express app really serves, as "METHOD /path/{param}". */
function servedRoutes(app: TestApp): string[] {
  const express = app.api.app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
  const stack = (express.router ?? express._router)!.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
  const out = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    const path = layer.route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    if (path.startsWith('/docs')) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.add(`${m.toUpperCase()} ${path}`);
  }
  return [...out];
}

describe('the API over HTTP', () => {
  let app: TestApp;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;
  const issuedKeys: string[] = [];

  beforeAll(async () => {
    configureLogging({ level: 'debug', sink: (l) => logLines.push(l) });
    app = await startTestApp({ HTTP_BODY_LIMIT_BYTES: '4096', RATE_LIMIT_REQUESTS: '100000', PLATFORM_ADMIN_TOKEN: 'p'.repeat(40) });
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('e2e'), ['agent', 'security', 'ingest']);
    issuedKeys.push(t.adminKey, ...Object.values(t.keys).map((k) => k.key));
  });
  afterAll(async () => {
    await app?.close();
    configureLogging({ level: 'warn', sink: (l) => process.stdout.write(l + '\n') });
  });

  async function writesSnapshot() {
    const keys = await app.tenancy.db.inTenant(t.tenantId, () => app.tenancy.keys.list({ includeRevoked: true, limit: 1000, offset: 0 }));
    const audit = await app.tenancy.db.inTenant(t.tenantId, () => app.tenancy.audit.list(500));
    return { keys: keys.length, audit: audit.length };
  }

  describe('health, docs and metrics', () => {
    it('is live, and ready once a worker has processed a heartbeat', async () => {
      expect((await http(app.url, 'GET', '/health/live')).status).toBe(200);
      const ready = await waitFor(
        async () => {
          const r = await http(app.url, 'GET', '/health/ready');
          return r.status === 200 ? r : undefined;
        },
        15_000,
        '/health/ready to be 200',
      );
      expect(ready.json.checks.postgres.status).toBe('ok');
      expect(ready.json.checks.redis.status).toBe('ok');
      expect(ready.json.checks.worker.detail).toMatch(/last heartbeat/);
    });

    it('serves the OpenAPI document listing every route with its auth requirement', async () => {
      const ui = await http(app.url, 'GET', '/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toMatch(/swagger/i);
      const doc = (await http(app.url, 'GET', '/docs/openapi.json')).json;
      const documented = new Set<string>();
      for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          documented.add(`${method.toUpperCase()} ${path}`);
          const auth = op['x-ctxvault-auth'];
          expect({ route: `${method} ${path}`, auth }).toEqual({ route: `${method} ${path}`, auth: expect.stringMatching(/^(public|api-key|platform-admin-token)$/) });
          if (auth === 'public') expect(op.security).toEqual([]);
          if (auth === 'api-key') {
            expect(op.security).toEqual([{ apiKey: [] }]);
            expect((op['x-ctxvault-roles'] as string[]).length).toBeGreaterThan(0);
          }
          if (auth === 'platform-admin-token') expect(op.security).toEqual([{ platformToken: [] }]);
        }
      }
      // Every route the server actually answers is in the document, and nothing else.
      const served = servedRoutes(app);
      expect(served.length).toBeGreaterThan(5);
      expect([...documented].sort()).toEqual(served.sort());
      const expected = [
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
        'GET /v1/whoami',
        'GET /v1/keys',
        'POST /v1/keys',
        'GET /v1/keys/{id}',
        'POST /v1/keys/{id}/revoke',
        'GET /v1/admin-audit',
        'GET /v1/platform/tenants',
        'POST /v1/platform/tenants',
        'GET /v1/log/checkpoint',
        'POST /v1/log/checkpoint',
        'GET /v1/log/proofs/inclusion',
        'GET /v1/log/proofs/consistency',
        'GET /v1/log/keys',
        'GET /.well-known/ctxvault/tenants/{slug}/keys.json',
        'POST /v1/signing-keys/rotate',
        'POST /v1/verify',
        'GET /v1/log/webhooks',
        'POST /v1/log/webhooks',
        'POST /v1/log/webhooks/{id}/disable',
        'GET /v1/documents/{id}/provenance',
        'GET /v1/documents/{id}/bundle',
        'GET /v1/documents/{id}',
        'POST /v1/context/search',
        'GET /v1/audit',
        'GET /v1/flags',
        'GET /v1/flags/{id}',
        'POST /v1/flags/{id}/review',
        'POST /v1/flags/rescan',
        'GET /v1/flags/rescans',
        'GET /v1/flags/rescans/{id}',
        'GET /v1/policy/poisoning',
        'PUT /v1/policy/poisoning',
        'GET /v1/trust-rules',
        'POST /v1/trust-rules',
        'DELETE /v1/trust-rules/{id}',
        'POST /mcp',
        'GET /mcp',
        'DELETE /mcp',
        'POST /v1/sources',
        'GET /v1/sources',
        'GET /v1/sources/{id}',
        'PATCH /v1/sources/{id}',
        'DELETE /v1/sources/{id}',
        'POST /v1/sources/{id}/disable',
        'POST /v1/sources/{id}/enable',
        'POST /v1/sources/{id}/sync',
        'GET /v1/sources/{id}/runs',
        'GET /v1/sync-runs/{id}',
        'POST /v1/ingest/documents',
        'GET /v1/ingest/batches/{id}',
        'POST /webhooks/slack/events/{id}',
        'POST /webhooks/sentry/{id}',
      ];
      expect([...documented].sort()).toEqual(expected.sort());
    });

    it('exposes Prometheus metrics', async () => {
      const m = await http(app.url, 'GET', '/metrics');
      expect(m.status).toBe(200);
      expect(m.text).toMatch(/ctxvault_http_requests_total\{method="GET",route="\/health\/live",status="200"\}/);
    });

    it('returns the request id it was given, or a new one', async () => {
      const given = await http(app.url, 'GET', '/health/live', { headers: { 'x-request-id': 'abc-123' } });
      expect(given.headers.get('x-request-id')).toBe('abc-123');
      const fresh = await http(app.url, 'GET', '/health/live', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, lists it by prefix only, and revokes it', async () => {
      const created = await http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent', name: 'ci agent' } });
      expect(created.status).toBe(201);
      const key: string = created.json.key;
      issuedKeys.push(key);
      expect(key).toMatch(/^cv_[a-z0-9]{12}_[A-Za-z0-9]{43}$/);
      expect((await http(app.url, 'GET', '/v1/whoami', { key })).json.key.role).toBe('agent');
      const listed = await http(app.url, 'GET', '/v1/keys', { key: t.adminKey });
      expect(listed.text).not.toContain(key);
      expect(listed.json.find((k: { id: string }) => k.id === created.json.apiKey.id).prefix).toBe(key.slice(0, 16));
      const revoked = await http(app.url, 'POST', `/v1/keys/${created.json.apiKey.id}/revoke`, { key: t.adminKey });
      expect(revoked.status).toBe(200);
      expect(revoked.json.status).toBe('revoked');
      const after = await http(app.url, 'GET', '/v1/whoami', { key });
      expect(after.status).toBe(401);
      expect(after.json.message).toMatch(/was revoked at/);
      const audit = await http(app.url, 'GET', '/v1/admin-audit', { key: t.keys.security.key });
      expect(audit.json.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['api_key.create', 'api_key.revoke']));
    });

    it('stops accepting a key at its expiry', async () => {
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const created = await http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent', expiresAt } });
      expect(created.status).toBe(201);
      issuedKeys.push(created.json.key);
      expect((await http(app.url, 'GET', '/v1/whoami', { key: created.json.key })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1700));
      const res = await http(app.url, 'GET', '/v1/whoami', { key: created.json.key });
      expect(res.status).toBe(401);
      expect(res.json.message).toMatch(/expired at/);
    });
  });

  describe('bad input: the right 4xx, a message that says what is wrong, nothing written', () => {
    const cases: Array<{ name: string; status: number; message: RegExp; req: () => Promise<Awaited<ReturnType<typeof http>>> }> = [
      {
        name: 'malformed JSON',
        status: 400,
        message: /malformed JSON body/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, rawBody: '{"role": "agent",' }),
      },
      {
        name: 'oversized body',
        status: 413,
        message: /limit is 4096 bytes \(HTTP_BODY_LIMIT_BYTES\)/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent', name: 'x'.repeat(5000) } }),
      },
      {
        name: 'unknown field',
        status: 400,
        message: /unknown field "colour": remove it/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent', colour: 'red' } }),
      },
      {
        name: 'wrong type',
        status: 400,
        message: /name must be a string/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent', name: 42 } }),
      },
      {
        name: 'invalid enum',
        status: 400,
        message: /role must be one of: admin, agent, security, ingest/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'root' } }),
      },
      {
        name: 'expiry in the past',
        status: 400,
        message: /expiresAt must be in the future/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent', expiresAt: '2001-01-01T00:00:00Z' } }),
      },
      {
        name: 'not JSON at all',
        status: 415,
        message: /request bodies must be JSON/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, rawBody: 'role=agent', headers: { 'content-type': 'text/plain' } }),
      },
      {
        name: 'bad query type',
        status: 400,
        message: /limit/,
        req: () => http(app.url, 'GET', '/v1/keys?limit=lots', { key: t.adminKey }),
      },
      {
        name: 'bad id',
        status: 400,
        message: /id must be a UUID/,
        req: () => http(app.url, 'POST', '/v1/keys/not-a-uuid/revoke', { key: t.adminKey }),
      },
      {
        name: 'missing key',
        status: 401,
        message: /missing API key/,
        req: () => http(app.url, 'POST', '/v1/keys', { body: { role: 'agent' } }),
      },
      {
        name: 'malformed key',
        status: 401,
        message: /malformed API key/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: 'not-a-key', body: { role: 'agent' } }),
      },
      {
        name: 'non-bearer authorization',
        status: 401,
        message: /must be "Bearer <API key>"/,
        req: () => http(app.url, 'POST', '/v1/keys', { headers: { authorization: 'Basic abc' }, body: { role: 'agent' } }),
      },
      {
        name: 'unknown key',
        status: 401,
        message: /unknown API key/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: 'cv_aaaaaaaaaaaa_' + 'A'.repeat(43), body: { role: 'agent' } }),
      },
      {
        name: 'wrong role',
        status: 403,
        message: /needs a key with role admin; this key has role agent/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.keys.agent.key, body: { role: 'agent' } }),
      },
      {
        name: 'tenant named in the body',
        status: 403,
        message: /tenant comes from the API key only/,
        req: () => http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent', tenantId: t.tenantId } }),
      },
      {
        name: 'unknown route',
        status: 404,
        message: /no route GET \/v1\/nothing-here/,
        req: () => http(app.url, 'GET', '/v1/nothing-here', { key: t.adminKey }),
      },
    ];

    it.each(cases)('$name → $status', async ({ status, message, req }) => {
      const before = await writesSnapshot();
      const res = await req();
      expect(res.status).toBe(status);
      expect(res.json).toMatchObject({ statusCode: status, requestId: expect.any(String) });
      expect(res.json.message).toMatch(message);
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(await writesSnapshot()).toEqual(before);
    });

    it('refuses a revoked key and an expired key with 401 (covered above) and rate-limits per key with 429', async () => {
      const limited = await startTestApp({ RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' }, { worker: false });
      try {
        const statuses: number[] = [];
        let last;
        for (let i = 0; i < 7; i++) {
          last = await http(limited.url, 'GET', '/v1/whoami', { key: t.keys.ingest.key });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
        expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(last!.json.message).toMatch(/rate limit exceeded: 5 requests per 60 s/);
        // Another key of the same tenant has its own budget.
        expect((await http(limited.url, 'GET', '/v1/whoami', { key: t.keys.security.key })).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('platform routes', () => {
    const token = 'p'.repeat(40);
    it('create and list tenants with the platform token only', async () => {
      const slug = uniqueSlug('plat');
      const noToken = await http(app.url, 'POST', '/v1/platform/tenants', { body: { slug } });
      expect(noToken.status).toBe(401);
      const tenantKey = await http(app.url, 'POST', '/v1/platform/tenants', { key: t.adminKey, body: { slug } });
      expect(tenantKey.status).toBe(401);
      const created = await http(app.url, 'POST', '/v1/platform/tenants', { key: token, body: { slug, name: 'Platform Co' } });
      expect(created.status).toBe(201);
      issuedKeys.push(created.json.adminKey);
      expect((await http(app.url, 'GET', '/v1/whoami', { key: created.json.adminKey })).json.tenant.slug).toBe(slug);
      const dup = await http(app.url, 'POST', '/v1/platform/tenants', { key: token, body: { slug } });
      expect(dup.status).toBe(409);
      const list = await http(app.url, 'GET', '/v1/platform/tenants?limit=500', { key: token });
      expect(list.json.map((x: { slug: string }) => x.slug)).toContain(slug);
      const badSlug = await http(app.url, 'POST', '/v1/platform/tenants', { key: token, body: { slug: 'Bad Slug!' } });
      expect(badSlug.status).toBe(400);
    });
  });

  describe('API keys never appear in clear', () => {
    it('in the database dump, the logs, or error bodies', async () => {
      // Error bodies: present each real key in a way that fails, and check the answer.
      for (const key of issuedKeys) {
        const res = await http(app.url, 'POST', '/v1/keys', { key, body: { role: 'nope' } });
        expect(res.text).not.toContain(key);
        const secret = key.slice(16);
        const wrongScheme = await http(app.url, 'GET', '/v1/keys', { headers: { authorization: `Token ${key}` } });
        expect(wrongScheme.text).not.toContain(secret);
      }
      const adminUrl = adminUrlForTestDb(app.config);
      let dump: string;
      try {
        dump = execFileSync('pg_dump', ['--data-only', adminUrl], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      } catch {
        const c = new Client({ connectionString: adminUrl });
        await c.connect();
        const tables = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
        const parts: string[] = [];
        for (const { tablename } of tables.rows) {
          const rows = await c.query(`SELECT t::text AS r FROM ${tablename} t`);
          for (const r of rows.rows) parts.push(r.r);
        }
        await c.end();
        dump = parts.join('\n');
      }
      expect(dump.length).toBeGreaterThan(1000);
      const logs = logLines.join('\n');
      expect(logs).toMatch(/"msg":"request"/);
      for (const key of issuedKeys) {
        const secret = key.slice(16);
        expect(dump).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
      expect(issuedKeys.length).toBeGreaterThanOrEqual(7);
    });
  });
});
