import { readFileSync } from 'node:fs';
import type { AppConfig } from '@ctxvault/config';
import { BundleVerificationError, verifyBundle, verifyLogExtends } from '@ctxvault/provenance';
import { ParsedArgs, rejectUnknownFlags, requireFlag, UsageError } from '../args';
import { tenantIdOf, withServices } from './admin.command';

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** `ctxvault verify --bundle FILE --keys FILE`: offline, no database, no network. */
export function verifyBundleCommand(args: ParsedArgs): { code: number; output: unknown } {
  rejectUnknownFlags(args, ['bundle', 'keys']);
  const bundle = readInput(requireFlag(args, 'bundle', 'the bundle file (GET /v1/documents/{id}/bundle)'), 'bundle');
  const keys = readInput(requireFlag(args, 'keys', 'the key history file (GET /v1/log/keys)'), 'key history');
  try {
    return { code: 0, output: verifyBundle(bundle, keys) };
  } catch (e) {
    if (e instanceof BundleVerificationError) return { code: 1, output: { ok: false, failed: e.step, message: e.message } };
    throw e;
  }
}

/** `ctxvault verify-store --tenant SLUG`: the full store check, over the database. */
export async function verifyStoreCommand(config: AppConfig, args: ParsedArgs): Promise<{ code: number; output: unknown }> {
  rejectUnknownFlags(args, ['tenant']);
  const slug = requireFlag(args, 'tenant', 'the slug of the tenant to check');
  const report = await withServices(config, async (s) => {
    const id = await tenantIdOf(s.tenancy, slug);
    return s.db.inTenant(id, () => s.provenance.verifier.verify());
  });
  return { code: report.ok ? 0 : 1, output: report };
}

async function fetchJson(config: AppConfig, path: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const base = config.client.url!;
  const headers: Record<string, string> = {};
  if (config.client.apiKey) headers.authorization = `Bearer ${config.client.apiKey}`;
  let res: Response;
  try {
    res = await fetch(new URL(path, base), { headers });
  } catch (e) {
    throw new UsageError(`cannot reach ${base}: ${(e as Error).message}`);
  }
  const body: any = await res.json().catch(() => null); // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!res.ok) throw new UsageError(`${path} answered ${res.status}: ${body?.message ?? 'no message'}`);
  return body;
}

/**
 * `ctxvault log consistency --old FILE`: proves the current log extends a checkpoint the caller
 * kept, either against a server (CTXVAULT_URL + CTXVAULT_API_KEY) or directly over the database (--tenant).
 */
export async function logConsistencyCommand(config: AppConfig, args: ParsedArgs): Promise<{ code: number; output: unknown }> {
  rejectUnknownFlags(args, ['old', 'tenant', 'keys']);
  const oldNote = readInput(requireFlag(args, 'old', 'the checkpoint note you kept'), 'checkpoint').toString('utf8');
  const oldSize = Number(/^[^\n]*\n(\d+)\n/.exec(oldNote)?.[1]);
  if (!Number.isSafeInteger(oldSize)) throw new UsageError('--old is not a checkpoint note (origin, size, root lines)');
  let current: { note: string; size: number };
  let proof: string[];
  let keys: Buffer;
  if (typeof args.flags.tenant === 'string') {
    const slug = args.flags.tenant;
    ({ current, proof, keys } = await withServices(config, async (s) => {
      const id = await tenantIdOf(s.tenancy, slug);
      return s.db.inTenant(id, async () => {
        const cp = (await s.provenance.log.latestCheckpoint()) ?? (await s.provenance.service.checkpointNow());
        const hashes = oldSize >= 1 && oldSize <= cp.size ? await s.provenance.log.consistencyProof(oldSize, cp.size) : [];
        return {
          current: { note: cp.note, size: cp.size },
          proof: hashes.map((h) => h.toString('base64')),
          keys: Buffer.from(JSON.stringify(await s.provenance.keyring.history())),
        };
      });
    }));
  } else {
    if (!config.client.url) throw new UsageError('give --tenant SLUG (direct database) or set CTXVAULT_URL and CTXVAULT_API_KEY');
    const cp = await fetchJson(config, '/v1/log/checkpoint');
    current = { note: cp.note, size: cp.size };
    proof = oldSize >= 1 && oldSize <= cp.size ? (await fetchJson(config, `/v1/log/proofs/consistency?from=${oldSize}&to=${cp.size}`)).hashes : [];
    keys = Buffer.from(JSON.stringify(await fetchJson(config, '/v1/log/keys')));
  }
  if (typeof args.flags.keys === 'string') keys = readInput(args.flags.keys, 'key history');
  try {
    const r = verifyLogExtends(oldNote, current.note, proof, keys);
    return { code: 0, output: { ok: true, ...r, checkpoint: current.note } };
  } catch (e) {
    if (e instanceof BundleVerificationError) return { code: 1, output: { ok: false, failed: e.step, message: e.message } };
    throw e;
  }
}

export async function logCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<{ code: number; output: unknown }> {
  if (sub === 'consistency') return logConsistencyCommand(config, args);
  if (sub !== 'checkpoint' && sub !== 'keys') throw new UsageError('usage: ctxvault log checkpoint|keys --tenant <slug> | ctxvault log consistency --old FILE');
  rejectUnknownFlags(args, ['tenant', 'new']);
  const slug = requireFlag(args, 'tenant', 'the slug of the tenant');
  const output = await withServices(config, async (s) => {
    const id = await tenantIdOf(s.tenancy, slug);
    return s.db.inTenant(id, async () => {
      if (sub === 'keys') return s.provenance.keyring.history();
      const cp = args.flags.new === true ? await s.provenance.service.checkpointNow() : ((await s.provenance.log.latestCheckpoint()) ?? (await s.provenance.service.checkpointNow()));
      return { size: cp.size, rootHash: cp.rootHash.toString('base64'), keyId: cp.keyId, note: cp.note };
    });
  });
  return { code: 0, output };
}

export async function signingKeyCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<unknown> {
  if (sub !== 'rotate' && sub !== 'list') throw new UsageError('usage: ctxvault signing-key rotate|list --tenant <slug>');
  rejectUnknownFlags(args, ['tenant']);
  const slug = requireFlag(args, 'tenant', 'the slug of the tenant');
  return withServices(config, async (s) => {
    const id = await tenantIdOf(s.tenancy, slug);
    return s.db.inTenant(id, async () => {
      if (sub === 'list') return s.provenance.keyring.history();
      const { retired, active } = await s.provenance.keyring.rotate();
      await s.provenance.service.checkpointNow();
      await s.tenancy.audit.record({ actor: 'cli', action: 'signing_key.rotate', targetType: 'signing_key', targetId: active.keyId, details: { retired } });
      return { retired, active: active.keyId };
    });
  });
}

export async function documentCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<string> {
  if (sub !== 'bundle') throw new UsageError('usage: ctxvault document bundle --tenant <slug> <document-id> [--content]');
  rejectUnknownFlags(args, ['tenant', 'content']);
  const slug = requireFlag(args, 'tenant', 'the slug of the tenant');
  const id = args.positionals[0];
  if (!id) throw new UsageError('usage: ctxvault document bundle --tenant <slug> <document-id> [--content]');
  return withServices(config, async (s) => {
    const tenantId = await tenantIdOf(s.tenancy, slug);
    return s.db.inTenant(tenantId, () => s.provenance.service.bundleOf(id, args.flags.content === true));
  });
}
