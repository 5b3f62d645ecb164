import fc from 'fast-check';
import { createTenantWithKeys, docVersion, http, startTestApp, TestApp, uniqueSlug } from '@ctxvault/testing';

/**
 * Tenant A's admin key against every tenant-scoped endpoint, with tenant B's ids and slug placed in
 * the path, query, body and headers: always 404 or 403, and never a byte of B's data.
 */
describe('cross-tenant requests over HTTP (real PostgreSQL)', () => {
  let app: TestApp;
  let a: Awaited<ReturnType<typeof createTenantWithKeys>>;
  let b: Awaited<ReturnType<typeof createTenantWithKeys>>;
  let bSecrets: string[];
  let bDocId: string;
  let bHookId: string;
  let bSourceId: string;
  let bRunId: string;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_REQUESTS: '1000000', CHECKPOINT_WEBHOOK_ALLOW_PRIVATE: 'true' });
    a = await createTenantWithKeys(app.tenancy, uniqueSlug('iso-a'), ['agent', 'security', 'ingest']);
    b = await createTenantWithKeys(app.tenancy, uniqueSlug('iso-b'), ['agent', 'security', 'ingest']);
    const svc = app.services.provenance;
    for (const x of [a, b]) {
      await app.services.db.inTenant(x.tenantId, () => svc.service.recordVersions([docVersion('same-id', `content of ${x.slug}`)]));
    }
    const bData = await app.services.db.inTenant(b.tenantId, async () => ({
      keys: await app.tenancy.keys.list({ includeRevoked: true, limit: 100, offset: 0 }),
      signing: await svc.keyring.history(),
      doc: (await svc.service.recordVersions([docVersion('b-only', 'b only')]))[0].documentId,
      hook: (await svc.webhooks.register('http://127.0.0.1:9/b-hook', 'test')).id,
      checkpoint: (await svc.log.latestCheckpoint())!,
      source: await app.services.sources.create({ kind: 'git', name: 'b-source', config: { url: 'https://b.invalid/b-repo.git' } }),
    }));
    bSourceId = bData.source.id;
    bRunId = (await app.services.db.inTenant(b.tenantId, () => app.services.sources.requestSync(bSourceId))).id;
    bDocId = bData.doc;
    bHookId = bData.hook;
    bSecrets = [
      b.tenantId,
      b.slug,
      bDocId,
      bHookId,
      bSourceId,
      'b-hook',
      'b-repo',
      'b-source',
      `content of ${b.slug}`,
      bData.checkpoint.rootHash.toString('base64'),
      ...bData.keys.map((k) => k.id),
      ...bData.keys.map((k) => k.prefix),
      ...bData.signing.keys.map((k) => k.keyId),
    ];
  });
  afterAll(() => app?.close());

  it('answers 404/403 with none of B in 1,000 generated requests', async () => {
    const bKeyIds = [b.adminKeyId, ...Object.values(b.keys).map((k) => k.id)];
    const bRefs = [b.tenantId, b.slug, ...bKeyIds, bDocId];
    type Endpoint = { method: string; path: (id: string) => string; needsId: boolean; ids?: string[]; body?: Record<string, unknown> };
    const endpoints: Endpoint[] = [
      { method: 'GET', path: (id) => `/v1/keys/${id}`, needsId: true, ids: bKeyIds },
      { method: 'POST', path: (id) => `/v1/keys/${id}/revoke`, needsId: true, ids: bKeyIds },
      { method: 'GET', path: () => `/v1/keys`, needsId: false },
      { method: 'POST', path: () => `/v1/keys`, needsId: false, body: { role: 'agent' } },
      { method: 'GET', path: () => `/v1/whoami`, needsId: false },
      { method: 'GET', path: () => `/v1/admin-audit`, needsId: false },
      { method: 'GET', path: (id) => `/v1/documents/${id}/provenance`, needsId: true, ids: [bDocId] },
      { method: 'GET', path: (id) => `/v1/documents/${id}/bundle`, needsId: true, ids: [bDocId] },
      { method: 'GET', path: (id) => `/v1/documents/${id}`, needsId: true, ids: [bDocId] },
      { method: 'POST', path: (id) => `/v1/log/webhooks/${id}/disable`, needsId: true, ids: [bHookId] },
      { method: 'GET', path: () => `/v1/log/webhooks`, needsId: false },
      { method: 'POST', path: () => `/v1/log/webhooks`, needsId: false, body: { url: 'http://127.0.0.1:9/x' } },
      { method: 'GET', path: () => `/v1/log/checkpoint`, needsId: false },
      { method: 'POST', path: () => `/v1/log/checkpoint`, needsId: false },
      { method: 'GET', path: () => `/v1/log/keys`, needsId: false },
      { method: 'GET', path: () => `/v1/log/proofs/inclusion?index=0&size=1`, needsId: false },
      { method: 'GET', path: () => `/v1/log/proofs/consistency?from=1&to=1`, needsId: false },
      { method: 'POST', path: () => `/v1/signing-keys/rotate`, needsId: false },
      { method: 'POST', path: () => `/v1/verify`, needsId: false },
      { method: 'GET', path: (id) => `/v1/sources/${id}`, needsId: true, ids: [bSourceId] },
      { method: 'PATCH', path: (id) => `/v1/sources/${id}`, needsId: true, ids: [bSourceId], body: { trustTier: 'low' } },
      { method: 'DELETE', path: (id) => `/v1/sources/${id}`, needsId: true, ids: [bSourceId] },
      { method: 'POST', path: (id) => `/v1/sources/${id}/disable`, needsId: true, ids: [bSourceId] },
      { method: 'POST', path: (id) => `/v1/sources/${id}/sync`, needsId: true, ids: [bSourceId] },
      { method: 'GET', path: (id) => `/v1/sources/${id}/runs`, needsId: true, ids: [bSourceId] },
      { method: 'GET', path: (id) => `/v1/sync-runs/${id}`, needsId: true, ids: [bRunId] },
      { method: 'GET', path: (id) => `/v1/ingest/batches/${id}`, needsId: true, ids: [bRunId] },
      { method: 'GET', path: () => `/v1/sources`, needsId: false },
      { method: 'POST', path: () => `/v1/context/search`, needsId: false, body: { query: 'content of' } },
      { method: 'POST', path: () => `/v1/sources`, needsId: false, body: { kind: 'git', name: 'x', config: { url: 'https://x.invalid/r.git' } } },
    ];
    const sometimes = <T>(arb: fc.Arbitrary<T>) =>
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
    const selectorHeader = fc.constantFrom('x-tenant-id', 'x-tenant', 'x-tenant-slug', 'x-ctxvault-tenant');
    const selectorField = fc.constantFrom('tenant', 'tenantId', 'tenant_id', 'tenantSlug', 'TENANT_ID');
    const injection = fc.record({
      endpoint: fc.constantFrom(...endpoints),
      pathId: fc.constantFrom(...bKeyIds, b.tenantId),
      pathIdPick: fc.nat(),
      header: sometimes(fc.tuple(selectorHeader, fc.constantFrom(...bRefs))),
      query: sometimes(fc.tuple(selectorField, fc.constantFrom(...bRefs))),
      body: sometimes(fc.tuple(selectorField, fc.constantFrom(...bRefs))),
    });
    let count = 0;
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(injection, async (inj) => {
        const ep = inj.endpoint;
        // Endpoints without an id are only reached by B's data through a selector; make sure there is one
        // (a GET carries no body).
        const hasSelector = !!inj.header || !!inj.query || (ep.method === 'POST' && !!inj.body);
        const header = inj.header ?? (!ep.needsId && !hasSelector ? (['x-tenant-id', b.tenantId] as [string, string]) : undefined);
        const ids = ep.ids ?? [inj.pathId];
        let path = ep.path(ids[inj.pathIdPick % ids.length]);
        if (inj.query) path += `${path.includes('?') ? '&' : '?'}${encodeURIComponent(inj.query[0])}=${encodeURIComponent(inj.query[1])}`;
        const body = ep.method === 'POST' ? { ...(ep.body ?? {}), ...(inj.body ? { [inj.body[0]]: inj.body[1] } : {}) } : undefined;
        const res = await http(app.url, ep.method, path, { key: a.adminKey, body, headers: header ? { [header[0]]: header[1] } : {} });
        count++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        expect([403, 404]).toContain(res.status);
        for (const secret of bSecrets) {
          if (res.text.includes(secret)) throw new Error(`response to ${ep.method} ${path} contains B's ${secret}: ${res.text}`);
        }
      }),
      { numRuns: 1000 },
    );
    expect(count).toBe(1000);
    expect(statuses[403]).toBeGreaterThan(100);
    expect(statuses[404]).toBeGreaterThan(50);
    // None of those requests changed B: its keys all still work and nothing was added to its audit.
    for (const k of [b.adminKey, ...Object.values(b.keys).map((x) => x.key)]) {
      expect((await http(app.url, 'GET', '/v1/whoami', { key: k })).status).toBe(200);
    }
    const after = await app.services.db.inTenant(b.tenantId, async () => ({
      keys: await app.tenancy.keys.list({ includeRevoked: true, limit: 100, offset: 0 }),
      signing: await app.services.provenance.keyring.history(),
      hooks: await app.services.provenance.webhooks.list(true),
    }));
    expect(after.keys).toHaveLength(4);
    expect(after.signing.keys).toHaveLength(1);
    expect(after.hooks.filter((h) => h.disabledAt)).toHaveLength(0);
    const bSource = await app.services.db.inTenant(b.tenantId, () => app.services.sources.get(bSourceId));
    expect(bSource).toMatchObject({ enabled: true, trustTier: 'standard' });
  });

  it("lists only the caller's own keys and tenant", async () => {
    const keys = await http(app.url, 'GET', '/v1/keys', { key: a.adminKey });
    expect(keys.status).toBe(200);
    expect(keys.json).toHaveLength(4);
    for (const s of bSecrets) expect(keys.text).not.toContain(s);
    const who = await http(app.url, 'GET', '/v1/whoami', { key: a.keys.agent.key });
    expect(who.json.tenant).toMatchObject({ id: a.tenantId, slug: a.slug });
  });
});

