import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@ctxvault/config';
import type { HeartbeatRepository } from '@ctxvault/persistence';
import type { QueueClient } from '@ctxvault/queue';
import type { Services } from '@ctxvault/services';
import { AdminAuditController } from './audit/admin-audit.controller';
import { AccessGuard } from './auth/access.guard';
import { RateLimiter } from './auth/rate-limiter';
import { TenantTransactionInterceptor } from './auth/tenant-transaction.interceptor';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { KeysController } from './keys/keys.controller';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { PlatformController } from './platform/platform.controller';
import { TenantController } from './tenant/tenant.controller';
import { CONFIG, HEARTBEATS, METRICS, PROVENANCE, QUEUE_CLIENT, REDIS, SERVICES, TENANCY } from './tokens';
import { SourcesController } from './sources/sources.controller';
import { IngestController } from './ingest/ingest.controller';
import { SlackWebhookController } from './webhooks/slack-webhook.controller';
import { SentryWebhookController } from './webhooks/sentry-webhook.controller';
import { ContextController } from './context/context.controller';
import { McpController } from './mcp/mcp.controller';
import { DocumentsController } from './documents/documents.controller';
import { FlagsController } from './flags/flags.controller';
import { PolicyController } from './policy/policy.controller';
import { LogController, WellKnownController } from './log/log.controller';
import { SigningKeysController } from './log/signing-keys.controller';
import { VerifyController } from './log/verify.controller';
import { WebhooksController } from './log/webhooks.controller';
import { CheckpointNotifier } from './log/checkpoint-notifier';

export interface ApiDeps {
  config: AppConfig;
  services: Services;
  redis: Redis;
  queue: QueueClient;
  heartbeats: HeartbeatRepository;
  metrics: HttpMetrics;
}

@Module({})
export class ApiModule {
  static forRoot(deps: ApiDeps): DynamicModule {
    return {
      module: ApiModule,
      controllers: [
        HealthController,
        MetricsController,
        TenantController,
        KeysController,
        AdminAuditController,
        PlatformController,
        LogController,
        WellKnownController,
        SigningKeysController,
        VerifyController,
        WebhooksController,
        DocumentsController,
        FlagsController,
        PolicyController,
        SourcesController,
        IngestController,
        SlackWebhookController,
        SentryWebhookController,
        ContextController,
        McpController,
      ],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: TENANCY, useValue: deps.services.tenancy },
        { provide: PROVENANCE, useValue: deps.services.provenance },
        { provide: SERVICES, useValue: deps.services },
        { provide: REDIS, useValue: deps.redis },
        { provide: QUEUE_CLIENT, useValue: deps.queue },
        { provide: HEARTBEATS, useValue: deps.heartbeats },
        { provide: METRICS, useValue: deps.metrics },
        {
          provide: RateLimiter,
          useFactory: () =>
            new RateLimiter(deps.redis, deps.config.redis.queuePrefix, deps.config.http.rateLimitPerWindow, deps.config.http.rateLimitWindowSeconds),
        },
        HealthService,
        CheckpointNotifier,
        Reflector,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
