export * from './connector';
export * from './glob';
export * from './registry';
export * from './git/git.connector';
export * from './git/commit-signature';
export * from './pacer';
export * from './slack/slack.connector';
export * from './sentry/sentry.connector';
