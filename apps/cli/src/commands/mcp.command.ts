import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { AppConfig } from '@ctxvault/config';
import { createServices } from '@ctxvault/services';
import { buildMcpServer } from '../../../api/src/mcp/mcp.tools';
import { UsageError } from '../args';
import { openCliDatabase } from '../db-connection';

/**
 * `ctxvault mcp`: the MCP tools over stdio for a local agent, as the key in CTXVAULT_API_KEY (role
 * agent or security), straight against the database. stdout carries only the protocol; logs go to
 * stderr. Ends when the client closes stdin.
 */
export async function mcpCommand(config: AppConfig): Promise<void> {
  const key = config.client.apiKey;
  if (!key) throw new UsageError('set CTXVAULT_API_KEY to an agent (or security) API key of the tenant to serve');
  const open = await openCliDatabase(config);
  try {
    const s = createServices(config, open.db);
    const principal = await s.tenancy.auth.authenticate(key);
    if (principal.role !== 'agent' && principal.role !== 'security') throw new UsageError(`CTXVAULT_API_KEY has role ${principal.role}; MCP needs a key with role agent or security`);
    const server = buildMcpServer(s, principal);
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once('end', () => resolve());
    });
    await server.connect(transport);
    process.stderr.write(`ctxvault mcp: serving tenant ${principal.tenantId} as key ${principal.keyName} (${principal.role}) over stdio\n`);
    await closed;
    await server.close();
  } finally {
    await open.close();
  }
}
