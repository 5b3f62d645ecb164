import { isUuid, newId, NotFoundError, ValidationError, ConflictError } from '@ctxvault/common';
import { AdminTrustTier, PolicyRepository, SourceRepository, TrustRuleRow, WithholdAt } from '@ctxvault/persistence';
import { DEFAULT_WITHHOLD_AT, WITHHOLD_LEVELS, withholdSeveritiesFor } from './serving-policy';

export const ADMIN_TRUST_TIERS: AdminTrustTier[] = ['trusted', 'standard', 'low', 'untrusted'];
export const RULE_SCOPES = ['container', 'author'] as const;
const MAX_VALUE_CHARS = 500;
const MAX_NOTE_CHARS = 500;

export interface PoisoningPolicyView {
  withholdAt: WithholdAt;
  withholdSeverities: string[];
  /** False while the tenant uses the default (withhold high and critical). */
  configured: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * The tenant's poisoning policy, set by admins: the withholding threshold (flags at or above it keep
 * content from agents; `never` withholds nothing but confirmed flags) and trust rules for containers
 * (a prefix of documents' external ids: a Slack channel, a Notion page tree, a Sentry project, a
 * repository path) and authors. A source's own tier is its `trustTier` setting.
 */
export class PolicyService {
  constructor(
    private readonly policies: PolicyRepository,
    private readonly sources: SourceRepository,
    private readonly limits: { trustRulesMax: number },
  ) {}

  async get(): Promise<PoisoningPolicyView & { trustRules: TrustRuleRow[] }> {
    const row = await this.policies.load();
    const withholdAt = row.withholdAt ?? DEFAULT_WITHHOLD_AT;
    return {
      withholdAt,
      withholdSeverities: withholdSeveritiesFor(withholdAt),
      configured: row.withholdAt !== null,
      updatedAt: row.updatedAt?.toISOString() ?? null,
      updatedBy: row.updatedBy,
      trustRules: row.rules,
    };
  }

  async setWithholdAt(value: unknown, actor: string): Promise<PoisoningPolicyView> {
    if (typeof value !== 'string' || !(WITHHOLD_LEVELS as readonly string[]).includes(value)) {
      throw new ValidationError(`withholdAt must be one of ${WITHHOLD_LEVELS.join(', ')} (the lowest severity that withholds content from agents; never: only confirmed flags do)`);
    }
    await this.policies.setWithholdAt(value as WithholdAt, actor);
    const { trustRules: _r, ...view } = await this.get();
    return view;
  }

  listRules(): Promise<TrustRuleRow[]> {
    return this.policies.listRules();
  }

  async addRule(req: { scope?: unknown; sourceId?: unknown; value?: unknown; tier?: unknown; note?: unknown }, actor: string): Promise<TrustRuleRow> {
    if (typeof req.scope !== 'string' || !(RULE_SCOPES as readonly string[]).includes(req.scope)) {
      throw new ValidationError(`scope must be one of ${RULE_SCOPES.join(', ')} (a source's own tier is its trustTier setting: PATCH /v1/sources/{id})`);
    }
    if (typeof req.value !== 'string' || !req.value.trim()) {
      throw new ValidationError(req.scope === 'author' ? 'value must be the author id as documents carry it (document.author.id)' : 'value must be a prefix of document external ids, e.g. "slack:C0123456:" for a Slack channel');
    }
    if (req.value.length > MAX_VALUE_CHARS) throw new ValidationError(`value has ${req.value.length} characters; at most ${MAX_VALUE_CHARS}`);
    if (typeof req.tier !== 'string' || !(ADMIN_TRUST_TIERS as string[]).includes(req.tier)) throw new ValidationError(`tier must be one of ${ADMIN_TRUST_TIERS.join(', ')}`);
    if (req.sourceId !== undefined && req.sourceId !== null && !isUuid(req.sourceId)) throw new ValidationError('sourceId must be a source id (UUID), or left out for every source');
    if (req.note !== undefined && req.note !== null && (typeof req.note !== 'string' || req.note.length > MAX_NOTE_CHARS)) throw new ValidationError(`note must be a string of at most ${MAX_NOTE_CHARS} characters`);
    const sourceId = (req.sourceId as string | undefined) ?? null;
    if (sourceId && !(await this.sources.findById(sourceId))) throw new NotFoundError('no source with this sourceId in this tenant');
    const existing = await this.policies.listRules();
    const same = existing.find((r) => r.scope === req.scope && r.sourceId === sourceId && r.value === req.value);
    if (!same && existing.length >= this.limits.trustRulesMax) throw new ConflictError(`this tenant has ${existing.length} trust rules, the most allowed (TRUST_RULES_MAX); remove one first`);
    return this.policies.upsertRule({ id: newId(), scope: req.scope as 'container' | 'author', sourceId, value: req.value, tier: req.tier as AdminTrustTier, note: (req.note as string | undefined) ?? null, createdBy: actor });
  }

  async removeRule(id: string): Promise<TrustRuleRow> {
    if (!isUuid(id)) throw new ValidationError('trust rule id must be a UUID');
    const row = await this.policies.deleteRule(id);
    if (!row) throw new NotFoundError('no trust rule with this id in this tenant');
    return row;
  }
}
