/**
 * The seed format of the Slack twin: a JSON description of a workspace. Users, channels and
 * messages may carry any further Slack fields; the twin fills the rest with Slack's defaults.
 */
export interface SlackSeed {
  team: { id: string; name: string; domain: string; enterprise?: { id: string; name: string } };
  /** Bot tokens the twin accepts (default ["xoxb-twin-token"]). */
  tokens?: string[];
  users: SlackSeedUser[];
  bots?: Array<{ id: string; name: string; app_id?: string; user_id?: string; deleted?: boolean }>;
  channels: SlackSeedChannel[];
  messages: SlackSeedMessage[];
}

export interface SlackSeedUser {
  id: string;
  name: string;
  real_name?: string;
  /** A team id other than the workspace's makes the user an external (Slack Connect) member. */
  team_id?: string;
  is_bot?: boolean;
  /** Guests: multi-channel (restricted) or single-channel (ultra restricted). */
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  deleted?: boolean;
  profile?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface SlackSeedChannel {
  id: string;
  name: string;
  is_private?: boolean;
  /** Shared with another organization (Slack Connect). */
  is_ext_shared?: boolean;
  /** Whether the app is a member (default true); history of other channels answers not_in_channel. */
  is_member?: boolean;
  created?: number;
  topic?: string;
  purpose?: string;
  [k: string]: unknown;
}

export interface SlackSeedMessage {
  channel: string;
  ts: string;
  user?: string;
  bot_id?: string;
  text: string;
  /** A reply names its parent's ts; a parent has thread_ts equal to its own ts once it has replies. */
  thread_ts?: string;
  subtype?: string;
  edited?: { user: string; ts: string };
  files?: Array<Record<string, unknown>>;
  [k: string]: unknown;
}