describe('pool reuse over HTTP (real PostgreSQL, pool of 2)', () => {
  it('50 concurrent requests across tenants, some failing mid-transaction, never see another tenant', async () => {
    const app = await startTestApp({ DATABASE_POOL_MAX: '2', MAX_API_KEYS_PER_TENANT: '4', RATE_LIMIT_REQUESTS: '1000000' });
    try {
      const tenants: Array<Awaited<ReturnType<typeof createTenantWithKeys>>> = [];
      for (let i = 0; i < 3; i++) tenants.push(await createTenantWithKeys(app.tenancy, uniqueSlug(`hpool-${i}`), ['agent', 'security', 'ingest']));
      const ids = new Map(tenants.map((t) => [t.tenantId, t]));
      const problems: string[] = [];
      const statuses: number[] = [];
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const t = tenants[i % 3];
          let res;
          if (i % 5 === 0) {
            // The tenant already holds 4 active keys: counted inside the transaction, then refused (409).
            res = await http(app.url, 'POST', '/v1/keys', { key: t.adminKey, body: { role: 'agent' } });
          } else if (i % 5 === 1) {
            // Looked up inside the transaction, not found (404), rolled back.
            res = await http(app.url, 'POST', `/v1/keys/${crypto.randomUUID()}/revoke`, { key: t.adminKey });
          } else if (i % 5 === 2) {
            res = await http(app.url, 'GET', '/v1/whoami', { key: t.keys.agent.key });
            if (res.json?.tenant?.id !== t.tenantId) problems.push(`whoami ${i}: ${res.text}`);
          } else {
            res = await http(app.url, 'GET', '/v1/keys?includeRevoked=true', { key: t.adminKey });
            const seen = new Set((res.json as Array<{ id: string }>).map((k) => k.id));
            const own = [t.adminKeyId, ...Object.values(t.keys).map((k) => k.id)];
            if (seen.size !== 4 || own.some((id) => !seen.has(id))) problems.push(`list ${i}: ${res.text}`);
          }
          statuses.push(res.status);
          for (const other of ids.values()) {
            if (other.tenantId !== t.tenantId && (res.text.includes(other.tenantId) || res.text.includes(other.adminKeyId))) {
              problems.push(`request ${i} of ${t.slug} saw ${other.slug}`);
            }
          }
        }),
      );
      expect(statuses.filter((s) => s === 409)).toHaveLength(10);
      expect(statuses.filter((s) => s === 404)).toHaveLength(10);
      expect(statuses.filter((s) => s === 200)).toHaveLength(30);
      expect(problems).toEqual([]);
      const pool = (app.database.db.dataSource.driver as unknown as { master: import('pg').Pool }).master;
      const clients = await Promise.all([pool.connect(), pool.connect()]);
      for (const c of clients) {
        const r = await c.query(`SELECT current_setting('app.tenant_id', true) AS t, (SELECT count(*)::int FROM api_keys) AS n`);
        expect({ tenant: r.rows[0].t ?? '', visible: r.rows[0].n }).toEqual({ tenant: '', visible: 0 });
        c.release();
      }
    } finally {
      await app.close();
    }
  });
});
