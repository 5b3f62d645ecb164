import type { NextFunction, Response } from 'express';
import { Logger, newId } from '@ctxvault/common';
import type { ApiRequest } from '../auth/request.types';
import { HttpMetrics } from '../metrics/http-metrics';

const log = new Logger('http');
const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;

/** Request id (taken from X-Request-Id when well-formed, else new), access log line, metrics. */
export function requestContext(metrics: HttpMetrics) {
  return (req: ApiRequest, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    req.requestId = typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : newId();
    req.startedAt = process.hrtime.bigint();
    res.setHeader('X-Request-Id', req.requestId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - req.startedAt) / 1e9;
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.duration.observe({ method: req.method, route }, seconds);
      log.info('request', {
        requestId: req.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(seconds * 1e4) / 10,
        keyId: req.principal?.keyId,
        tenantId: req.principal?.tenantId,
      });
    });
    next();
  };
}
