type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RenderMeta {
  mentions: Array<{ type: string; id: string; text: string }>;
  annotated: Array<{ text: string; bold?: true; italic?: true; code?: true; strikethrough?: true; underline?: true; link?: string }>;
}

/** Plain text of rich text; mentions and annotated runs are collected into meta. */
export function richText(items: Obj[] | undefined, meta: RenderMeta): string {
  return (items ?? [])
    .map((t) => {
      const text = String(t.plain_text ?? t.text?.content ?? '');
      if (t.type === 'mention') {
        const m = t.mention ?? {};
        const id = m[m.type]?.id ?? m.user?.id ?? m.page?.id ?? '';
        meta.mentions.push({ type: String(m.type ?? 'unknown'), id: String(id), text });
      }
      const a = t.annotations ?? {};
      const flags = Object.fromEntries(['bold', 'italic', 'code', 'strikethrough', 'underline'].filter((k) => a[k]).map((k) => [k, true]));
      const link = t.href ?? t.text?.link?.url;
      if (Object.keys(flags).length || link) meta.annotated.push({ text, ...flags, ...(link ? { link } : {}) });
      return a.code ? `\`${text}\`` : text;
    })
    .join('');
}

/** Renders a block tree to text that keeps its structure: headings, lists, to-dos, toggles, code with language, callouts, tables. */
export function renderBlocks(blocks: Array<Obj & { children?: Obj[] }>, meta: RenderMeta, depth = 0): string {
  const out: string[] = [];
  const pad = '  '.repeat(depth);
  let number = 0;
  for (const b of blocks) {
    const body = b[b.type] ?? {};
    const text = () => richText(body.rich_text, meta);
    number = b.type === 'numbered_list_item' ? number + 1 : 0;
    let line: string | null;
    switch (b.type) {
      case 'heading_1':
        line = `# ${text()}`;
        break;
      case 'heading_2':
        line = `## ${text()}`;
        break;
      case 'heading_3':
        line = `### ${text()}`;
        break;
      case 'paragraph':
        line = text();
        break;
      case 'bulleted_list_item':
        line = `${pad}- ${text()}`;
        break;
      case 'numbered_list_item':
        line = `${pad}${number}. ${text()}`;
        break;
      case 'to_do':
        line = `${pad}- [${body.checked ? 'x' : ' '}] ${text()}`;
        break;
      case 'toggle':
        line = `${pad}▸ ${text()}`;
        break;
      case 'quote':
        line = `> ${text()}`;
        break;
      case 'callout':
        line = `${body.icon?.emoji ?? '💡'} ${text()}`;
        break;
      case 'code':
        line = '```' + (body.language ?? '') + '\n' + text() + '\n```';
        break;
      case 'divider':
        line = '---';
        break;
      case 'table': {
        const rows = (b.children ?? []).map((r: Obj) => `| ${(r.table_row?.cells ?? []).map((c: Obj[]) => richText(c, meta)).join(' | ')} |`);
        if (rows.length && body.has_column_header) rows.splice(1, 0, `|${' --- |'.repeat(body.table_width ?? 1)}`);
        line = rows.join('\n');
        break;
      }
      case 'child_page':
        line = `[page: ${body.title ?? ''}]`;
        break;
      case 'child_database':
        line = `[database: ${body.title ?? ''}]`;
        break;
      case 'image':
      case 'video':
      case 'file':
      case 'pdf':
        line = `[${b.type}: ${richText(body.caption, meta) || body.external?.url || body.file?.url || ''}]`;
        break;
      case 'bookmark':
      case 'embed':
      case 'link_preview':
        line = `[${b.type}: ${body.url ?? ''}]`;
        break;
      case 'equation':
        line = `$$${body.expression ?? ''}$$`;
        break;
      default:
        line = body.rich_text ? text() : null;
    }
    if (line !== null) out.push(line);
    if (b.children?.length && b.type !== 'table') {
      const nested = renderBlocks(b.children, meta, ['bulleted_list_item', 'numbered_list_item', 'to_do', 'toggle'].includes(b.type) ? depth + 1 : depth);
      if (nested) out.push(nested);
    }
  }
  return out.join('\n\n').replace(/\n\n(?=\s*(- |\d+\. |▸ ))/g, '\n');
}

/** A page's row properties (for data-source rows) as "Name: value" lines, title excluded. */
export function renderProperties(props: Obj, meta: RenderMeta): string {
  const lines: string[] = [];
  for (const [name, p] of Object.entries(props ?? {})) {
    const v = p as Obj;
    let value: string | null = null;
    switch (v.type) {
      case 'title':
        continue;
      case 'rich_text':
        value = richText(v.rich_text, meta);
        break;
      case 'select':
      case 'status':
        value = v[v.type]?.name ?? null;
        break;
      case 'multi_select':
        value = (v.multi_select ?? []).map((o: Obj) => o.name).join(', ');
        break;
      case 'number':
        value = v.number === null || v.number === undefined ? null : String(v.number);
        break;
      case 'checkbox':
        value = v.checkbox ? 'yes' : 'no';
        break;
      case 'date':
        value = v.date ? `${v.date.start}${v.date.end ? ` → ${v.date.end}` : ''}` : null;
        break;
      case 'people':
        value = (v.people ?? []).map((u: Obj) => u.name ?? u.id).join(', ');
        break;
      case 'url':
      case 'email':
      case 'phone_number':
        value = v[v.type] ?? null;
        break;
    }
    if (value) lines.push(`${name}: ${value}`);
  }
  return lines.join('\n');
}

export function pageTitle(props: Obj): string {
  const t = Object.values(props ?? {}).find((p) => (p as Obj).type === 'title') as Obj | undefined;
  return (t?.title ?? []).map((x: Obj) => x.plain_text ?? x.text?.content ?? '').join('') || 'Untitled';
}
