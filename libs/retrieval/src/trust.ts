/** Trust tiers, lowest first; a result's tier is a number 0..3 in the store and a name in answers. */
export const TRUST_TIERS = ['untrusted', 'low', 'medium', 'high'] as const;
export type TrustTier = (typeof TRUST_TIERS)[number];

export interface Trust {
  tier: TrustTier;
  reasons: string[];
}

/**
 * The base tier of a document from what its source reports (the store computes the same rule in
 * SQL, see migration Search1764115200000, for the minTrustTier filter).
 */
export function baseTrust(sourceKind: string, authorKind: string | null): Trust {
  const who = authorKind ?? 'unknown';
  if (sourceKind === 'sentry') return { tier: 'low', reasons: ['world-writable source: Sentry events carry text written by whoever triggers an error'] };
  if (who === 'guest' || who === 'external' || who === 'unknown') {
    return { tier: 'low', reasons: [who === 'unknown' ? 'author unknown' : `${who} author (outside the organization)`] };
  }
  if (who === 'bot') return { tier: 'medium', reasons: ['written by a bot or integration'] };
  if (sourceKind === 'push') return { tier: 'medium', reasons: ['pushed through the API: the author is as the pushing key states it'] };
  return { tier: 'high', reasons: [`${who} author of the organization, from its ${sourceKind} workspace`] };
}

/**
 * The tier served: the base tier, lowered by flags in force (open or confirmed) and by provenance that
 * does not verify. A flag cleared by a reviewer no longer lowers it; the reasons say it was cleared.
 */
export function servedTrust(base: Trust, flags: Array<{ code: string; severity: string; status?: string }>, verified: boolean): Trust {
  let rank = TRUST_TIERS.indexOf(base.tier);
  const reasons = [...base.reasons];
  for (const f of flags) {
    if (f.status === 'cleared') {
      reasons.push(`flag ${f.code} (${f.severity}) cleared by a security review`);
    } else if (f.severity === 'high' || f.severity === 'critical' || f.status === 'confirmed') {
      rank = 0;
      reasons.push(`flagged ${f.code} (${f.severity})${f.status === 'confirmed' ? ', confirmed by a security review' : ''}`);
    } else if (f.severity === 'medium') {
      rank = Math.min(rank, 1);
      reasons.push(`flagged ${f.code} (medium)`);
    }
  }
  if (!verified) {
    rank = 0;
    reasons.push('provenance did not verify');
  }
  return { tier: TRUST_TIERS[rank], reasons };
}

export function trustRank(tier: string): number {
  return (TRUST_TIERS as readonly string[]).indexOf(tier);
}
