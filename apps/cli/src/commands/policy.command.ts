import type { AppConfig } from '@ctxvault/config';
import type { Services } from '@ctxvault/services';
import { ParsedArgs, rejectUnknownFlags, requireFlag, UsageError } from '../args';
import { tenantIdOf, withServices } from './admin.command';

const ACTOR = 'cli';

function inTenant<T>(config: AppConfig, args: ParsedArgs, fn: (s: Services, tenantId: string) => Promise<T>): Promise<T> {
  const slug = requireFlag(args, 'tenant', 'the slug of the tenant');
  return withServices(config, async (s) => {
    const tenantId = await tenantIdOf(s.tenancy, slug);
    return s.db.inTenant(tenantId, () => fn(s, tenantId));
  });
}

const audit = (s: Services, action: string, targetType: string, targetId: string, details: Record<string, unknown>) =>
  s.tenancy.audit.record({ actor: ACTOR, action, targetType, targetId, details });

const POLICY_USAGE = 'usage: ctxvault policy get --tenant <slug> | ctxvault policy set --tenant <slug> --withhold-at low|medium|high|critical|never';

/** `ctxvault policy get|set`: the tenant's withholding threshold (and its trust rules, read-only here). */
export function policyCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<unknown> {
  switch (sub) {
    case 'get':
      rejectUnknownFlags(args, ['tenant']);
      return inTenant(config, args, (s) => s.policy.get());
    case 'set': {
      rejectUnknownFlags(args, ['tenant', 'withhold-at']);
      const level = requireFlag(args, 'withhold-at', 'the lowest severity that withholds content from agents: low, medium, high, critical or never');
      return inTenant(config, args, async (s) => {
        const view = await s.policy.setWithholdAt(level, ACTOR);
        await audit(s, 'policy.poisoning.set', 'policy', 'poisoning', { withholdAt: level });
        return view;
      });
    }
    default:
      throw new UsageError(POLICY_USAGE);
  }
}

const RULE_USAGE =
  'usage: ctxvault trust-rule list --tenant <slug> | trust-rule add --tenant <slug> --scope container|author --value V --tier trusted|standard|low|untrusted [--source-id ID] [--note N] | trust-rule remove --tenant <slug> <rule-id>';

/** `ctxvault trust-rule list|add|remove`: admin trust tiers for containers (external-id prefixes) and authors. */
export function trustRuleCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<unknown> {
  switch (sub) {
    case 'list':
      rejectUnknownFlags(args, ['tenant']);
      return inTenant(config, args, (s) => s.policy.listRules());
    case 'add': {
      rejectUnknownFlags(args, ['tenant', 'scope', 'value', 'tier', 'source-id', 'note']);
      const req = {
        scope: requireFlag(args, 'scope', 'container (a prefix of external ids) or author (an author id)'),
        value: requireFlag(args, 'value', 'the external-id prefix or the author id'),
        tier: requireFlag(args, 'tier', 'trusted, standard, low or untrusted'),
        sourceId: typeof args.flags['source-id'] === 'string' ? args.flags['source-id'] : undefined,
        note: typeof args.flags.note === 'string' ? args.flags.note : undefined,
      };
      return inTenant(config, args, async (s) => {
        const rule = await s.policy.addRule(req, ACTOR);
        await audit(s, 'trust_rule.set', 'trust_rule', rule.id, { scope: rule.scope, value: rule.value, tier: rule.tier, sourceId: rule.sourceId });
        return rule;
      });
    }
    case 'remove': {
      rejectUnknownFlags(args, ['tenant']);
      const id = args.positionals[0];
      if (!id) throw new UsageError(RULE_USAGE);
      return inTenant(config, args, async (s) => {
        const rule = await s.policy.removeRule(id);
        await audit(s, 'trust_rule.remove', 'trust_rule', rule.id, { scope: rule.scope, value: rule.value });
        return rule;
      });
    }
    default:
      throw new UsageError(RULE_USAGE);
  }
}

const FLAGS_USAGE =
  'usage: ctxvault flags list --tenant <slug> [--status S,..] [--severity S,..] [--detector D,..] [--code C,..] [--limit N] [--after CURSOR] | ctxvault flags rescan --tenant <slug>';

const listFlag = (args: ParsedArgs, name: string) => (typeof args.flags[name] === 'string' ? String(args.flags[name]).split(',').map((x) => x.trim()) : undefined);

/**
 * `ctxvault flags list`: the review queue. `ctxvault flags rescan`: re-scan the tenant's stored content
 * with this build's detectors, in this process, printing progress (reviews happen over the API, as a security key).
 */
export async function flagsCommand(config: AppConfig, sub: string | undefined, args: ParsedArgs): Promise<unknown> {
  switch (sub) {
    case 'list': {
      rejectUnknownFlags(args, ['tenant', 'status', 'severity', 'detector', 'code', 'limit', 'after']);
      const limit = args.flags.limit === undefined ? undefined : Number(args.flags.limit);
      if (limit !== undefined && !Number.isInteger(limit)) throw new UsageError('--limit must be a whole number');
      return inTenant(config, args, (s) =>
        s.flagReview.list({ status: listFlag(args, 'status'), severity: listFlag(args, 'severity'), detector: listFlag(args, 'detector'), code: listFlag(args, 'code'), limit, after: typeof args.flags.after === 'string' ? args.flags.after : undefined }),
      );
    }
    case 'rescan': {
      rejectUnknownFlags(args, ['tenant']);
      const slug = requireFlag(args, 'tenant', 'the slug of the tenant');
      return withServices(config, async (s) => {
        const tenantId = await tenantIdOf(s.tenancy, slug);
        const row = await s.db.inTenant(tenantId, async () => {
          const r = await s.rescan.create(ACTOR);
          await audit(s, 'flags.rescan', 'rescan', r.id, { detectors: r.detectors });
          return r;
        });
        let shown = false;
        const view = await s.rescan.runToEnd(tenantId, row.id, {
          onProgress: (done, total) => {
            shown = true;
            process.stderr.write(`\rrescan: ${done}/${total} documents`);
          },
          recordFailure: () => true,
        });
        process.stderr.write(shown ? '\n' : 'rescan: 0/0 documents\n');
        return view;
      });
    }
    default:
      throw new UsageError(FLAGS_USAGE);
  }
}
