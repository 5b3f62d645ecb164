import '../../runtime-aliases';
import 'reflect-metadata';
import { configureLogging, DomainError } from '@ctxvault/common';
import { allAreas, AppConfig, ConfigError, configTableMarkdown, envExample, loadConfig } from '@ctxvault/config';
import { parseArgs, UsageError } from './args';
import { keyCommand, tenantCommand } from './commands/admin.command';
import { dbSetupCommand, migrateCommand } from './commands/db.command';
import { startCommand } from './commands/start.command';
import { mcpCommand } from './commands/mcp.command';
import { benchCommand, evalCommand } from './commands/bench.command';
import { sourceCommand } from './commands/source.command';
import { evalPoisonCommand, scanBenchCommand, scanCommand, trainPoisonCommand } from './commands/scan.command';
import { flagsCommand, policyCommand, trustRuleCommand } from './commands/policy.command';
import { join } from 'node:path';
import { documentCommand, logCommand, signingKeyCommand, verifyBundleCommand, verifyStoreCommand } from './commands/provenance.command';

const HELP = `ctxvault — ContextVault command line

Service
  ctxvault start                      API + worker in one process (embedded database without DATABASE_URL)
  ctxvault api                        the HTTP API only (needs DATABASE_URL)
  ctxvault worker                     the queue worker only (needs DATABASE_URL)
  ctxvault mcp                        MCP tools over stdio for a local agent, as the key in CTXVAULT_API_KEY

Database
  ctxvault db setup [--recreate]      create roles, database and pgvector (needs DATABASE_ADMIN_URL);
                                      --recreate drops the database first
  ctxvault migrate                    apply migrations as DATABASE_OWNER_URL

Tenants and keys (direct database access)
  ctxvault tenant create <slug> [--name N]            prints {"tenant": …, "adminKey": …}
  ctxvault tenant list
  ctxvault key create --tenant <slug> --role <admin|agent|security|ingest> [--name N] [--expires-at ISO]
                                                      prints {"key": …, "apiKey": …}
  ctxvault key list --tenant <slug> [--all]
  ctxvault key revoke --tenant <slug> <key-id>

Sources (direct database access; syncs are queued in Redis for the worker)
  ctxvault source create --tenant <slug> --kind git --name <name> [--config JSON|@file] [--credentials JSON|@file]
                         [--schedule-seconds N] [--trust-tier trusted|standard|low|untrusted] [--disabled]
  ctxvault source list --tenant <slug>
  ctxvault source get|disable|enable|delete --tenant <slug> <source-id>
  ctxvault source update --tenant <slug> <source-id> [--name N] [--config ..] [--credentials ..] [--schedule-seconds N|none] [--trust-tier T]
  ctxvault source sync --tenant <slug> <source-id> [--wait] [--timeout SECONDS]   (--wait shows progress, ends with the counts)
  ctxvault source runs --tenant <slug> <source-id> [--limit N]

Provenance
  ctxvault verify --bundle FILE --keys FILE           check an exported bundle offline (no database, no network)
  ctxvault verify-store --tenant <slug>               full store check: content, signatures, leaves, tree, checkpoints
  ctxvault log checkpoint --tenant <slug> [--new]     the latest signed checkpoint (--new signs one now)
  ctxvault log keys --tenant <slug>                   the public signing-key history (the --keys file)
  ctxvault log consistency --old FILE [--tenant <slug>] [--keys FILE]
                                                      prove the log now extends a checkpoint you kept
                                                      (over CTXVAULT_URL + CTXVAULT_API_KEY, or --tenant directly)
  ctxvault signing-key rotate|list --tenant <slug>
  ctxvault document bundle --tenant <slug> <document-id> [--content]

Poisoning (offline: no database)
  ctxvault scan [--jsonl FILE]        JSON lines with a "text" field (stdin without a file) → one line per input:
                                      {"flagged", "score", "severity", "flags": [{"code", "severity", "start", "end"}]}
  ctxvault eval poison --jsonl FILE   lines with "text" and "label" (injection|benign): precision, recall and
                                      false-positive rate, overall and per kind / source / transform
  ctxvault train poison --jsonl FILE [--out FILE] [--folds N] [--seed N]
                                      train the instruction model (default: the committed model file) and print
                                      its cross-validated figures (thresholds chosen on training folds only)

Poisoning policy and review (direct database access; reviews are over the API, as a security key)
  ctxvault policy get --tenant <slug>                 withholding threshold and trust rules
  ctxvault policy set --tenant <slug> --withhold-at low|medium|high|critical|never
  ctxvault trust-rule list --tenant <slug>
  ctxvault trust-rule add --tenant <slug> --scope container|author --value V --tier trusted|standard|low|untrusted
                          [--source-id ID] [--note N]  (container: a prefix of external ids, e.g. slack:C0123:)
  ctxvault trust-rule remove --tenant <slug> <rule-id>
  ctxvault flags list --tenant <slug> [--status S,..] [--severity S,..] [--detector D,..] [--code C,..] [--limit N]
  ctxvault flags rescan --tenant <slug>               re-scan stored content with this build's detectors (progress on stderr)

Benchmarks (against DATABASE_URL; "npm run bench -- <name>" prepares a database)
  ctxvault bench provenance [--statements N] [--batch N] [--leaves N] [--proofs N]
  ctxvault bench ingest [--documents N] [--batch N] [--workers N]
  ctxvault bench search [--chunks N] [--tenants N] [--searches N] [--seconds N] [--corpus FILE] [--queries FILE]
  ctxvault bench scan [--documents N] [--corpus FILE]   detector latency on one core (no database)

Evaluation (against DATABASE_URL, with worker processes and Redis)
  ctxvault eval retrieval --corpus FILE --queries FILE --qrels FILE [--batch N] [--workers N] [--max-queries N]
                                      BEIR layout (corpus JSONL or .jsonl.gz, queries JSONL, qrels TSV): pushes the
                                      corpus into a fresh tenant, asks every judged query through the search API,
                                      prints nDCG@10, recall@10, recall@100 and latency p50/p99

Configuration
  ctxvault config check               validate the environment and print the settings (secrets hidden)
  ctxvault config table               the configuration table in Markdown
  ctxvault config example             the .env.example file

Output is JSON on stdout; logs go to stderr. Exit codes: 0 ok, 1 failure, 2 usage or configuration error.
`;

