import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion, verifyNote } from '@ctxvault/provenance';
import { createTenantWithKeys, docVersion, http, startTestApp, TestApp, uniqueSlug, waitFor } from '@ctxvault/testing';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');
const b64 = (s: string) => Buffer.from(s, 'base64');

/** Runs the CLI in a fresh network namespace (no network at all) when the machine allows it. */
function offline(args: string[]): { status: number; stdout: string; isolated: boolean } {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
  const isolated = spawnSync('unshare', ['-n', 'true']).status === 0;
  const cmd = isolated ? 'unshare' : 'node';
  const argv = isolated ? ['-n', 'node', join(root, 'bin/ctxvault'), ...args] : [join(root, 'bin/ctxvault'), ...args];
  const r = spawnSync(cmd, argv, { env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, isolated };
}

describe('provenance over HTTP', () => {
  let app: TestApp;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;
  let docId: string;
  const received: Array<{ size: string; body: string }> = [];
  let hookServer: Server;
  let hookUrl: string;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_REQUESTS: '1000000', CHECKPOINT_WEBHOOK_ALLOW_PRIVATE: 'true' });
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('prov-http'), ['agent', 'security']);
    const [r] = await app.services.db.inTenant(t.tenantId, () =>
      app.services.provenance.service.recordVersions([docVersion('runbook-db', 'To fail over the database, promote the replica.')]),
    );
    docId = r.documentId;
    hookServer = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ size: String(req.headers['x-ctxvault-checkpoint-size']), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/checkpoints`;
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((r) => hookServer?.close(r));
  });

  it('serves the checkpoint, inclusion and consistency proofs that verify against the published keys', async () => {
    const keys = (await http(app.url, 'GET', '/v1/log/keys', { key: t.keys.agent.key })).json;
    const wellKnown = await http(app.url, 'GET', `/.well-known/ctxvault/tenants/${t.slug}/keys.json`);
    expect(wellKnown.status).toBe(200);
    expect(wellKnown.json).toEqual(keys);
    const vkeys = keys.keys.map((k: { vkey: string }) => parseVerifierKey(k.vkey));
    const cp = (await http(app.url, 'GET', '/v1/log/checkpoint', { key: t.keys.agent.key })).json;
    const body = parseCheckpoint(verifyNote(cp.note, vkeys).text);
    expect(body.size).toBe(cp.size);

    const prov = (await http(app.url, 'GET', `/v1/documents/${docId}/provenance`, { key: t.keys.agent.key })).json;
    expect(prov).toMatchObject({ documentId: docId, kind: 'statement', leafIndex: 1 });
    const inc = (await http(app.url, 'GET', `/v1/log/proofs/inclusion?index=${prov.leafIndex}&size=${cp.size}`, { key: t.keys.agent.key })).json;
    expect(inc.hashes).toEqual(prov.inclusionProof.hashes);

    await app.services.db.inTenant(t.tenantId, () => app.services.provenance.service.recordVersions([docVersion('more', 'more content')]));
    const cp2 = (await http(app.url, 'GET', '/v1/log/checkpoint', { key: t.keys.agent.key })).json;
    const cons = (await http(app.url, 'GET', `/v1/log/proofs/consistency?from=${cp.size}&to=${cp2.size}`, { key: t.keys.agent.key })).json;
    expect(() => verifyConsistency(cp.size, cp2.size, cons.hashes.map(b64), b64(cp.rootHash), b64(cp2.rootHash))).not.toThrow();
    expect(() => verifyInclusion(prov.leafIndex, cp.size, Buffer.alloc(32), inc.hashes.map(b64), b64(cp.rootHash))).toThrow();
  });

  it('refuses out-of-range and malformed proof requests with what to fix', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/v1/log/proofs/inclusion?index=99&size=1', /index must be a whole number from 0 to 0/],
      ['/v1/log/proofs/inclusion?index=0&size=999999', /size must be a whole number from 1 to the log size/],
      ['/v1/log/proofs/inclusion?index=-1&size=1', /index must be a whole number of at least 0/],
      ['/v1/log/proofs/inclusion?size=1', /index must be a whole number/],
      ['/v1/log/proofs/consistency?from=0&to=1', /from must be a whole number of at least 1/],
      ['/v1/log/proofs/consistency?from=3&to=2', /from must be a whole number from 1 to 2/],
    ];
    for (const [path, msg] of cases) {
      const r = await http(app.url, 'GET', path, { key: t.keys.agent.key });
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(r.json.message).toMatch(msg);
    }
    expect((await http(app.url, 'GET', `/v1/documents/${crypto.randomUUID()}/provenance`, { key: t.keys.agent.key })).status).toBe(404);
    expect((await http(app.url, 'GET', `/.well-known/ctxvault/tenants/no-such-tenant/keys.json`)).status).toBe(404);
    expect((await http(app.url, 'POST', '/v1/verify', { key: t.keys.agent.key })).status).toBe(403);
  });

  it('exports a bundle that verifies offline (no network, no DATABASE_URL) and fails on any changed byte', async () => {
    const bundle = await http(app.url, 'GET', `/v1/documents/${docId}/bundle?content=true`, { key: t.keys.agent.key });
    expect(bundle.status).toBe(200);
    const keys = await http(app.url, 'GET', '/v1/log/keys', { key: t.keys.agent.key });
    const dir = mkdtempSync(join(tmpdir(), 'cv-bundle-'));
    writeFileSync(join(dir, 'bundle.json'), bundle.text);
    writeFileSync(join(dir, 'keys.json'), keys.text);
    const ok = offline(['verify', '--bundle', join(dir, 'bundle.json'), '--keys', join(dir, 'keys.json')]);
    expect(ok.isolated).toBe(true);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, documentId: docId, contentVerified: true });
    // A few changed bytes through the CLI (every byte is covered by the integration test of the library).
    const text = Buffer.from(bundle.text);
    for (const pos of [5, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 30, text.length - 2]) {
      const changed = Buffer.from(text);
      changed[pos] = changed[pos] === 0x30 ? 0x31 : 0x30;
      writeFileSync(join(dir, 'bad.json'), changed);
      const bad = offline(['verify', '--bundle', join(dir, 'bad.json'), '--keys', join(dir, 'keys.json')]);
      expect(bad.status).toBe(1);
      const out = JSON.parse(bad.stdout);
      expect(out.ok).toBe(false);
      expect(out.message).toMatch(/^(bundle|envelope|envelope signature|statement|content|checkpoint|checkpoint signature|inclusion proof|key history): /);
    }
  });

  it('POST /v1/verify reports a clean store, and the CLI verify-store agrees', async () => {
    const r = await http(app.url, 'POST', '/v1/verify', { key: t.keys.security.key });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, failures: [] });
    const out = await run('node', [join(root, 'bin/ctxvault'), 'verify-store', '--tenant', t.slug], { env: process.env });
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, failures: [] });
  });

  it('rotates the signing key (admin only) and delivers every new checkpoint to registered webhooks', async () => {
    expect((await http(app.url, 'POST', '/v1/log/webhooks', { key: t.adminKey, body: { url: 'ftp://example.com/x' } })).status).toBe(400);
    const hook = await http(app.url, 'POST', '/v1/log/webhooks', { key: t.adminKey, body: { url: hookUrl } });
    expect(hook.status).toBe(201);
    expect((await http(app.url, 'POST', '/v1/signing-keys/rotate', { key: t.keys.agent.key })).status).toBe(403);
    const rotated = await http(app.url, 'POST', '/v1/signing-keys/rotate', { key: t.adminKey });
    expect(rotated.status).toBe(200);
    const cp = await http(app.url, 'POST', '/v1/log/checkpoint', { key: t.keys.security.key });
    expect(cp.status).toBe(201);
    await waitFor(async () => received.some((r) => Number(r.size) === cp.json.size), 15_000, 'the webhook to receive the latest checkpoint');
    const keys = (await http(app.url, 'GET', '/v1/log/keys', { key: t.keys.agent.key })).json;
    const vkeys = keys.keys.map((k: { vkey: string }) => parseVerifierKey(k.vkey));
    for (const r of received) expect(() => verifyNote(r.body, vkeys)).not.toThrow();
    const sizes = received.map((r) => Number(r.size));
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const listed = (await http(app.url, 'GET', '/v1/log/webhooks', { key: t.adminKey })).json;
    expect(listed[0]).toMatchObject({ url: hookUrl, deliveredSize: cp.json.size, consecutiveFailures: 0 });
    const audit = (await http(app.url, 'GET', '/v1/admin-audit', { key: t.adminKey })).json.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['signing_key.rotate', 'checkpoint_webhook.create']));
  });
});
