/** The seed format of the Sentry twin: organizations, projects, issues and their events. */
export interface SentrySeed {
  tokens?: string[];
  organizations: Array<{ id: string; slug: string; name: string; [k: string]: unknown }>;
  projects: Array<{ id: string; slug: string; name: string; organization: string; platform?: string; [k: string]: unknown }>;
  issues: SentrySeedIssue[];
  events: SentrySeedEvent[];
}

export interface SentrySeedIssue {
  id: string;
  /** Project slug. */
  project: string;
  title: string;
  culprit?: string;
  level?: 'fatal' | 'error' | 'warning' | 'info' | 'debug';
  status?: 'unresolved' | 'resolved' | 'ignored';
  firstSeen: string;
  lastSeen: string;
  [k: string]: unknown;
}

export interface SentrySeedEvent {
  eventID: string;
  issueId: string;
  dateCreated: string;
  message?: string;
  title?: string;
  platform?: string;
  tags?: Array<{ key: string; value: string }>;
  user?: Record<string, unknown> | null;
  release?: string | null;
  environment?: string;
  exception?: { type: string; value: string; frames: Array<{ function: string; filename: string; lineNo: number; inApp?: boolean }> };
  breadcrumbs?: Array<{ timestamp: string; category: string; message: string; level?: string }>;
  [k: string]: unknown;
}
