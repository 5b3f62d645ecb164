export * from './source.service';
export * from './push.service';
export * from './slack-events.service';
export * from './sentry-events.service';
export * from './webhook-router';
