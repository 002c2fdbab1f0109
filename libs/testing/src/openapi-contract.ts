import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const root = join(__dirname, '..', '..', '..');

/** A response as the server sent it. */
export interface ObservedResponse {
  method: string;
  /** The request target (path and query). */
  url: string;
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

/**
 * 2xx JSON answers that the OpenAPI document gives no schema for yet (documented as "200" without content). They are
 * counted, not validated; an operation leaves this list once its schema is documented. Anything else without a
 * schema is a contract violation.
 */
const UNDOCUMENTED_JSON = new Set([
  'GET /health/live',
  'GET /health/ready',
  'GET /api/v1/dashboard/overdue',
  'GET /api/v1/dashboard/overdue/cases',
  'GET /api/v1/dashboard/on-time',
  'GET /api/v1/dashboard/forecast',
  'GET /api/v1/dashboard/passivity',
  'GET /api/v1/preview/catalog',
  'GET /api/v1/ops/status',
]);

/**
 * Checks real responses against the committed openapi.json: every 2xx JSON body must match its operation's
 * response schema (JSON Schema via Ajv, formats included), and every 2xx status must be one the document lists.
 * The e2e harness feeds it every response its app sends, so the whole e2e suite is the contract test.
 */
export class OpenApiContract {
  readonly violations: string[] = [];
  /** Bodies validated against a schema, per "METHOD /template": what the suite actually covered. */
  readonly validated = new Map<string, number>();
  private readonly operations: Operation[];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: { paths: Record<string, Record<string, unknown>>; components?: object }) {
    // Component references point into one schema registered under "api" (OpenAPI's own keys are not JSON Schema).
    const doc = JSON.parse(
      JSON.stringify(document).replaceAll('"#/components/', '"api#/components/'),
    ) as typeof document;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'api', components: doc.components ?? {} });
    this.operations = Object.entries(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        responses: (op as Pick<Operation, 'responses'>).responses ?? {},
      })),
    );
  }

  static fromRepository(): OpenApiContract {
    return new OpenApiContract(JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8')) as never);
  }

  /** Validates one response (non-2xx answers are the problem-details tests' concern). */
  check(r: ObservedResponse): void {
    if (r.status < 200 || r.status > 299) return;
    // OPTIONS is answered by the HTTP edge for every path (204 with Allow), no operation of the document.
    if (r.method === 'OPTIONS') return;
    const path = new URL(r.url, 'http://x').pathname;
    // The web UI's pages and files, its dev login and the OpenAPI viewer are not API operations.
    if (!/^\/(api\/v1\/|health\/|metrics$)/.test(path)) return;
    // Literal paths win over templated ones (/tasks/stream before /tasks/{id}).
    const candidates = this.operations
      .filter((o) => o.method === r.method && o.pattern.test(path))
      .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
    const op = candidates[0];
    const where = `${r.method} ${path} → ${r.status}`;
    if (!op) return void this.violations.push(`${where}: no operation in openapi.json`);
    const key = `${op.method} ${op.template}`;
    const documented = op.responses[String(r.status)];
    if (!documented) return void this.violations.push(`${where}: status ${r.status} is not documented for ${key}`);
    const mediaType = (r.contentType ?? '').split(';')[0].trim();
    if (mediaType !== 'application/json') return; // CSV, calendars, streams, metrics: not JSON Schema's job
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) {
      if (!UNDOCUMENTED_JSON.has(key)) this.violations.push(`${where}: a JSON body, but ${key} documents no schema`);
      return;
    }
    const validatorKey = `${key} ${r.status}`;
    let validate = this.validators.get(validatorKey);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(validatorKey, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(r.body.toString('utf8'));
    } catch {
      return void this.violations.push(`${where}: the body is not JSON`);
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
      this.violations.push(`${where}: the body does not match ${key}: ${errors.join('; ')}`);
    }
    this.validated.set(key, (this.validated.get(key) ?? 0) + 1);
  }

  /** Throws with every mismatch seen (the harness calls it when the file's app closes). */
  assertClean(): void {
    if (this.violations.length > 0)
      throw new Error(`responses that break openapi.json:\n${[...new Set(this.violations)].join('\n')}`);
  }

  /** Feeds every response the server sends to `check`, with its body as written. */
  observe(server: Server): void {
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      const keep = (chunk: unknown, encoding: unknown) => {
        if (typeof chunk === 'string')
          chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
        else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      };
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        keep(chunk, rest[0]);
        return write(chunk, ...rest);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (typeof chunk !== 'function') keep(chunk, rest[0]);
        return end(chunk, ...rest);
      }) as typeof res.end;
      res.once('finish', () => {
        const contentType = res.getHeader('content-type');
        this.check({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          status: res.statusCode,
          contentType: typeof contentType === 'string' ? contentType : undefined,
          body: Buffer.concat(chunks),
        });
      });
    });
  }
}
