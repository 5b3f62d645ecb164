import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document: every route says whether it is public, platform-only, or which key roles it needs. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ContextVault API')
    .setDescription(
      'Context for AI agents, with provenance and poisoning flags. Authenticate with "Authorization: Bearer <API key>"; ' +
        'the tenant always comes from the key. Each operation lists the key roles it accepts in x-ctxvault-roles.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key cv_<prefix>_<secret>' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'PLATFORM_ADMIN_TOKEN' }, 'platformToken')
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as Array<Record<string, unknown>>) {
      if (op && typeof op === 'object' && op['x-ctxvault-auth'] === 'public') op.security = [];
    }
  }
  return doc;
}
