import { AdminTrustTier, inForce, PolicyRow, StoredFlag, TrustRuleRow, WithholdAt } from '@ctxvault/persistence';
import { assess, Assessment, Severity } from '@ctxvault/poisoning';
import { Trust, TRUST_TIERS } from './trust';

export const SEVERITY_ORDER = ['low', 'medium', 'high', 'critical'] as const;
export const WITHHOLD_LEVELS = [...SEVERITY_ORDER, 'never'] as const;
/** Without a tenant setting: high and critical flags withhold a result from agents. */
export const DEFAULT_WITHHOLD_AT: WithholdAt = 'high';

/** What serving applies on top of the detectors' flags: the tenant's threshold and admin trust tiers. */
export interface ServingPolicy {
  withholdAt: WithholdAt;
  withholdSeverities: string[];
  sources: Record<string, AdminTrustTier>;
  rules: TrustRuleRow[];
}

export function withholdSeveritiesFor(at: WithholdAt): string[] {
  return at === 'never' ? [] : SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(at)).map(String);
}

export function servingPolicy(row: PolicyRow): ServingPolicy {
  const withholdAt = row.withholdAt ?? DEFAULT_WITHHOLD_AT;
  return { withholdAt, withholdSeverities: withholdSeveritiesFor(withholdAt), sources: row.sources, rules: row.rules };
}

/**
 * The flags that withhold a document from agents: in force (not cleared by review) and either
 * confirmed by a reviewer (whatever the severity) or at a severity the tenant withholds.
 */
export function withholdingFlags<F extends Pick<StoredFlag, 'status' | 'severity'>>(policy: Pick<ServingPolicy, 'withholdSeverities'>, flags: F[]): F[] {
  return flags.filter((f) => inForce(f) && (f.status === 'confirmed' || policy.withholdSeverities.includes(f.severity)));
}

/** The admin tier that applies to a document: its author's rule, else its container's (longest prefix), else its source's. */
export function adminTierOf(policy: Pick<ServingPolicy, 'rules' | 'sources'>, doc: { sourceRef: string; externalId: string; authorId: string | null }): { tier: AdminTrustTier; reason: string } | null {
  const applies = (r: TrustRuleRow) => r.sourceId === null || r.sourceId === doc.sourceRef;
  const author = doc.authorId === null ? undefined : policy.rules.find((r) => r.scope === 'author' && r.value === doc.authorId && applies(r));
  if (author) return { tier: author.tier, reason: `author ${doc.authorId} set ${author.tier} by an admin${author.note ? ` (${author.note})` : ''}` };
  const container = policy.rules
    .filter((r) => r.scope === 'container' && applies(r) && doc.externalId.startsWith(r.value))
    .sort((a, b) => b.value.length - a.value.length)[0];
  if (container) return { tier: container.tier, reason: `container ${container.value} set ${container.tier} by an admin${container.note ? ` (${container.note})` : ''}` };
  const source = policy.sources[doc.sourceRef];
  if (source && source !== 'standard') return { tier: source, reason: `source set ${source} by an admin` };
  return null;
}

/** The base tier after an admin's setting: trusted raises to high, low and untrusted lower, standard keeps. */
export function withAdminTier(base: Trust, admin: { tier: AdminTrustTier; reason: string } | null): Trust {
  if (!admin || admin.tier === 'standard') return base;
  const rank = TRUST_TIERS.indexOf(base.tier);
  const to = admin.tier === 'trusted' ? TRUST_TIERS.length - 1 : admin.tier === 'low' ? Math.min(rank, 1) : 0;
  return { tier: TRUST_TIERS[to], reasons: [...base.reasons, admin.reason] };
}

/** Whether the policy can change a document's tier from its base (then a tier filter runs after retrieval, not in SQL). */
export function hasTrustSettings(policy: Pick<ServingPolicy, 'rules' | 'sources'>): boolean {
  return policy.rules.length > 0 || Object.keys(policy.sources).length > 0;
}

/** Risk scores of a chunk and of its document from the document's live flags (cleared ones do not count). */
export function riskOf(flags: Array<{ status: string; severity: string; chunkOrdinal: number | null }>, chunkOrdinal: number | null): { chunk: Assessment; document: Assessment } {
  const live = flags.filter(inForce).map((f) => ({ severity: f.severity as Severity, chunkOrdinal: f.chunkOrdinal }));
  return { chunk: assess(live.filter((f) => f.chunkOrdinal === null || f.chunkOrdinal === chunkOrdinal)), document: assess(live) };
}
