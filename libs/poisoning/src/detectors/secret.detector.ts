import { Detector, Finding, Severity } from '../detector';

interface Rule {
  code: string;
  severity: Severity;
  re: RegExp;
  what: string;
  /** Capture group holding the secret value (the pattern has the `d` flag); absent: the whole match. */
  group?: number;
  /** Literals one of which every match contains (checked in the lower-cased text when the pattern ignores case): most text skips most rules. */
  needs: string[];
}

const RULES: Rule[] = [
  { code: 'secret.private_key', severity: 'critical', what: 'a private key', needs: ['-----BEGIN'], re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g },
  { code: 'secret.cloud_key', severity: 'medium', what: 'an AWS access key id (the id alone; presigned URLs carry temporary ones)', needs: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { code: 'secret.cloud_key', severity: 'high', what: 'an AWS secret access key', needs: ['aws_secret_access_key'], re: /\baws_secret_access_key\s*[=:]\s*["']?([A-Za-z0-9/+=]{40})\b/dgi, group: 1 },
  { code: 'secret.cloud_key', severity: 'high', what: 'a Google API key', needs: ['AIza'], re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { code: 'secret.cloud_key', severity: 'high', what: 'an Azure storage account key', needs: ['AccountKey='], re: /\bAccountKey=([A-Za-z0-9+/]{40,}={0,2})/dg, group: 1 },
  { code: 'secret.api_token', severity: 'high', what: 'a GitHub token', needs: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/g },
  { code: 'secret.api_token', severity: 'high', what: 'a GitLab token', needs: ['glpat-'], re: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { code: 'secret.api_token', severity: 'high', what: 'a Slack token', needs: ['xox'], re: /\bxox[abposr]-(?:\d+-)?[A-Za-z0-9-]{10,}\b/g },
  { code: 'secret.api_token', severity: 'high', what: 'a Slack webhook URL', needs: ['hooks.slack.com'], re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/g },
  { code: 'secret.api_token', severity: 'high', what: 'a Stripe live key', needs: ['_live_'], re: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/g },
  { code: 'secret.api_token', severity: 'high', what: 'an OpenAI or Anthropic API key', needs: ['sk-'], re: /\bsk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,}\b/g },
  { code: 'secret.api_token', severity: 'high', what: 'an npm or PyPI token', needs: ['npm_', 'pypi-'], re: /\b(?:npm_[A-Za-z0-9]{36}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})\b/g },
  { code: 'secret.api_token', severity: 'high', what: 'a SendGrid or Twilio key', needs: ['SG.', 'SK'], re: /\b(?:SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|SK[0-9a-fA-F]{32})\b/g },
  { code: 'secret.api_token', severity: 'medium', what: 'a JSON Web Token', needs: ['eyJ'], re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { code: 'secret.connection_string', severity: 'high', what: 'a connection string with a password', needs: ['://'], re: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|ftp|sftp|smtp|ldap)s?:\/\/[^\s:/@"'`]{1,100}:([^\s@/"'`]{1,200})@[^\s"'`]+/dgi, group: 1 },
  { code: 'secret.password', severity: 'medium', what: 'a password or secret assigned in configuration', needs: ['pass', 'pwd', 'secret', 'key', 'token'], re: /\b(?:password|passwd|pwd|secret|secret[_-]?key|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)\b["']?\s*[:=]\s*["']([^"'\s]{8,200})["']/dgi, group: 1 },
];

/** Values that stand for a secret rather than being one. */
const PLACEHOLDER = /^(?:\$\{?[\w.-]+\}?|<[^>]*>|\{\{?[^}]*\}\}?|%[\w(]+\)?s?|\*+|x+|\.+|(?:your|my|the|example|sample|dummy|test|fake|placeholder|change|redacted|secret|passw0rd|pass|changeme|hunter2)[\w-]*|.*(?:example|xxxx|\*\*\*\*|redacted|placeholder|changeme|your[_-]|password|passwd).*)$/i;

export interface SecretMatch {
  code: string;
  severity: Severity;
  start: number;
  end: number;
  what: string;
}

/** Every secret in the text; the span covers the secret value itself (what redaction replaces). */
export function findSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  let lower: string | undefined;
  for (const r of RULES) {
    const haystack = r.re.ignoreCase ? (lower ??= text.toLowerCase()) : text;
    if (!r.needs.some((n) => haystack.includes(n))) continue;
    r.re.lastIndex = 0;
    for (const m of text.matchAll(r.re)) {
      const value = r.group ? m[r.group] : m[0];
      if (r.group && PLACEHOLDER.test(value)) continue;
      const start = r.group ? m.indices![r.group]![0] : m.index!;
      out.push({ code: r.code, severity: r.severity, start, end: start + value.length, what: r.what });
    }
  }
  return out;
}

/** The text with every detected secret replaced by a marker naming its kind; offsets of other text shift. */
export function redactSecrets(text: string): string {
  const found = findSecrets(text).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of found) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + `[REDACTED ${s.code}]`;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Secrets: private keys, cloud and API keys, tokens, connection strings with passwords, passwords
 * assigned in configuration. Placeholders (`${DB_PASSWORD}`, `<password>`, `changeme`) are not secrets.
 * The message names the kind, never the value.
 */
export const secretDetector: Detector = {
  name: 'secret',
  version: '1.2.0',
  scan(text: string): Finding[] {
    return findSecrets(text).map((s) => ({ code: s.code, severity: s.severity, start: s.start, end: s.end, message: `contains ${s.what}` }));
  },
};
