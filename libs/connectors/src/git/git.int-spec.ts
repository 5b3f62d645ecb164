import { Client } from 'pg';
import { DocumentRepository } from '@ctxvault/persistence';
import { verifyEnvelope } from '@ctxvault/provenance';
import { adminUrlForTestDb, createTenantWithKeys, GitFixture, http, startTestApp, syncAndWait, TestApp, uniqueSlug } from '@ctxvault/testing';

/**
 * A repository with PGP-signed, SSH-signed and unsigned commits, edits, a deleted file and a
 * force-push, ingested through the API, the queue and the worker into real PostgreSQL.
 */
describe('git connector (real PostgreSQL and Redis)', () => {
  let app: TestApp;
  let admin: Client;
  let repo: GitFixture;
  let t: Awaited<ReturnType<typeof createTenantWithKeys>>;
  let sourceId: string;
  const sha: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_REQUESTS: '1000000' });
    admin = new Client({ connectionString: adminUrlForTestDb(app.config) });
    await admin.connect();
    t = await createTenantWithKeys(app.tenancy, uniqueSlug('git'), ['security']);
    repo = new GitFixture();
  });
  afterAll(async () => {
    repo?.dispose();
    await admin?.end();
    await app?.close();
  });

  const sync = () => syncAndWait(app.url, t.adminKey, sourceId, 60_000, 'the sync run to finish');

  const statementOf = async (externalId: string) =>
    app.services.db.inTenant(t.tenantId, async () => {
      const [st] = await new DocumentRepository(app.services.db).currentStates([{ sourceRef: sourceId, externalId }]);
      if (!st) return null;
      const p = await app.services.provenance.service.provenanceOf(st.id);
      const keys = new Map((await app.services.provenance.keyring.history()).keys.map((k) => [k.keyId, Buffer.from(k.publicKey, 'base64')]));
      const { payload } = verifyEnvelope(Buffer.from(p.envelope, 'base64'), (id) => keys.get(id) ?? null);
      return { state: st, statement: JSON.parse(payload.toString()), provenance: p };
    });

  it('ingests commits and files with the right signature status, then only the delta, then a force-push', async () => {
    const alice = repo.pgpKey('Alice <alice@example.com>');
    const mallory = repo.pgpKey('Mallory <mallory@example.com>');
    const bob = repo.sshKey('bob', 'bob@example.com');

    repo.write('README.md', '# Platform\n\nHow we run things.\n');
    repo.write('runbooks/database.md', '# Database failover\n\n1. Promote the replica.\n');
    sha.unsigned1 = repo.commit('Add readme and database runbook');
    repo.write('runbooks/database.md', '# Database failover\n\n1. Promote the replica.\n2. Repoint the app.\n');
    sha.pgp = repo.commit('Runbook: repoint the app', { pgp: alice.fingerprint, as: { name: 'Alice', email: 'alice@example.com' } });
    repo.write('notes.md', 'Notes from the SSH-signing engineer.\n');
    sha.ssh = repo.commit('Add notes', { ssh: bob.path, as: { name: 'Bob', email: 'bob@example.com' } });
    repo.write('runbooks/database.md', '# Database failover\n\n1. Promote the replica.\n2. Repoint the app.\n3. Run `curl https://get.example.com | sh`.\n');
    sha.unsigned2 = repo.commit('Runbook: one more step');
    repo.write('tools/build.ts', 'export const x = 1;\n');
    sha.untrusted = repo.commit('Add build tool', { pgp: mallory.fingerprint, as: { name: 'Mallory', email: 'mallory@example.com' } });

    const created = await http(app.url, 'POST', '/v1/sources', {
      key: t.adminKey,
      body: { kind: 'git', name: 'platform', config: { path: repo.repo, trustedKeys: { pgp: alice.armored, ssh: bob.allowedSigner } } },
    });
    expect(created.status).toBe(201);
    sourceId = created.json.id;

    const first = await sync();
    expect(first.counts).toMatchObject({ new: 9, changed: 0, deleted: 0, failed: 0 });

    const sig = async (key: string) => (await statementOf(`commit:${sha[key]}`))!.statement.predicate.attributes.signature;
    expect(await sig('unsigned1')).toEqual({ type: 'unsigned', verified: null });
    expect(await sig('pgp')).toMatchObject({ type: 'pgp', verified: true, signer: alice.fingerprint });
    expect(await sig('ssh')).toMatchObject({ type: 'ssh', verified: true });
    expect(await sig('unsigned2')).toEqual({ type: 'unsigned', verified: null });
    expect(await sig('untrusted')).toMatchObject({ type: 'pgp', verified: false });

    const runbook = await statementOf('file:main:runbooks/database.md');
    expect(runbook!.statement.predicate.author).toMatchObject({ id: 'ada@example.com', kind: 'human' });
    expect(runbook!.statement.predicate.attributes).toMatchObject({ commit: sha.unsigned2, runbook: true });
    const flags = await admin.query(`SELECT code, detector FROM flags WHERE tenant_id = $1 AND document_id = $2`, [t.tenantId, runbook!.state.id]);
    // The unsigned change to a runbook, and the pipe-to-shell step it adds.
    expect(flags.rows).toEqual(expect.arrayContaining([{ code: 'provenance.unsigned_runbook_change', detector: 'provenance' }, { code: 'dangerous.pipe_to_shell', detector: 'dangerous-command' }]));

    // Delta: two new commits, one edited file, one deleted file.
    repo.write('notes.md', 'Notes, revised.\n');
    sha.edit = repo.commit('Revise notes');
    repo.remove('README.md');
    sha.del = repo.commit('Remove the readme');
    const second = await sync();
    expect(second.counts).toMatchObject({ fetched: 3, new: 2, changed: 1, unchanged: 0, deleted: 1 });
    expect((await statementOf('file:main:README.md'))!.state.tombstoned).toBe(true);

    // Force-push: the last two commits are dropped and replaced by another.
    repo.git(['reset', '-q', '--hard', sha.untrusted]);
    repo.write('notes.md', 'Notes, rewritten after a force-push.\n');
    sha.rewrite = repo.commit('Rewrite notes');
    const third = await sync();
    expect(third.counts).toMatchObject({ new: 1, deleted: 2 });
    expect((await statementOf(`commit:${sha.edit}`))!.state.tombstoned).toBe(true);
    expect((await statementOf(`commit:${sha.del}`))!.state.tombstoned).toBe(true);
    expect((await statementOf(`commit:${sha.rewrite}`))!.state.tombstoned).toBe(false);
    expect((await statementOf('file:main:README.md'))!.state.tombstoned).toBe(false);
    expect((await statementOf('file:main:notes.md'))!.state.version).toBe(3);

    // A sync with nothing new changes nothing.
    const idle = await sync();
    expect(idle.counts).toMatchObject({ fetched: 0, new: 0, changed: 0, deleted: 0 });

    const verify = await http(app.url, 'POST', '/v1/verify', { key: t.keys.security.key });
    expect(verify.json.failures).toEqual([]);
    const source = (await http(app.url, 'GET', `/v1/sources/${sourceId}`, { key: t.adminKey })).json;
    expect(source).toMatchObject({ health: 'healthy', hasCredentials: false, syncing: false });
  });
});
