/** Rich text in a seed: plain text with annotations, a link, or a mention of a user or page. */
export type SeedRichText = string | { text?: string; bold?: boolean; italic?: boolean; code?: boolean; strikethrough?: boolean; underline?: boolean; color?: string; link?: string; mention?: { user?: string; page?: string } };

/** A block in a seed; children nest. Table rows give `cells`. */
export interface SeedBlock {
  type: string;
  text?: SeedRichText | SeedRichText[];
  language?: string;
  checked?: boolean;
  icon?: string;
  cells?: string[][];
  title?: string;
  children?: SeedBlock[];
}

export interface SeedPage {
  id: string;
  title: string;
  /** A page (page_id), the workspace, or a data source (its rows). */
  parent: { page_id?: string; workspace?: true; data_source_id?: string };
  created_by?: string;
  last_edited_by?: string;
  created_time?: string;
  last_edited_time?: string;
  archived?: boolean;
  /** Row properties by name (title is `title`): strings, numbers, booleans. */
  properties?: Record<string, string | number | boolean>;
  blocks?: SeedBlock[];
  /** Block objects exactly as the Notion API returns them (recorded pages), served as they are. */
  rawBlocks?: Array<Record<string, unknown>>;
}

/** The seed format of the Notion twin: a workspace of users, pages with nested blocks, and databases. */
export interface NotionSeed {
  tokens?: string[];
  bot: { id: string; name: string };
  users: Array<{ id: string; name: string; type?: 'person' | 'bot'; email?: string }>;
  databases: Array<{ id: string; title: string; parent: { page_id?: string; workspace?: true }; data_sources: Array<{ id: string; name: string; properties: Record<string, 'title' | 'rich_text' | 'select' | 'number' | 'checkbox' | 'date'> }> }>;
  pages: SeedPage[];
}
