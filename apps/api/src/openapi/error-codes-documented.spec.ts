import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import ts from 'typescript';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorCode, httpStatusOf } from '../common/domain-error';

const ROOT = join(__dirname, '..', '..', '..', '..');
const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);
const CODE_VALUES = new Set<string>(Object.values(ErrorCode));
const NEST_CALLS = new Set(['transform', 'canActivate', 'intercept']);
/** Tables of every code (the status map, the problem filter's fallbacks) are no route's own raising. */
const NOT_A_RAISER = [join('apps', 'api', 'src', 'common', 'domain-error.ts'), 'problem-details.filter.ts'];

/**
 * The coded errors a piece of code can raise, found by following its calls through frist's own sources (services,
 * repositories, pipes constructed in parameter decorators, helpers, libs): every `ErrorCode.X` it reaches, and every
 * string literal that is a code's value (libs raise their own errors with the same codes, e.g. the rule-change
 * registry's 'RULE_CHANGE_ROLE_REQUIRED', which the service maps 1:1). Calls into node_modules and through
 * interfaces are not followed; a lookup table is not expanded (its keys come from elsewhere).
 */
class RaisedCodes {
  private readonly memo = new Map<ts.Node, Set<string>>();
  constructor(private readonly checker: ts.TypeChecker) {}

  of(node: ts.Node): Set<string> {
    const found = new Set<string>();
    this.visit(node, found, new Set());
    return found;
  }

  private visit(node: ts.Node, found: Set<string>, seen: Set<ts.Node>): void {
    if (ts.isDecorator(node) && ts.isMethodDeclaration(node.parent)) return; // @ApiProblems(...) is the claim itself
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'ErrorCode'
    ) {
      const value = (ErrorCode as Record<string, string>)[node.name.text];
      if (value) found.add(value);
    }
    if (ts.isStringLiteral(node) && CODE_VALUES.has(node.text)) found.add(node.text);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      for (const decl of this.declarationsCalled(node))
        for (const code of this.ofDeclaration(decl, seen)) found.add(code);
    }
    ts.forEachChild(node, (child) => this.visit(child, found, seen));
  }

  private ofDeclaration(decl: ts.Declaration, seen: Set<ts.Node>): Set<string> {
    const cached = this.memo.get(decl);
    if (cached) return cached;
    if (seen.has(decl)) return new Set(); // recursion: its codes are being collected further up
    seen.add(decl);
    const found = new Set<string>();
    // A function's parameters too: a default (code = ErrorCode.ValidationFailed) is what it raises by default.
    // Constructing a class runs its constructor; its methods count where they are called, except those Nest calls
    // itself on what a decorator constructs (a pipe's transform).
    if (ts.isClassDeclaration(decl)) {
      for (const member of decl.members)
        if (
          (ts.isConstructorDeclaration(member) ||
            (ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && NEST_CALLS.has(member.name.text))) &&
          member.body
        )
          this.visit(member, found, seen);
    } else if (ts.isFunctionLike(decl) && (decl as ts.FunctionLikeDeclaration).body) this.visit(decl, found, seen);
    else if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isFunctionLike(decl.initializer))
      this.visit(decl.initializer, found, seen);
    this.memo.set(decl, found);
    return found;
  }

  private declarationsCalled(call: ts.CallExpression | ts.NewExpression): ts.Declaration[] {
    const callee = call.expression;
    const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return (symbol?.declarations ?? []).filter((d) => {
      const file = d.getSourceFile().fileName;
      return (
        !file.includes(`${sep}node_modules${sep}`) &&
        !file.includes('/node_modules/') &&
        !d.getSourceFile().isDeclarationFile &&
        !NOT_A_RAISER.some((f) => file.endsWith(f))
      );
    });
  }
}

function decoratorName(d: ts.Decorator): string | undefined {
  const e = d.expression;
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? e.expression.text : undefined;
}

/** operationId (as the document's factory names it) → the codes its handler can raise. */
function raisedByOperation(): Map<string, Set<string>> {
  const config = ts.parseJsonConfigFileContent(
    JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as object,
    ts.sys,
    ROOT,
  );
  const controllers = config.fileNames.filter((f) => /apps\/api\/src\/.*\.controller\.ts$/.test(f));
  const program = ts.createProgram(controllers, { ...config.options, noEmit: true });
  const raised = new RaisedCodes(program.getTypeChecker());
  const byOperation = new Map<string, Set<string>>();
  for (const file of controllers) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`not in the program: ${file}`);
    for (const cls of source.statements.filter(ts.isClassDeclaration)) {
      // The web UI's own routes are not part of the API document.
      if ((ts.getDecorators(cls) ?? []).some((d) => decoratorName(d) === 'ApiExcludeController')) continue;
      const controller = cls.name?.text.replace(/Controller$/, '');
      for (const member of cls.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const decorators = ts.getDecorators(member) ?? [];
        if (!decorators.some((d) => HTTP_DECORATORS.has(decoratorName(d) ?? ''))) continue;
        // The handler's body and its parameters' pipes (@Body(new ZodValidationPipe(...))).
        const codes = new Set<string>();
        for (const part of [member.body, ...member.parameters])
          if (part) for (const code of raised.of(part)) codes.add(code);
        byOperation.set(`${controller}_${member.name.text}`, codes);
      }
    }
  }
  return byOperation;
}

describe('every coded error a route can raise is documented on it in openapi.json', () => {
  jest.setTimeout(240_000); // the type checker over the API's sources: ~30 s, more on a loaded machine
  const doc = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as OpenAPIObject;
  const operations = new Map<string, OperationObject>();
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item) as OperationObject[])
      if (op && typeof op === 'object' && op.operationId) operations.set(op.operationId, op);
  const documents = (op: OperationObject, code: string): boolean => {
    const [status] = httpStatusOf(code as ErrorCode);
    const response = op.responses[String(status)] as ResponseObject | undefined;
    return new RegExp(`\\b${code}\\b`).test(response?.description ?? '');
  };

  it('finds each handler and each code its services, pipes and helpers raise', () => {
    const raised = raisedByOperation();
    // The analysis reaches through services: known raisers are found (a guard against it silently finding nothing).
    expect([...(raised.get('Cases_move') ?? [])]).toContain(ErrorCode.UnknownTeam);
    expect([...(raised.get('Webhooks_create') ?? [])]).toEqual(
      expect.arrayContaining([ErrorCode.WebhookUrlInternal, ErrorCode.CprNotAllowed, ErrorCode.ValidationFailed]),
    );
    expect([...(raised.get('RuleChanges_approve') ?? [])]).toContain(ErrorCode.RuleChangeRoleRequired);
    expect([...raised.keys()].filter((id) => !operations.has(id))).toEqual([]);

    const missing = [...raised].flatMap(([id, codes]) =>
      [...codes].filter((code) => !documents(operations.get(id)!, code)).map((code) => `${id}: ${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents what the HTTP edge answers for a body on every operation that takes one', () => {
    const missing = [...operations]
      .filter(([, op]) => op.requestBody)
      .flatMap(([id, op]) =>
        [ErrorCode.UnsupportedMediaType, ErrorCode.PayloadTooLarge, ErrorCode.NestingTooDeep]
          .filter((code) => !documents(op, code))
          .map((code) => `${id}: ${code}`),
      );
    expect(missing).toEqual([]);
  });
});
