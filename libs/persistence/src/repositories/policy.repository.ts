import { Database, sqlInteger, sqlLiteral } from '../database';
import { retrievalSessionSql } from './retrieval';

export type WithholdAt = 'low' | 'medium' | 'high' | 'critical' | 'never';
export type AdminTrustTier = 'trusted' | 'standard' | 'low' | 'untrusted';
export type TrustScope = 'source' | 'container' | 'author';

export interface TrustRuleRow {
  id: string;
  scope: TrustScope;
  sourceId: string | null;
  value: string;
  tier: AdminTrustTier;
  note: string | null;
  createdAt: Date;
  createdBy: string;
}

/** What a search applies besides the detectors: the tenant's withholding threshold and trust rules. */
export interface PolicyRow {
  withholdAt: WithholdAt | null;
  updatedAt: Date | null;
  updatedBy: string | null;
  /** Admin trust tiers of the tenant's sources (sources.trust_tier), by source id. */
  sources: Record<string, AdminTrustTier>;
  rules: TrustRuleRow[];
}

const RULE_COLS = `id, scope, source_id AS "sourceId", value, tier, note, created_at AS "createdAt", created_by AS "createdBy"`;

/** The tenant's poisoning policy and trust rules. */
export class PolicyRepository {
  constructor(private readonly db: Database) {}

  /**
   * One statement: the threshold, the sources' tiers and every trust rule. With `retrievalEfSearch`
   * (a search about to retrieve: see efSearchOf), the same statement also sets the retrieval's
   * session settings and takes its lock, and it is sent with the transaction's BEGIN (readFirst):
   * one round trip for the three.
   */
  async load(retrievalEfSearch?: number): Promise<PolicyRow> {
    type Row = { policy: { withholdAt: WithholdAt; updatedAt: string; updatedBy: string } | null; sources: Record<string, AdminTrustTier> | null; rules: TrustRuleRow[] | null };
    const sql = (tenant: string, session: string) =>
      `SELECT ${session}(SELECT json_build_object('withholdAt', withhold_at, 'updatedAt', updated_at, 'updatedBy', updated_by) FROM poisoning_policies WHERE tenant_id = ${tenant}) AS policy,
              (SELECT json_object_agg(id, trust_tier) FROM sources WHERE tenant_id = ${tenant} AND trust_tier <> 'standard') AS sources,
              (SELECT json_agg(json_build_object('id', id, 'scope', scope, 'sourceId', source_id, 'value', value, 'tier', tier, 'note', note, 'createdAt', created_at, 'createdBy', created_by) ORDER BY created_at, id)
                 FROM trust_rules WHERE tenant_id = ${tenant}) AS rules`;
    let row: Row;
    if (retrievalEfSearch === undefined) {
      [row] = await this.db.preparedQuery<Row>(sql('$1', ''), [this.db.tenantId()]);
    } else {
      [row] = await this.db.readFirst<Row>(sql(`${sqlLiteral(this.db.tenantId())}::uuid`, `${retrievalSessionSql(sqlInteger(retrievalEfSearch))}, `));
    }
    return {
      withholdAt: row.policy?.withholdAt ?? null,
      updatedAt: row.policy ? new Date(row.policy.updatedAt) : null,
      updatedBy: row.policy?.updatedBy ?? null,
      sources: row.sources ?? {},
      rules: (row.rules ?? []).map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
    };
  }

  async setWithholdAt(withholdAt: WithholdAt, by: string): Promise<void> {
    await this.db.manager().query(
      `INSERT INTO poisoning_policies (tenant_id, withhold_at, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (tenant_id) DO UPDATE SET withhold_at = EXCLUDED.withhold_at, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [this.db.tenantId(), withholdAt, by],
    );
  }

  listRules(): Promise<TrustRuleRow[]> {
    return this.db.manager().query(`SELECT ${RULE_COLS} FROM trust_rules WHERE tenant_id = $1 ORDER BY created_at, id`, [this.db.tenantId()]);
  }

  /** Adds a rule, or changes the tier and note of the rule with the same target. */
  async upsertRule(r: { id: string; scope: TrustScope; sourceId: string | null; value: string; tier: AdminTrustTier; note: string | null; createdBy: string }): Promise<TrustRuleRow> {
    const rows: TrustRuleRow[] = await this.db.manager().query(
      `INSERT INTO trust_rules (tenant_id, id, scope, source_id, value, tier, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, scope, coalesce(source_id, '00000000-0000-0000-0000-000000000000'::uuid), value)
       DO UPDATE SET tier = EXCLUDED.tier, note = EXCLUDED.note, created_by = EXCLUDED.created_by, created_at = now()
       RETURNING ${RULE_COLS}`,
      [this.db.tenantId(), r.id, r.scope, r.sourceId, r.value, r.tier, r.note, r.createdBy],
    );
    return rows[0];
  }

  async deleteRule(id: string): Promise<TrustRuleRow | null> {
    const [rows]: [TrustRuleRow[], number] = await this.db.manager().query(`DELETE FROM trust_rules WHERE tenant_id = $1 AND id = $2 RETURNING ${RULE_COLS}`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }
}
