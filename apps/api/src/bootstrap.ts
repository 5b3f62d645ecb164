import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Response } from 'express';
import { ApiDeps, ApiModule } from './api.module';
import { ApiRequest } from './auth/request.types';
import { toErrorBody } from './common/all-exceptions.filter';
import { NestLogBridge } from './common/nest-logger';
import { requestContext } from './common/request-context.middleware';
import { createValidationPipe } from './common/validation.pipe';
import { buildOpenApi } from './openapi';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Builds the HTTP app (not yet listening): middleware, validation, errors, OpenAPI at /docs. */
export async function createApiApp(deps: ApiDeps): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(deps), {
    bodyParser: false,
    logger: new NestLogBridge(),
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestContext(deps.metrics));
  const json = express.json({
    limit: deps.config.http.bodyLimitBytes,
    strict: true,
    type: () => true,
    verify: (req, _res, buf) => {
      if ((req as ApiRequest).url?.startsWith('/webhooks/')) (req as ApiRequest).rawBody = buf.toString('utf8');
    },
  });
  app.use((req: ApiRequest, res: Response, next: NextFunction) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!BODY_METHODS.has(req.method) || !hasBody) return next();
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/([a-z0-9.+-]+\+)?json\b/i.test(type)) {
      const { body } = toErrorBody(null, req);
      body.statusCode = 415;
      body.error = 'Unsupported Media Type';
      body.message = `request bodies must be JSON: send "Content-Type: application/json" (got "${type || 'none'}")`;
      res.status(415).json(body);
      return;
    }
    json(req, res, (err?: unknown) => {
      if (!err) return next();
      const { body } = toErrorBody(err, req);
      res.status(body.statusCode).json(body);
    });
  });
  app.useGlobalPipes(createValidationPipe());
  SwaggerModule.setup('docs', app, buildOpenApi(app), { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
