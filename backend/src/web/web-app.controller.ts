import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Public } from '../common/auth-context';
import { FRONTEND_DIR } from './frontend-dir';

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Helpdesk</title></head>
<body><h1>Helpdesk</h1><p>The API is running at <a href="/api/docs">/api/docs</a>. The agent UI has not been built (npm run build).</p></body></html>`;

/**
 * Serves the agent UI's index.html for every browser route the UI owns (client-side
 * routing); hashed assets are served by @fastify/static before this is reached.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebAppController {
  private readonly indexHtml: string;

  constructor(@Inject(FRONTEND_DIR) frontendDir: string | null) {
    const index = frontendDir && path.join(frontendDir, 'index.html');
    this.indexHtml = index && existsSync(index) ? readFileSync(index, 'utf8') : PLACEHOLDER;
  }

  @Get('*')
  index(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const url = req.url.split('?')[0];
    // /metrics lives on METRICS_PORT: a scraper pointed at the public port gets a plain 404, not the UI.
    if (url.startsWith('/api/') || url === '/api' || url === '/metrics' || /\.[a-z0-9]+$/i.test(url))
      throw new NotFoundException(`No route ${url}`);
    void reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(this.indexHtml);
  }
}
