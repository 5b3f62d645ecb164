export * from './twin-server';
export * from './slack/slack.seed';
export * from './slack/slack.twin';
export * from './slack/slack.generator';
export * from './sentry/sentry.seed';
export * from './sentry/sentry.twin';
export * from './sentry/sentry.generator';
