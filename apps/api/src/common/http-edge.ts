import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from './domain-error';

/** The most any JSON body may be; bodies are read up to this, then held to their route's own limit. */
const READ_LIMIT_BYTES = 1024 * 1024;

/**
 * JSON body limits by route, first match wins. A case with its first events and a batch of up to 100 events get
 * room for their text fields; the preview takes whole timelines (years of events); everything else is a few fields.
 */
export const BODY_LIMITS: readonly { method: string; path: RegExp; bytes: number }[] = [
  { method: 'POST', path: /^\/api\/v1\/preview\/?$/, bytes: READ_LIMIT_BYTES },
  { method: 'POST', path: /^\/api\/v1\/cases\/?$/, bytes: 256 * 1024 },
  { method: 'POST', path: /^\/api\/v1\/cases\/[^/]+\/events(?:\/[^/]+\/correct)?\/?$/, bytes: 256 * 1024 },
];
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

/** Deeper JSON is no input frist has: an event is an object in an array in an object. */
export const MAX_JSON_DEPTH = 16;

/** An error body-parser passes on with its own status (http-errors style), mapped by the problem filter. */
class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function bodyLimitFor(method: string, path: string): number {
  return BODY_LIMITS.find((l) => l.method === method && l.path.test(path))?.bytes ?? DEFAULT_BODY_LIMIT_BYTES;
}

/**
 * Nesting depth of a JSON text, by one pass over its bytes (strings and escapes skipped), so a 5,000-deep body
 * is refused before JSON.parse or any validator walks it. Returns as soon as `max` is exceeded.
 */
export function exceedsJsonDepth(buf: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** body-parser's `verify` hook: the route's size limit and the nesting limit, before the body is parsed. */
function verifyJsonBody(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  const path = (req.url ?? '/').split('?')[0];
  const limit = bodyLimitFor(req.method ?? 'GET', path);
  if (buf.length > limit)
    throw new BodyError(413, 'entity.too.large', `the body has ${buf.length} bytes; this route takes at most ${limit}`);
  if (exceedsJsonDepth(buf, MAX_JSON_DEPTH))
    throw new BodyError(400, 'entity.too.deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
}

/** One HTTP method set per documented path template, as matchers. */
function methodsByPath(doc: OpenAPIObject): { path: RegExp; methods: Set<string> }[] {
  return Object.entries(doc.paths).map(([template, item]) => {
    const methods = new Set(
      Object.keys(item)
        .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
        .map((m) => m.toUpperCase()),
    );
    if (methods.has('GET')) methods.add('HEAD');
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return { path: new RegExp(`^${pattern}/?$`), methods };
  });
}

/**
 * The HTTP edge every request passes first: no `X-Powered-By`; `Cache-Control: no-store` (answers carry personal
 * and per-user data; the UI's static files excepted); JSON bodies within their route's size and nesting limits;
 * a documented path with an undocumented method answers 405 with `Allow` (OPTIONS: 204 with `Allow`).
 */
export function applyHttpEdge(app: NestExpressApplication, doc: () => OpenAPIObject): void {
  app.disable('x-powered-by');
  // No SHA-1 of every JSON body for a weak ETag nobody can use (the answers are no-store). A task's ETag is its
  // version, set by its handler; the UI's files get theirs from sendFile.
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  let routes: ReturnType<typeof methodsByPath> | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    routes ??= methodsByPath(doc());
    // The common case first: a documented path that takes this method (one pass, stops at the first hit).
    const path = req.path;
    if (routes.some((r) => r.methods.has(req.method) && r.path.test(path))) return next();
    const matching = routes.filter((r) => r.path.test(path));
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((r) => [...r.methods]));
    if (allowed.has(req.method)) return next();
    const allow = [...allowed, 'OPTIONS'].join(', ');
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next(new DomainError(ErrorCode.MethodNotAllowed, `${req.method} is not allowed here; allowed: ${allow}`));
  });
  app.useBodyParser('json', {
    limit: READ_LIMIT_BYTES,
    type: ['application/json', 'application/*+json'],
    verify: verifyJsonBody,
  });
}
