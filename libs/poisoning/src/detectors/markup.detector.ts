import { domainToUnicode } from 'node:url';
import { Detector, Finding } from '../detector';
import { findInstructions, mentioned } from '../instruction-patterns';
import { decodeBase64Text } from './instruction.detector';

/** An element whose inline style hides it, up to its closing tag (bounded). */
const HIDDEN_ELEMENT =
  /<([a-z][a-z0-9]{0,10})\b[^>]{0,300}?style\s*=\s*["'][^"']{0,300}?(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*(?:0|0?\.\d+|1)(?:px|pt|em|rem)?\b(?![.\d])|(?:color|background)\s*:\s*(?:rgba|hsla)\([^)]{0,40}?,\s*0(?:\.0+)?\s*\)|opacity\s*:\s*0(?:\.0+)?\b|color\s*:\s*(?:#fff(?:fff)?\b|white\b|transparent\b)|height\s*:\s*0(?:px)?\b|width\s*:\s*0(?:px)?\b|left\s*:\s*-\d{3,})[^"']{0,300}["'][^>]{0,300}>([\s\S]{0,4000}?)<\/\1\s*>/gi;
const HIDDEN_ATTRIBUTE = /<([a-z][a-z0-9]{0,10})\b[^>]{0,300}?\s(?:hidden|aria-hidden\s*=\s*["']true["'])[^>]{0,300}>([\s\S]{0,4000}?)<\/\1\s*>/gi;
/** A markdown link or image; a placeholder in its URL may hold spaces ("?q=<the user's email>"). */
const MD_LINK = /(!?)\[([^\]\n]{0,500})\]\(\s*<?((?:[^)\s<>{}[\]]|<[^<>\n]{1,200}>|\{\{?[^{}\n]{1,200}\}\}?|\[[^[\]\n]{1,200}\]){1,2048})>?(?:\s+["'][^"'\n]{0,200}["'])?\s*\)/g;
/** A reference-style link definition ("[1]: https://…") and a use of one ("![alt][1]", "![alt][]"). */
const MD_REF_DEFINITION = /^[ \t]{0,3}\[([^\]\n]{1,100})\]:[ \t]*<?([^\s>]{1,2048})>?/gm;
const MD_REF_USE = /(!?)\[([^\]\n]{0,500})\]\[([^\]\n]{0,100})\]/g;
/** The URL in one of these attributes of one of these elements: quoted with either quote, or unquoted. */
const htmlUrl = (elements: string, attributes: string) =>
  new RegExp(`<(?:${elements})\\b[^>]{0,500}?\\b(?:${attributes})\\s*=\\s*(?:"([^"]{1,2048})"|'([^']{1,2048})'|([^\\s"'>]{1,2048}))`, 'gi');