function configSummary(config: AppConfig): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [area, specs] of Object.entries(allAreas)) {
    out[area] = {};
    for (const [key, spec] of Object.entries(specs) as Array<[string, { name: string; secret?: boolean }]>) {
      const v = (config as unknown as Record<string, Record<string, unknown>>)[area][key];
      out[area][spec.name] = spec.secret && v !== undefined ? '(set, hidden)' : v ?? null;
    }
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  if (cmd === 'config' && sub === 'table') {
    process.stdout.write(configTableMarkdown() + '\n');
    return 0;
  }
  if (cmd === 'config' && sub === 'example') {
    process.stdout.write(envExample());
    return 0;
  }
  if (cmd === 'scan') {
    return scanCommand(parseArgs(argv.slice(1)), (l) => process.stdout.write(l + '\n'));
  }
  if (cmd === 'eval' && sub === 'poison') {
    process.stdout.write(JSON.stringify(evalPoisonCommand(parseArgs(rest)), null, 2) + '\n');
    return 0;
  }
  if (cmd === 'bench' && sub === 'scan') {
    process.stdout.write(JSON.stringify(scanBenchCommand(parseArgs(rest)), null, 2) + '\n');
    return 0;
  }
  if (cmd === 'train' && sub === 'poison') {
    process.stdout.write(JSON.stringify(trainPoisonCommand(parseArgs(rest), join(__dirname, '../../../..')), null, 2) + '\n');
    return 0;
  }
  if (cmd === 'verify') {
    const { code, output } = verifyBundleCommand(parseArgs(argv.slice(1)));
    process.stdout.write(JSON.stringify(output, null, 2) + '\n');
    return code;
  }
  const config = loadConfig();
  configureLogging({ level: config.log.level, sink: (l) => process.stderr.write(l + '\n') });
  const print = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');
  const serviceCmd = cmd === 'start' || cmd === 'api' || cmd === 'worker';
  if (serviceCmd) {
    configureLogging({ sink: (l) => process.stderr.write(l + '\n') });
    await startCommand(config, cmd === 'start' ? 'all' : cmd, parseArgs(argv.slice(1)));
    return -1;
  }
  if (cmd === 'mcp') {
    await mcpCommand(config);
    return 0;
  }
  const booleans = ['all', 'recreate', 'content', 'new', 'wait', 'disabled'];
  switch (cmd) {
    case 'config':
      if (sub !== 'check') throw new UsageError('usage: ctxvault config check | table | example');
      print(configSummary(config));
      return 0;
    case 'db':
      if (sub !== 'setup') throw new UsageError('usage: ctxvault db setup');
      print(await dbSetupCommand(config, parseArgs(rest, booleans)));
      return 0;
    case 'migrate':
      print(await migrateCommand(config, parseArgs(argv.slice(1), booleans)));
      return 0;
    case 'tenant':
      print(await tenantCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'key':
      print(await keyCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'verify-store': {
      const { code, output } = await verifyStoreCommand(config, parseArgs(argv.slice(1), booleans));
      print(output);
      return code;
    }
    case 'log': {
      const { code, output } = await logCommand(config, sub, parseArgs(rest, booleans));
      print(output);
      return code;
    }
    case 'source': {
      const { code, output } = await sourceCommand(config, sub, parseArgs(rest, booleans));
      print(output);
      return code;
    }
    case 'bench':
      print(await benchCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'eval':
      print(await evalCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'policy':
      print(await policyCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'trust-rule':
      print(await trustRuleCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'flags':
      print(await flagsCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'signing-key':
      print(await signingKeyCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    case 'document':
      // Exactly the canonical bytes: a verifier refuses anything else.
      process.stdout.write(await documentCommand(config, sub, parseArgs(rest, booleans)));
      return 0;
    default:
      throw new UsageError(`unknown command "${cmd}"; run "ctxvault help"`);
  }
}

// A reader that stops early (`ctxvault scan … | head`) closes the pipe: the output it wanted is written, so stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    if (e instanceof ConfigError || e instanceof UsageError) {
      process.stderr.write(`ctxvault: ${e.message}\n`);
      process.exit(2);
    }
    if (e instanceof DomainError) {
      process.stderr.write(`ctxvault: ${e.message}${e.details.length ? '\n  - ' + e.details.join('\n  - ') : ''}\n`);
      process.exit(1);
    }
    process.stderr.write(`ctxvault: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
