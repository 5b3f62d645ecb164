import { Detector, Finding, Severity } from '../detector';
import { quotedMention, WORD_START } from '../instruction-patterns';

interface Rule {
  code: string;
  severity: Severity;
  re: RegExp;
  what: string;
  /** The rule reads from a keyword to its target, so a warning may sit inside the match ("ingress: never add 0.0.0.0/0"). */
  warningInside?: true;
}

const URL_HOST = /\b(?:https?|ftp):\/\/([^/\s"'`|)]+)/i;
/** Hosts that serve anyone's uploads: a pipe-to-shell from them is never a vendor's installer. */
const UNTRUSTED_HOST = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|.*\b(?:pastebin\.com|paste\.ee|hastebin\.com|ghostbin\.\w+|transfer\.sh|ngrok(?:-free)?\.(?:io|app)|trycloudflare\.com|raw\.githubusercontent\.com|gist\.githubusercontent\.com|bit\.ly|tinyurl\.com|is\.gd|t\.co|0x0\.st|termbin\.com|serveo\.net|localtunnel\.me|webhook\.site|requestbin\.\w+|pipedream\.net|burpcollaborator\.net|oast\.\w+|interact\.sh))$/i;

const RULES: Rule[] = [
  { code: 'dangerous.pipe_to_shell', severity: 'high', what: 'downloads a script and pipes it straight into a shell or interpreter', re: /\b(?:curl|wget|fetch|iwr|invoke-webrequest|irm|invoke-restmethod)\b[^\n|;]{0,300}\|\s*(?:sudo\s+(?:-\S+\s+){0,3})?(?:ba|z|k|da|fi|c|tc)?sh\b|\b(?:curl|wget)\b[^\n|;]{0,300}\|\s*(?:sudo\s+)?(?:python[23]?|perl|ruby|node|php|iex|invoke-expression|powershell|pwsh)\b/gi },
  { code: 'dangerous.pipe_to_shell', severity: 'high', what: 'runs a downloaded script without saving it', re: /\b(?:ba|z|k)?sh\s+(?:-c\s+)?["']?(?:<\(|\$\()\s*(?:curl|wget)\b/gi },
  { code: 'dangerous.recursive_delete', severity: 'critical', what: 'recursively deletes the root, home or system directories', re: /\brm\s+(?:-[a-z]*r[a-z]*|-[a-z]*f[a-z]*\s+-[a-z]*r[a-z]*|-r\s+-f|--recursive)(?:\s+-{1,2}[a-z-]+)*\s+(?:\/\*?|~\/?\*?|\$HOME\/?\*?|\/(?:etc|usr|bin|boot|lib|var|home|root|opt|srv|sys)\/?\*?|\*)(?=\s|$|;|&|\||["'`])/gi },
  { code: 'dangerous.recursive_delete', severity: 'high', what: 'recursively deletes a data directory', re: /\brm\s+(?:-[a-z]*r[a-z]*|--recursive)(?:\s+-{1,2}[a-z-]+)*\s+["']?\/?(?:var\/lib\/(?:postgresql|mysql|mongodb|redis|docker|elasticsearch|kafka|etcd)|data|backups?|mnt\/data|srv\/data|pgdata|var\/opt\/gitlab)\b[^\s;|&]*/gi },
  { code: 'dangerous.recursive_delete', severity: 'high', what: 'wipes a disk', re: /\bmkfs(?:\.\w+)?\s+\/dev\/|\bdd\s+if=\/dev\/(?:zero|u?random)\s+of=\/dev\/(?:sd|nvme|xvd|hd|disk)|\bformat\s+[a-z]:\s*\/[qy]/gi },
  { code: 'dangerous.tls_disabled', severity: 'medium', what: 'turns off TLS certificate checks', re: /\bcurl\b[^\n|;]{0,200}\s(?:-k|--insecure)\b|--no-check-certificate\b|\bverify\s*=\s*False\b|NODE_TLS_REJECT_UNAUTHORIZED\s*=\s*["']?0|rejectUnauthorized\s*:\s*false|InsecureSkipVerify\s*:\s*true|\bhttp\.sslVerify\s+false|PYTHONHTTPSVERIFY\s*=\s*["']?0|--(?:insecure-skip-tls-verify|tls-verify=false|skip-tls-verify)\b|ssl_verify(?:_peer)?\s*[=:]\s*(?:false|0)\b|--trusted-host\b|\bpip3?\s+install\b[^\n]{0,120}(?:-i|--index-url|--extra-index-url)[= ]\s*http:\/\//gi },
  { code: 'dangerous.auth_disabled', severity: 'high', what: 'turns off authentication', re: /--skip-grant-tables\b|\bhost\s+all\s+all\s+\S+\s+trust\b|\b(?:--)?(?:disable|no)[-_]auth(?:entication)?\b|\bauth(?:entication)?(?:[._]enabled|Enabled)?\s*[:=]\s*["']?(?:false|off|none|disabled)\b|\brequirepass\s+["']{2}|\bprotected-mode\s+no\b|\ballow[-_]anonymous(?:[-_]access)?\s*[:=]\s*["']?true\b|\bsecurity\s*:\s*\n?\s*authorization\s*:\s*["']?disabled|--auth-mode[= ]none\b|\bxpack\.security\.enabled\s*[:=]\s*false/gi },
  { code: 'dangerous.credential_exfiltration', severity: 'critical', what: 'sends credentials or secrets to a remote host', re: /\b(?:cat|type|base64|tar\s+\S+|gzip\s+-c)\s+[^\n|;]{0,100}?(?:\.aws\/credentials|\.ssh\/id_\w+|\.kube\/config|\.netrc|\.docker\/config\.json|\.git-credentials|\/etc\/shadow|\.env\b|\.pgpass|credentials\.json|secrets?\.(?:ya?ml|json))[^\n|;]{0,60}\|\s*(?:curl|wget|nc|ncat|netcat|socat|ssh|scp)\b|\b(?:env|printenv|set)\s*\|\s*(?:curl|wget|nc|ncat|netcat|base64\s*\|\s*curl)\b|\b(?:curl|wget)\b[^\n|;]{0,200}(?:-d|--data(?:-binary|-raw)?|-F|--form|-T|--upload-file|--post-file)[= ]\s*["']?@?[^\s"']{0,40}(?:\.aws\/credentials|id_rsa|id_ed25519|\.env\b|\.netrc|\.kube\/config|\/etc\/shadow|\/etc\/passwd|\.git-credentials|\.pgpass)|\$\((?:env|printenv|cat\s+[^)]{0,60}(?:credentials|id_rsa|\.env|shadow))\)[^\n]{0,80}(?:https?:\/\/)|\b(?:scp|rsync|nc)\s+[^\n;|]{0,100}(?:\.aws\/credentials|\.ssh\/id_\w+|\.kube\/config|\/etc\/shadow)\s+\S+@?\S*:/gi },
  { code: 'dangerous.credential_dump', severity: 'high', what: 'prints or dumps credentials', re: /\bcat\s+(?:~|\$HOME)?\/?(?:\.aws\/credentials|\.ssh\/id_(?:rsa|ed25519|ecdsa|dsa)\b(?!\.pub)|\.git-credentials|\/etc\/shadow)|\bkubectl\s+get\s+secrets?\b[^\n]{0,80}-o\s+(?:json|yaml|jsonpath)|\bmimikatz\b|\blsass\b[^\n]{0,40}\bdump|\bsecurity\s+(?:find|dump)-(?:generic|internet)-password\b[^\n]{0,40}-[gw]|\bvault\s+kv\s+get\b[^\n]{0,80}-format=json[^\n]{0,40}\|\s*curl/gi },
  { code: 'dangerous.data_destruction', severity: 'high', what: 'drops or wipes a database or every index of a search cluster', re: /\bDROP\s+(?:DATABASE|SCHEMA)\b(?:\s+IF\s+EXISTS)?\s+[\w"`.-]+(?:\s+CASCADE)?|\bdropdb\s+(?:-\S+\s+)*[\w-]+|\bFLUSHALL\b|\bFLUSHDB\b|\bdb\.dropDatabase\(\)|\.drop_all\(\)|\bTRUNCATE\s+(?:TABLE\s+)?[\w".]+(?:\s*,\s*[\w".]+)*\s+CASCADE\b|\bDELETE\s+FROM\s+[\w".]+\s*;|\bDROP\s+TABLE\b[^\n;]{0,80}\bCASCADE\b|\bgit\s+push\s+[^\n]{0,60}--force\b[^\n]{0,40}\b(?:main|master|production|prod)\b|\bcurl\b[^\n|;]{0,200}?(?:-X[ \t]*|--request[ \t]+)[\"']?DELETE\b[^\n|;]{0,200}?\/(?:\*|_all)(?=[\s\"'?\x60]|$)|\bcurl\b[^\n|;]{0,200}?\/(?:\*|_all)[\"']?[ \t]+(?:-X[ \t]*|--request[ \t]+)[\"']?DELETE\b|(?:^|\n)[ \t]*DELETE[ \t]+\/?(?:\*|_all)(?=\s|$)/gi },
  { code: 'dangerous.open_to_world', severity: 'high', what: 'opens access to the whole internet', re: /\b(?:authorize-security-group-ingress|--source-ranges|--cidr(?:-ip)?|cidr_blocks|CidrIp|ingress|firewall-rules|allow\s+from|--allow|sourceAddressPrefix|source_address_prefix|ip_range|security[\s_-]?group)\b(?:[^\n.!?;]|[.!?](?=[\w/])){0,120}?(?<!\b(?:443|80)\s+(?:from|to)\s+)(?:0\.0\.0\.0\/0|::\/0)(?!\s+(?:on\s+)?(?:(?:tcp\s+)?ports?\s+)?(?:443|80)\b)|(?:0\.0\.0\.0\/0|::\/0)[^\n;)]{0,60}\b(?:port\s*)?(?:22|3389|5432|3306|6379|27017|9200|2375|2379|all|-1)\b|\b(?:open|expose|allow)\b[^\n]{0,40}?\bport\s*(?:22|3389|5432|3306|6379|27017|9200|2375|2379)\b[^\n]{0,60}?(?:0\.0\.0\.0\/0|::\/0|\bthe\s+(?:whole\s+)?(?:internet|world)\b)|\bchmod\s+(?:-R\s+)?(?:0?777|a\+rwx)\s+\/(?!tmp\b)|--acl\s+public-read(?:-write)?\b|\biptables\s+(?:-P\s+INPUT\s+ACCEPT|-F|--flush)\b|\bufw\s+disable\b|\ballUsers:|\ballAuthenticatedUsers:|"(?:allUsers|allAuthenticatedUsers)"/gi, warningInside: true },
  { code: 'dangerous.infrastructure_destruction', severity: 'medium', what: 'tears down infrastructure or a whole namespace', re: /\bterraform\s+destroy\b|\bkubectl\s+delete\s+(?:ns|namespaces?|pvc|pv|persistentvolumes?|persistentvolumeclaims?)\b|\bkubectl\s+delete\b[^\n]{0,80}\s--all\b|\bhelm\s+(?:uninstall|delete)\b[^\n]{0,60}\b(?:prod|production)\b/gi },
  { code: 'dangerous.remote_access_granted', severity: 'medium', what: 'adds a key that grants remote access', re: />>\s*["']?(?:~|\$HOME|\/root|\/home\/[\w.-]+)?\/?\.ssh\/authorized_keys\b/gi },
];

/**
 * Dangerous operations in runbooks and code blocks: pipe-to-shell installs, recursive deletes of the
 * root, home or data directories, TLS checks or authentication turned off, credentials dumped or sent
 * out, databases dropped, infrastructure torn down, SSH keys added to authorized_keys, access opened to
 * the whole internet. A pipe-to-shell from a host that serves
 * anyone's uploads (paste sites, tunnels, raw IP addresses) is critical.
 */
/** All rules as one alternation, each in its own capture group (one pass over the text; matches do not overlap). */
const COMBINED = new RegExp(
  RULES.map((r) => {
    if (new RegExp(`${r.re.source}|`).exec('')!.length !== 1) throw new Error(`dangerous-command rule "${r.what}" has a capture group`);
    return `(${r.re.source})`;
  }).join('|'),
  'gi',
);
/** Words that warn against what follows them. */
const WARNING_WORD = String.raw`(?:never|don'?t|do\s+not|avoid|must\s+not|mustn'?t|should\s+not|shouldn'?t)`;
/**
 * Words right before a command that warn against it: "never", "don't", "do not", "avoid", "must not",
 * "should not", then at most a verb ("use", "run", "set", "pipe"…) and two more words, and the command.
 * "Don't forget to run …" is not a warning: "forget to run" is three words without a listed verb.
 */
const WARNED_AGAINST = new RegExp(String.raw`\b${WARNING_WORD}\s+(?:ever\s+)?(?:(?:use|using|run|running|set|setting|pipe|piping|add|pass|put|paste|type|commit|enable|disable|call|execute|copy|leave|ship)\s+)?(?:[\w-]+\s+){0,2}?[\`'"(]?$`, 'i');
/** A warning word anywhere in the match, for rules that may hold one. */
const WARNED_INSIDE = new RegExp(String.raw`\b${WARNING_WORD}\b`, 'i');
/** Characters read before a command for a warning against it. */
const WARNING_REACH = 60;
const COMBINED_AT_WORD_START = new RegExp(`${WORD_START}(?:${COMBINED.source})`, 'gi');

export const dangerousCommandDetector: Detector = {
  name: 'dangerous-command',
  version: '1.7.0',
  scan(text: string): Finding[] {
    const out: Finding[] = [];
    COMBINED_AT_WORD_START.lastIndex = 0;
    for (const m of text.matchAll(COMBINED_AT_WORD_START)) {
      let k = 1;
      while (m[k] === undefined) k++;
      const r = RULES[k - 1];
      // A warning against the command ("Never set NODE_TLS_REJECT_UNAUTHORIZED=0", "do not run `rm -rf /`") is not the command.
      if (WARNED_AGAINST.test(text.slice(Math.max(0, m.index! - WARNING_REACH), m.index!))) continue;
      // A rule that reads from a keyword to its target may hold the warning itself ("ingress: never add 0.0.0.0/0").
      if (r.warningInside && WARNED_INSIDE.test(m[0])) continue;
      // A command quoted as an example of an attack ("a malicious README line we block: '… curl | bash'") is not the command.
      if (quotedMention(text, m.index!)) continue;
      {
        let severity = r.severity;
        let what = r.what;
        if (r.code === 'dangerous.pipe_to_shell') {
          const h = URL_HOST.exec(m[0])?.[1];
          if (h && (UNTRUSTED_HOST.test(h) || /^http:/i.test(m[0].slice(m[0].search(/https?:/i))))) {
            severity = 'critical';
            what += ` from ${h}, which anyone can publish to or which is not served over TLS`;
          }
        }
        out.push({ code: r.code, severity, start: m.index!, end: m.index! + m[0].length, message: `dangerous operation: ${what}: ${JSON.stringify(m[0].slice(0, 100))}` });
      }
    }
    return out;
  },
};