type HtmlUrlKind = 'HTML image' | 'HTML resource' | 'HTML link';
/** HTML elements whose URL is fetched when rendered (images, frames, media, scripts, stylesheets) or followed when clicked (links), with how each is named. */
const HTML_URLS: Array<{ what: HtmlUrlKind; tag: RegExp; re: RegExp }> = [
  { what: 'HTML image', tag: /<img\b/i, re: htmlUrl('img', 'src|srcset') },
  { what: 'HTML resource', tag: /<(?:iframe|frame|video|audio|source|embed|object|script|link|input|image)\b/i, re: htmlUrl('iframe|frame|video|audio|source|embed|object|script|link|input|image', 'src|srcset|poster|data|href') },
  // A stylesheet's url(…) (a background image in a style attribute or a <style> element) is fetched when rendered too.
  { what: 'HTML resource', tag: /url\(/i, re: /\burl\(\s*(?:"([^"]{1,2048})"|'([^']{1,2048})'|([^\s"')]{1,2048}))/gi },
  { what: 'HTML link', tag: /<(?:a|area)\s/i, re: htmlUrl('a|area', 'href') },
];

/** Words that make an otherwise ordinary comment read as an instruction to whoever processes the page. */
const READER_DIRECTED = /\b(?:your\s+(?:response|reply|answer|output|summary)|you\s+(?:must|should|shall|will|are\s+to|need\s+to)|(?:ai|llm|assistant|chatbot|language\s+model|agent)s?\b|instructions?\b|prompt\b|ignore\b|disregard\b|do\s+not\s+(?:tell|mention|reveal))/i;

/** An example marker right before a quoted comment: "like", "such as", "e.g.", "for example". */
const EXAMPLE_BEFORE = /\b(?:like|such\s+as|e\.g\.|for\s+example|example)\s*[:,]?\s*["'`“]?$/i;
/** Parameter names that carry user data out (conversation, secrets, identity). */
const DATA_PARAM = /^(?:q|d|data|content|text|msg|message|messages|chat|conversation|history|context|prompt|secret|secrets|token|key|apikey|api_key|password|pass|pwd|cred|creds|credentials|session|cookie|cookies|email|user|info|payload|p|body|summary|memo|exfil|leak|log|v|val|value)$/i;
/** Placeholders an agent is asked to fill in: {x}, {{x}}, $X, ${x}, <x>, [X], %7Bx%7D. */
const PLACEHOLDER = /\b(?:base64|b64|hex|urlencode|url_encode|encodeURIComponent|escape|encode)\([^)]{1,60}(?:\)|$)|\{\{?[^}:'"]{1,60}\}\}?|\$\{[^}]{1,60}\}|\$[A-Z_]{3,}|<[^>]{1,60}>|\[[A-Za-z _-]{3,60}\]|%7B[^%]{1,60}%7D|%5B[A-Za-z_%20-]{3,60}%5D|%3C[^%]{1,60}%3E/i;
const PLACEHOLDERS = new RegExp(PLACEHOLDER.source, 'gi');
/** What a documentation template leaves to fill in about the package or the page, not data of the reader's ("@[version]", "{lang}", "<owner>/<repo>"). */
const TEMPLATE_SLOT = /^(?:version|ver|semver|type|package|pkg|module|lib|library|lang|language|locale|tag|format|ext|size|width|height|w|h|id|owner|repo|repository|org|organization|branch|ref|sha|commit|variant|theme|style|color|platform|arch|os|slug|icon|label|page|year|date)$/i;

/**
 * Whether a part of a URL holds a slot for data to be filled in: an upper-case data name, or a
 * placeholder — other than a template's package or page slot, where such slots are allowed (not in
 * the value of a data-like parameter: "?d=[NUM]" is a slot for data whatever its name).
 */
function hasSlot(part: string, templates = true): boolean {
  if (CAPS_PLACEHOLDER.test(part)) return true;
  if (!PLACEHOLDER.test(part)) return false;
  if (!templates) return true;
  for (const m of part.matchAll(PLACEHOLDERS)) {
    const inner = m[0].replace(/^(?:%7B|%5B|%3C|[{[<$]|\$\{)+|(?:%7D|%5D|%3E|[}\]>])+$/gi, '').replace(/%20/g, ' ').trim();
    if (!TEMPLATE_SLOT.test(inner)) return true;
  }
  return false;
}

/** Upper-case names of the data an agent is asked to put in (SECRET_DATA, USER_EMAIL, INSERT_API_KEY_HERE); case-sensitive. */
const CAPS_PLACEHOLDER = /(?:^|[^A-Za-z0-9])(?=[A-Z0-9_]*(?:DATA|SECRET|EMAIL|PASSWORD|KEY|TOKEN|HISTORY|CONVERSATION|CHAT|USER|NAME|INFO|MESSAGE|INSERT|HERE|CONTEXT|PROMPT|SUMMARY|CREDENTIAL|PHONE|ADDRESS))[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9])/;
const ENCODED_BLOB = /[A-Za-z0-9+/_=%-]{32,}/;
/** Words joined by "+" (a form-encoded phrase such as a search), which the base64 alphabet also spells. */
const WORDS_WITH_PLUSES = /^(?:[A-Za-z0-9]{1,15}\+){2,}[A-Za-z0-9]{1,15}$/;
/** Parameters that name a search or a version: free text there is a query, not data leaving (links only). */
const QUERY_PARAM = /^(?:q|query|search|s|p|v)$/i;
const LOOKS_LIKE_HOST = /^(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]\S*)?$/i;
/** Top-level domains a link text must end in to name a site: "Node.js", "index.d.ts" and "JSON.stringify" name none. */
const SITE_TLD = /\.(?:com|org|net|io|co|ai|dev|app|gov|edu|mil|info|biz|xyz|me|tv|cc|us|uk|de|fr|es|it|nl|ru|cn|jp|kr|in|br|au|ca|ch|se|no|fi|dk|be|at|cz|ie|nz|sg|hk|tw|il|za|mx|ar|eu|cloud|online|site|tech|store|shop|page|link|live|news|blog|top|club|ly|gg|to|fm|ms|ws|id|vn|tr|gr|pt|ro|hu|ua|bank|money|finance|support|help|login|security|sh|md|py|rs|pl|so|ml)$/i;
/** Endings that are file extensions as well (install.sh, main.rs, setup.py): a site only with a scheme, "www." or another dot before. */
const FILE_LIKE_TLD = /^[^.]+\.(?:sh|md|py|rs|pl|so|ml)$/i;
/** Short or content hosts that belong to the site a link text names (Microsoft's aka.ms, GitHub's raw content, YouTube's youtu.be). */
const SAME_OWNER: Record<string, string> = {
  'aka.ms': 'microsoft.com',
  'youtu.be': 'youtube.com',
  'amzn.to': 'amazon.com',
  'git.io': 'github.com',
  'githubusercontent.com': 'github.com',
  'github.io': 'github.com',
  'googleusercontent.com': 'google.com',
  'goo.gl': 'google.com',
  'redd.it': 'reddit.com',
  'lnkd.in': 'linkedin.com',
};
/** A value that is an ID, not data: a UUID. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A value made of lower-case words joined by hyphens or underscores: a slug, not encoded data. */
const SLUG = /^[a-z]{1,20}(?:[-_][a-z]{1,20}){2,}$/;
/** A parameter whose value is itself a URL (a badge's endpoint, an icon): plain or percent-encoded. */
const URL_VALUE = /^(?:https?:\/\/|https?%3a%2f%2f)/i;

/** An absolute http(s) URL or a scheme-relative one, the way a browser reads it (backslashes count as slashes). */
const WEB_URL = /^(?:https?:|[/\\]{2})/i;
/** The scheme and slashes of a web URL, then its authority as written (user information, host, port). */
const AUTHORITY = /^(?:https?:)?[/\\]{0,2}([^/?#\\\s]*)/i;

/**
 * The host a browser would contact for this URL (WHATWG parsing: the last "@" ends the user
 * information, "\" is a path separator, percent-encoded host names are decoded), or null for a
 * relative or non-web URL. A URL with a slot still to be filled in its host name
 * ("https://<user_email>.collect.example/") is not valid yet: its host is then read as written.
 */
function host(url: string): string | null {
  if (!WEB_URL.test(url)) return null;
  try {
    const h = new URL(url, 'https://relative.invalid/').hostname;
    if (h) return domainToUnicode(h) || h;
  } catch {
    // not a valid URL yet: read below
  }
  const authority = AUTHORITY.exec(url)?.[1] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1).toLowerCase() || null;
}

/** The text a value spells in base64 (standard or URL-safe alphabet), when it is at least 16 characters of it and decodes to readable text. */
function base64Text(value: string): string | null {
  if (value.length < 16 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  return decodeBase64Text(value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
}

/** The last two labels of a host (example.co.uk is approximated as co.uk; good enough to compare two names). */
function site(h: string): string {
  const s = h.split('.').slice(-2).join('.');
  return SAME_OWNER[s] ?? s;
}

/** The host a link text names, when it names one (a bare domain or a URL with a real top-level domain), or null. */
function namedSite(label: string): string | null {
  const t = label.trim();
  const m = LOOKS_LIKE_HOST.exec(t);
  if (!m || !SITE_TLD.test(m[1])) return null;
  if (FILE_LIKE_TLD.test(m[1]) && !/^(?:https?:\/\/|www\.)/i.test(t)) return null;
  return m[1].toLowerCase();
}

/** Why a URL looks like it carries data out, or null. */
function exfilReason(url: string, image: boolean): string | null {
  // A slot in the host name ("https://{user_email}.collect.example/") sends the data in the DNS lookup itself.
  const start = AUTHORITY.exec(url);
  const authority = start?.[1] ?? '';
  if (hasSlot(authority)) return 'a placeholder in its host name for data to be filled in';
  // Data already encoded into the host name (or into the user information before it) leaves with the DNS lookup or the request.
  if (authority.split(/[.@:]/).some((label) => base64Text(label))) return 'text encoded in base64 in its host name';
  // A fragment is never sent to the host: only a slot to fill in there counts (playground links keep their state in it).
  const hash = url.indexOf('#');
  if (hash >= 0) {
    const fragment = url.slice(hash + 1);
    if (hasSlot(fragment)) return 'a placeholder in its fragment for data to be filled in';
    url = url.slice(0, hash);
  }
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  const pathTail = path.slice(start?.[0].length ?? 0);
  if (hasSlot(pathTail)) return 'a placeholder in its path for data to be filled in';
  if (q < 0) return null;
  for (const pair of url.slice(q + 1).split(/[&;#]/)) {
    const eq = pair.indexOf('=');
    const name = eq >= 0 ? pair.slice(0, eq) : '';
    const value = eq >= 0 ? pair.slice(eq + 1) : pair;
    if (hasSlot(value, !DATA_PARAM.test(name))) return `a placeholder in parameter "${name}" for data to be filled in`;
    // A parameter that holds a URL (a badge's endpoint), an ID, or a slug outside the data-like parameters carries no data of the reader's.
    if (URL_VALUE.test(value) || UUID.test(value) || (SLUG.test(value) && !DATA_PARAM.test(name))) continue;
    if (ENCODED_BLOB.test(value) && !/^[0-9a-f]{32,64}$/i.test(value) && !WORDS_WITH_PLUSES.test(value)) return `an encoded value in parameter "${name}"`;
    if (base64Text(value)) return `text encoded in base64 in parameter "${name}"`;
    if (DATA_PARAM.test(name) && !(!image && QUERY_PARAM.test(name)) && /%20|\+/.test(value) && value.length >= 24) return `free text in parameter "${name}"`;
  }
  return null;
}

/**
 * Markup tricks: HTML comments and hidden elements that carry instructions, markdown images and links
 * (and HTML images, frames, media, scripts and links) whose URL carries data to an outside host, and link text that names a different
 * site than the link goes to. Ordinary comments, hidden placeholders and plain image links are left alone.
 */
export const markupDetector: Detector = {
  name: 'markup',
  version: '1.5.0',
  scan(text: string): Finding[] {
    const out: Finding[] = [];
    const hasTag = text.includes('<');
    if (hasTag && text.includes('<!--')) {
      for (const [start, end] of comments(text)) {
        // A comment given as an example in prose about such tricks ("hidden text like <!-- … --> can steer assistants").
        if (EXAMPLE_BEFORE.test(text.slice(Math.max(0, start - 40), start)) && mentioned(text, start)) continue;
        hiddenText(out, start, end - start, text.slice(start + 4, end - 3), 'markup.hidden_comment', 'an HTML comment', false);
      }
    }
    if (hasTag && /style\s*=|\shidden|aria-hidden/i.test(text)) {
      for (const [re, what] of [[HIDDEN_ELEMENT, 'an element hidden by its style'], [HIDDEN_ATTRIBUTE, 'a hidden element']] as const)
        for (const m of text.matchAll(re)) {
          const shown = stripTags(m[2]);
          hiddenText(out, m.index!, m[0].length, shown, 'markup.hidden_style', what, !preheader(m[0], shown));
        }
    }
    if (text.includes('](')) {
      for (const m of text.matchAll(MD_LINK)) {
        const [all, bang, label, url] = m;
        const target = host(url);
        if (!target) continue;
        const why = exfilReason(url, bang === '!');
        if (why) {
          out.push(exfiltration(bang ? 'markdown image' : 'markdown link', target, why, m.index!, m.index! + all.length));
          continue;
        }
        const named = namedSite(label);
        if (!bang && named && site(named) !== site(target)) {
          out.push({
            code: 'markup.disguised_link',
            severity: 'high',
            start: m.index!,
            end: m.index! + all.length,
            message: `link text names ${named} but the link goes to ${target}`,
          });
        }
      }
    }
    if (text.includes(']:')) referenceLinks(text, out);
    for (const { what, tag, re } of hasTag ? HTML_URLS : []) {
      if (!tag.test(text)) continue;
      for (const m of text.matchAll(re)) {
        const url = m[1] ?? m[2] ?? m[3];
        const target = host(url);
        const why = target ? exfilReason(url, what !== 'HTML link') : null;
        if (why) out.push(exfiltration(what, target!, why, m.index!, m.index! + m[0].length));
      }
    }
    return out;
  },
};

/** An exfiltration finding: critical for images (fetched automatically when rendered), high for links. */
function exfiltration(what: 'markdown image' | 'markdown link' | HtmlUrlKind, target: string, why: string, start: number, end: number): Finding {
  const image = what !== 'markdown link' && what !== 'HTML link';
  return {
    code: 'markup.exfiltration_link',
    severity: image ? 'critical' : 'high',
    start,
    end,
    message: `${what}${image ? ' (fetched automatically when rendered)' : ''} to ${target} with ${why}: data would leave to an outside host`,
  };
}

/**
 * Reference-style links and images: each definition ("[1]: https://…") checked like an inline URL,
 * critical when an image uses it (fetched when rendered), high otherwise.
 */
function referenceLinks(text: string, out: Finding[]): void {
  const images = new Set<string>();
  for (const m of text.matchAll(MD_REF_USE)) if (m[1]) images.add((m[3] || m[2]).trim().toLowerCase());
  for (const m of text.matchAll(MD_REF_DEFINITION)) {
    const [all, id, url] = m;
    const target = host(url);
    const image = images.has(id.trim().toLowerCase());
    const why = target ? exfilReason(url, image) : null;
    if (why) out.push(exfiltration(image ? 'markdown image' : 'markdown link', `${target} (defined by reference)`, why, m.index!, m.index! + all.length));
  }
}

/** Spans of closed HTML comments, found by searching for the delimiters (linear in the text). */
function comments(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let open = text.indexOf('<!--'); open >= 0; ) {
    const close = text.indexOf('-->', open + 4);
    if (close < 0) break;
    out.push([open, close + 3]);
    open = text.indexOf('<!--', close + 3);
  }
  return out;
}

/** A class or id that marks an e-mail's preheader. */
const PREHEADER_MARK = /\b(?:class|id)\s*=\s*["']?[^"'>]*\b(?:preheader|preview-?text|email-preview)\b/i;
/**
 * Whether a hidden element is an e-mail's preheader, the line a mail client shows beside the subject and
 * hides in the body by design: marked by its class or id, or labeled "Preheader:". Hidden prose there is
 * not a trick (hidden instructions still are). `shown` is the element's text without its tags.
 */
function preheader(element: string, shown: string): boolean {
  return PREHEADER_MARK.test(element.slice(0, element.indexOf('>') + 1)) || /^\s*preheader\b/i.test(shown);
}

function stripTags(s: string): string {
  return s.replace(/<[^>]{0,300}>/g, ' ');
}

/**
 * Text a human reader never sees. Instruction-like: high. In a hidden element, any prose of four words
 * or more is medium (only a machine reads it); in a comment, only text addressed to its reader is
 * (comments carry ordinary notes to the page's authors).
 */
function hiddenText(out: Finding[], start: number, length: number, inner: string, code: string, where: string, proseCounts: boolean): void {
  const content = inner.trim();
  const words = content.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  if (words < 3) return;
  const hits = findInstructions(content).filter((h) => !h.mention);
  if (hits.length) {
    out.push({ code, severity: 'high', start, end: start + length, message: `${where} hides instruction-like text (${hits[0].what}): ${JSON.stringify(content.slice(0, 80))}` });
  } else if (READER_DIRECTED.test(content)) {
    out.push({ code, severity: 'medium', start, end: start + length, message: `${where} hides text addressed to its reader: ${JSON.stringify(content.slice(0, 80))}` });
  } else if (proseCounts && words >= 4) {
    out.push({ code, severity: 'medium', start, end: start + length, message: `${where} hides ${words} words a human reader never sees: ${JSON.stringify(content.slice(0, 80))}` });
  }
}
