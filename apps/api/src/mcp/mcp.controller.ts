import { Controller, Delete, Get, HttpException, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Services } from '@ctxvault/services';
import { OwnTransactions, Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { SERVICES } from '../tokens';
import { buildMcpServer } from './mcp.tools';

/**
 * Model Context Protocol over Streamable HTTP, stateless: every POST carries its JSON-RPC messages
 * and gets JSON back; the API key authenticates each request as for the HTTP routes.
 */
@ApiTags('mcp')
@Controller('mcp')
export class McpController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  @Post()
  @Roles('agent', 'security')
  @OwnTransactions()
  @ApiOkResponse({ description: 'MCP JSON-RPC (Streamable HTTP, stateless): tools search_context, get_document, verify_provenance' })
  async handle(@Req() req: ApiRequest, @Res() res: Response): Promise<void> {
    const server = buildMcpServer(this.s, req.principal!);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, (req as unknown as { body: unknown }).body);
  }

  @Get()
  @Roles('agent', 'security')
  @ApiResponse({ status: 405, description: 'no server-sent event stream: this MCP endpoint is stateless (use POST)' })
  stream(): never {
    throw new HttpException({ statusCode: 405, message: 'this MCP endpoint is stateless: send JSON-RPC with POST /mcp (no server-sent event stream)' }, 405);
  }

  @Delete()
  @Roles('agent', 'security')
  @ApiResponse({ status: 405, description: 'no session to end: this MCP endpoint is stateless' })
  end(): never {
    throw new HttpException({ statusCode: 405, message: 'this MCP endpoint is stateless: there is no session to end' }, 405);
  }
}
