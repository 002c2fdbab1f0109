import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth';
import { DomainError, ErrorCode } from '../common/domain-error';

/** The UI's files ship next to this controller (copied into dist by `npm run build`). */
export const WEB_ASSETS = join(__dirname, 'assets');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};
// A flat allow-list of names (no dots but the extension, no slashes): nothing outside assets/ can be named.
const ASSET = /^(?:pages\/)?[a-z0-9-]+\.(?:js|css|svg)$/;

/**
 * The web UI: a small framework-free SPA (ES modules, no build step) that uses the same JSON API as everyone else.
 * The page needs no token; every API call it makes does. Served with a strict Content-Security-Policy: scripts,
 * styles and connections from this origin only, no inline code.
 */
// Not part of the JSON API document: an HTML page and its files, or a development-only helper.
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  @Get()
  index(@Res() res: Response): void {
    this.send(res, 'index.html');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    this.serve(file, res);
  }

  @Get('assets/pages/:file')
  page(@Param('file') file: string, @Res() res: Response): void {
    this.serve(`pages/${file}`, res);
  }

  private serve(name: string, res: Response): void {
    if (!ASSET.test(name) || !existsSync(join(WEB_ASSETS, name)))
      throw new DomainError(ErrorCode.NotFound, `no asset ${name}`);
    this.send(res, name);
  }

  private send(res: Response, name: string): void {
    const ext = name.slice(name.lastIndexOf('.'));
    res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // Revalidate on every load (ETag/Last-Modified from sendFile): a deploy is visible at once.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(name, { root: WEB_ASSETS, dotfiles: 'deny' });
  }
}
