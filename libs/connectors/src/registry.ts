import type { SourceKind } from '@ctxvault/provenance';
import { Connector } from './connector';
import { GitConnector, GitConnectorOptions } from './git/git.connector';
import { SlackConnector } from './slack/slack.connector';
import { SentryConnector } from './sentry/sentry.connector';
import { NotionConnector } from './notion/notion.connector';

export interface ConnectorOptions {
  git: GitConnectorOptions;
}

/** Every connector by source kind. A new connector is one directory and one line here. */
export function createConnectors(opts: ConnectorOptions): Partial<Record<SourceKind, Connector>> {
  return {
    git: new GitConnector(opts.git),
    slack: new SlackConnector(),
    sentry: new SentryConnector(),
    notion: new NotionConnector(),
  };
}
