import { Body, Controller, Delete, Get, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ADMIN_TRUST_TIERS, RULE_SCOPES, WITHHOLD_LEVELS } from '@ctxvault/retrieval';
import type { Services } from '@ctxvault/services';
import { actorOf } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { SERVICES } from '../tokens';

class PoisoningPolicyDto {
  @ApiProperty({ enum: WITHHOLD_LEVELS, description: 'lowest flag severity that withholds content from agents (default high: high and critical); never: only flags a reviewer confirmed' })
  @IsIn([...WITHHOLD_LEVELS], { message: `withholdAt must be one of ${WITHHOLD_LEVELS.join(', ')}` })
  withholdAt: string;
}

class TrustRuleDto {
  @ApiProperty({ enum: RULE_SCOPES, description: 'container: value is a prefix of document external ids (a Slack channel "slack:C0123:", a Sentry project, a repository path); author: value is an author id (document.author.id)' })
  @IsIn([...RULE_SCOPES], { message: `scope must be one of ${RULE_SCOPES.join(', ')}` })
  scope: string;

  @ApiProperty({ description: 'the external-id prefix (container) or the author id (author)' })
  @IsString({ message: 'value must be a string' })
  @MinLength(1, { message: 'value must not be empty' })
  @MaxLength(500, { message: 'value has at most 500 characters' })
  value: string;

  @ApiProperty({ enum: ADMIN_TRUST_TIERS, description: 'trusted raises documents to the high tier; low and untrusted lower them; standard keeps the tier from source and author kind' })
  @IsIn(ADMIN_TRUST_TIERS, { message: `tier must be one of ${ADMIN_TRUST_TIERS.join(', ')}` })
  tier: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only documents of this source (default: every source)' })
  @IsOptional()
  @IsUUID('all', { message: 'sourceId must be a source id (UUID)' })
  sourceId?: string;

  @ApiPropertyOptional({ description: 'why (shown in the trust reasons of results)' })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'note has at most 500 characters' })
  note?: string;
}

class RuleIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a trust rule id (UUID)' })
  id: string;
}

@ApiTags('policy')
@Controller('v1')
export class PolicyController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  private audit(req: ApiRequest, action: string, targetType: string, targetId: string, details: Record<string, unknown>) {
    return this.s.tenancy.audit.record({ actor: actorOf(req.principal!), action, targetType, targetId, details, requestId: req.requestId });
  }

  @Get('policy/poisoning')
  @Roles('admin', 'security')
  @ApiOkResponse({ description: "the tenant's withholding threshold (and the severities it withholds) and its trust rules" })
  get() {
    return this.s.policy.get();
  }

  @Put('policy/poisoning')
  @Roles('admin')
  @ApiOkResponse({ description: 'the threshold after the change; searches and document reads apply it at once' })
  async set(@Body() dto: PoisoningPolicyDto, @Req() req: ApiRequest) {
    const view = await this.s.policy.setWithholdAt(dto.withholdAt, actorOf(req.principal!));
    await this.audit(req, 'policy.poisoning.set', 'policy', 'poisoning', { withholdAt: dto.withholdAt });
    return view;
  }

  @Get('trust-rules')
  @Roles('admin', 'security')
  @ApiOkResponse({ description: 'admin trust tiers for containers and authors (a source\'s own tier is its trustTier)' })
  listRules() {
    return this.s.policy.listRules();
  }

  @Post('trust-rules')
  @Roles('admin')
  @ApiCreatedResponse({ description: 'the rule (a rule with the same scope, source and value is replaced)' })
  async addRule(@Body() dto: TrustRuleDto, @Req() req: ApiRequest) {
    const rule = await this.s.policy.addRule(dto, actorOf(req.principal!));
    await this.audit(req, 'trust_rule.set', 'trust_rule', rule.id, { scope: rule.scope, value: rule.value, tier: rule.tier, sourceId: rule.sourceId });
    return rule;
  }

  @Delete('trust-rules/:id')
  @Roles('admin')
  @ApiOkResponse({ description: 'the removed rule' })
  async removeRule(@Param() p: RuleIdParams, @Req() req: ApiRequest) {
    const rule = await this.s.policy.removeRule(p.id);
    await this.audit(req, 'trust_rule.remove', 'trust_rule', rule.id, { scope: rule.scope, value: rule.value });
    return rule;
  }
}
