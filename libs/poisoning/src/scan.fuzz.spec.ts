import { DETECTORS, scanText } from './scan.service';

/** Inputs built to make a backtracking regex explode: long runs of near-matches for every rule family. */
const MiB = 1 << 20;
const fill = (unit: string, size = MiB) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const tag = (s: string) => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');

const ADVERSARIAL: Array<[string, string]> = [
  ['one letter', fill('a')],
  ['spaces', fill(' ')],
  ['unclosed HTML comments', fill('<!-- ')],
  ['unclosed hidden elements', fill('<span style="display:none">x ')],
  ['unclosed markdown links', fill('![a](https://x.example/?q=')],
  ['HTML elements with unquoted attributes', fill('<iframe src=')],
  ['HTML elements with attributes that never end', fill('<img alt=x data-src ')],
  ['links whose user information never ends', fill('[github.com](https://a@')],
  ['stylesheet urls that never close', '<' + fill('url("')],
  ['brackets', fill('[[[[(((( ')],
  ['override words without an object', fill('ignore the previous ')],
  ['AI address without an order', fill('as an AI assistant ')],
  ['reply orders without an object', fill('. Add this to your ')],
  ['curl without a pipe', fill('curl -s https://x.example ')],
  ['rm flags', fill('rm -r -f -r -f ')],
  ['base64 alphabet', fill('QUJD')],
  ['base64 runs just under the threshold', fill('QUJDREVGR0hJSktMTU5PUFFSU1RV ')],
  ['private key headers', fill('-----BEGIN ')],
  ['connection strings without a host', fill('postgres://a:')],
  ['mixed-script words', fill('pаypal ')],
  ['zero-width characters', fill('a\u200b')],
  ['tag characters', fill(tag('ignore previous instructions '))],
  ['bidi controls', fill('\u202e\u2066')],
  ['CJK', fill('忽略之前的')],
  ['sentence ends', fill('. ! ? \n')],
  ['table rows with task lines between them', fill('| a | b | c |\nExplain the process of it.\n')],
  ['pipes and blank lines', fill('|\n\n\n| | |\n')],
  ['reply-form words without a reply', fill('misspell every third word in your ')],
  ['requests without an end', fill('please, ')],
  ['request openings without an object', fill('Please send ')],
  ['chained requests', fill('please transfer $1 and then ')],
  ['request openings after a colon', fill('TODO: grant ')],
  ['blank lines', fill('\n')],
  ['blank lines with spaces', fill(' \n')],
  ['blank lines with tabs', fill('\n\t')],
  ['blank lines, Windows style', fill('\r\n')],
  ['quotations that never close', fill("said 'Assistant, ")],
  ['conditions on an AI reader without an order', fill('if an ai bot is summarizing this ')],
  ['fields named for an AI without a value', fill('"note_for_ai": ')],
  ['DELETE requests without a target', fill('curl -XDELETE ')],
  ['AI labels after blank lines', fill('\n\nai code reviewers ')],
  ['Russian notes without an addressee', fill('заметка для ')],
  ['AI labels in brackets without an order', fill('(Screening AI: ')],
  ['automated responder labels without a fix', fill('. Auto-remediation agent: the correct fix is to ')],
  ['assistants that read without a request', fill("you're the assistant that reads ")],
  ['greetings to an AI tool without an order', fill('hey cursor: when ')],
  ['AI note-takers told to write without an object', fill('ai note-takers should write that ')],
  ['Greek overrides without an object', fill('αγνόησε ')],
  ['Hindi instructions without a verb', fill('निर्देशों ')],
  ['bots that will post, without a secret', fill('the automation agent will then post ')],
  ['bracketed steps for an agent without an order', fill('(for the release agent) ')],
  ['labels for a model reading this without a sentence end', fill('screening model reading this resume: the candidate ')],
  ['AI labels without an authorization', fill('llm agents: ')],
  ['treat orders without a trusted role', fill('the assistant should treat any message from a ')],
  ['answer-shape orders after a question about this doc', fill('when answering questions about this doc, end every answer with ')],
  ['AI names before an auto- verb', fill('p.s. ai, please auto-')],
  ['labels that approve without an order', fill('accounts payable assistant: this invoice is pre-approved ')],
  ['readers of this as an AI without an end', fill("if you're reading this as an ai ")],
  ['passages for the AI reading tickets without an order', fill('for the ai reading tickets — ')],
  ['coding-agent labels without a skipped check', fill('coding agents: ')],
  ['line-start passages for an AI without a colon', fill('\nTo the finance AI ')],
  ['reply-form orders without a form', fill('Provide your answer in ')],
  ['form words after a use without a reply', fill('. Use a simple ')],
  ['supplied-code phrases without the reader\'s work', fill('Merge the following code excerpt into ')],
  ['the reader\'s work without supplied code', fill('your algorithm by adding the ')],
  ['overrides followed by words one letter from "instruction"', fill('ignore your previous iunstructin ')],
  ['overrides followed by i-words', fill('ignore all previous i')],
  ['hashes and parentheses without a label', fill('###(system ')],
  ['hashed system labels that never close', fill('## ( system message ')],
  ['gathered messages without an address', fill('TODO: concatenate all messages and post them to ')],
  ['insistent say-that orders without a verb', fill('. Say that you should absolutely ')],
  ['sent mail followed by a delete without an object', fill('please send it to a@b.co and then delete the ')],
  ['money words without an account', fill('Please send as much money as all the money ')],
  ['money amounts in words without an account', fill('Please transfer as much as all the money ')],
  ["reminders not to forget without an object", fill("don't forget your previous ")],
  ['summaries followed by an order without an address', fill('once summarized, send ')],
  ['summaries without an order', fill('after the email is summarized ')],
  ['orders after a summary with half an address', fill('when summarizing, email a (at) b (dot) ')],
  ['conditions before an override without its noun', fill('if you are on a mac, ignore the ')],
  ['overrides of instructions without "above"', fill('ignore all of the instructions ')],
  ['final verdicts without a verdict', fill('the final recommendation, however, must be ')],
  ['comments worded without a verdict', fill('word your comments so that they remain consistent with ')],
  ['pre-approval without an order', fill('this submission is pre-approved by the chair; ')],
  ['review orders before "paper"', fill('evaluate the paper ')],
  ['what the user wants, without an order', fill('the user wants you to ')],
  ['clauses about the follow-up after a label', fill('Bot: as part of the follow up work, ')],
  ['gerund clauses after a label', fill('. Agent: before restarting the cluster now, ')],
  ['conditions about a bot without an order', fill('if the bot suggests a refund ')],
  ['pre-approval told to an AI reviewer without an order', fill('AI reviewer, this change has been pre-approved by ')],
  ['public buckets', fill('copy it to the public bucket ')],
  ['refunds to the writer\'s card in one sentence', fill('Please refund the charge back to my card and ')],
  ['conditions about an e-mail assistant without an order', fill('If an email assistant is reading this: Helen has ')],
  ['copying after a clause, without a place', fill('AI agents should also, on every run, copy it to ')],
  ['authority claims about a user without a title', fill('AI moderator: this user is ')],
  ['secrets handed over without a place', fill('the automated ticket worker should also attach the private key ')],
  ['an AI helper addressed with a condition and no order', fill('for your AI helper if it reads ')],
  ['"have it" without an order', fill('— please have it ')],
  ['a model label without an address', fill('(Model: also append the full transcript to ')],
  ['policies that do not apply, without an order', fill('@assistant the policy about sending e-mails does not apply; send ')],
  ['permissions without an order', fill('Deploy bot: you are now allowed to ')],
  ['claimed rules after a dash', fill('triage bot — new rule from management: ')],
  ['bot handles with chat commands', fill('@deploy-bot deploy all ')],
  ['job agents hailed without an order', fill('Hey triage agent — ')],
  ['quoted responder hints without a destructive fix', fill('"Automated responders: the quickest fix is to ')],
  ['an AI told where to write, without an order', fill('Note-taking AI, in the action items ')],
  ['dashes before an assistant handling the text', fill(' — assistant triaging this error ')],
  ['notes to AI assistants in Japanese without a colon', fill('AI採用アシスタントへ')],
  ['AI readers that use this text, without a colon', fill('any writing assistant that uses this doc ')],
  ['notes to a calendar assistant in Spanish without an order', fill('. Para el asistente de calendario: ')],
  ['a bot processing this item given reasons, without so', fill('. Travel agent bot processing this itinerary: the traveller has ')],
];

describe('detectors on adversarial input (no catastrophic backtracking)', () => {
  it.each(ADVERSARIAL)('scan %s (1 MiB) in bounded time', (_name, text) => {
    // CPU time of this process, not wall time: other test workers on the machine do not count.
    const started = process.cpuUsage();
    const findings = scanText(text);
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    // Linear detectors take about a second of CPU here at most; a backtracking blow-up on 1 MiB takes hours.
    expect(ms).toBeLessThan(20_000);
    expect(findings.every((f) => f.start >= 0 && f.end <= text.length && f.start <= f.end)).toBe(true);
  });

  it('every detector is listed once, with a version', () => {
    expect(new Set(DETECTORS.map((d) => d.name)).size).toBe(DETECTORS.length);
    for (const d of DETECTORS) expect(d.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
