// A small interpreter of Painless *expressions*: what a bucket_script, a bucket_selector or a
// script condition needs to compare and combine numbers. It is a real parser and evaluator of
// this subset, not a matcher of known strings:
//
//   literals        12  1.5  true  false  null
//   variables       params.NAME  params['NAME']  ctx.payload.a.b  (member access on maps, list index [n])
//   operators       ( )  !  unary -  * / %  + -  < <= > >= == !=  &&  ||  ?:   (Java precedence)
//
// Semantics are Painless's on `def` values (the params of pipeline scripts are Doubles, possibly
// NaN; a comparison with NaN is false, as in Java; `==` on numbers compares their values, as
// DefMath.eq does). Anything outside the subset (statements, method calls, lambdas, `def x = …`)
// is a compile error here; on a real cluster it may be valid, so the sandbox says it does not
// support it rather than guessing (docs/sandbox.md, "Scripts").

export class PainlessError extends Error {
  constructor(
    message: string,
    readonly kind: 'compile' | 'runtime',
  ) {
    super(message);
  }
}

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'var'; path: (string | number)[] }
  | { t: 'un'; op: string; e: Node }
  | { t: 'bin'; op: string; l: Node; r: Node }
  | { t: 'cond'; c: Node; a: Node; b: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[dDfFlL]?)|([A-Za-z_][A-Za-z0-9_]*)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(&&|\|\||==|!=|<=|>=|[-+*/%<>!?:()[\].]))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m) throw new PainlessError(`unexpected character at offset ${at}: [${source.slice(at).trimStart().slice(0, 10)}]`, 'compile');
    tokens.push(m[0].trim());
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** Painless keywords that start what is not an expression (statements, declarations, allocation). */
const KEYWORDS = new Set(['return', 'def', 'if', 'else', 'for', 'while', 'do', 'new', 'try', 'throw', 'break', 'continue', 'instanceof', 'int', 'long', 'double', 'float', 'boolean', 'String', 'var']);

/** Binary operators by precedence, lowest first (Java's). */
const LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

export function compilePainless(source: string): (vars: Record<string, unknown>) => unknown {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const token = tokens[i];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new PainlessError(`expected [${expected ?? 'an expression'}] but found [${token ?? 'end of script'}]`, 'compile');
    i++;
    return token;
  };
  const conditional = (): Node => {
    const c = binary(0);
    if (peek() !== '?') return c;
    take('?');
    const a = conditional();
    take(':');
    return { t: 'cond', c, a, b: conditional() };
  };
  const binary = (level: number): Node => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    while (LEVELS[level].includes(peek())) {
      const op = take();
      left = { t: 'bin', op, l: left, r: binary(level + 1) };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() === '!' || peek() === '-') {
      const op = take();
      return { t: 'un', op, e: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const token = take();
    if (token === '(') {
      const e = conditional();
      take(')');
      return e;
    }
    if (/^\d/.test(token)) return { t: 'lit', v: Number(token.replace(/[dDfFlL]$/, '')) };
    if (token === 'true' || token === 'false') return { t: 'lit', v: token === 'true' };
    if (token === 'null') return { t: 'lit', v: null };
    if (KEYWORDS.has(token)) throw new PainlessError(`[${token}] is not supported by the sandbox (it evaluates single Painless expressions)`, 'compile');
    if (/^[A-Za-z_]/.test(token)) {
      const path: (string | number)[] = [token];
      for (;;) {
        if (peek() === '.') {
          take('.');
          const name = take();
          if (!/^[A-Za-z_]\w*$/.test(name)) throw new PainlessError(`unexpected [${name}] after [.]`, 'compile');
          if (peek() === '(') throw new PainlessError(`method calls are not supported by the sandbox ([${name}(…)])`, 'compile');
          path.push(name);
        } else if (peek() === '[') {
          take('[');
          const key = take();
          take(']');
          if (/^\d+$/.test(key)) path.push(Number(key));
          else if (/^['"]/.test(key)) path.push(key.slice(1, -1));
          else throw new PainlessError(`only constant keys are supported in [ ] by the sandbox, found [${key}]`, 'compile');
        } else break;
      }
      if (peek() === '(') throw new PainlessError(`method calls are not supported by the sandbox ([${path.join('.')}(…)])`, 'compile');
      return { t: 'var', path };
    }
    throw new PainlessError(`unexpected token [${token}]`, 'compile');
  };
  if (tokens.length === 0) throw new PainlessError('the script is empty', 'compile');
  const tree = conditional();
  if (i < tokens.length) throw new PainlessError(`unexpected token [${tokens[i]}]: statements are not supported by the sandbox (it evaluates single Painless expressions)`, 'compile');
  return (vars) => evaluate(tree, vars);
}

function evaluate(node: Node, vars: Record<string, unknown>): unknown {
  switch (node.t) {
    case 'lit':
      return node.v;
    case 'var': {
      let value: unknown = vars;
      for (const step of node.path) {
        if (value === null || value === undefined) throw new PainlessError(`null pointer at [${node.path.join('.')}]`, 'runtime');
        value = Array.isArray(value) ? value[Number(step)] : (value as Record<string, unknown>)[String(step)];
      }
      return value ?? null;
    }
    case 'un': {
      const v = evaluate(node.e, vars);
      if (node.op === '!') return !bool(v);
      return -num(v);
    }
    case 'cond':
      return bool(evaluate(node.c, vars)) ? evaluate(node.a, vars) : evaluate(node.b, vars);
    case 'bin': {
      if (node.op === '&&') return bool(evaluate(node.l, vars)) && bool(evaluate(node.r, vars));
      if (node.op === '||') return bool(evaluate(node.l, vars)) || bool(evaluate(node.r, vars));
      const l = evaluate(node.l, vars);
      const r = evaluate(node.r, vars);
      switch (node.op) {
        case '==':
          return equal(l, r);
        case '!=':
          return !equal(l, r);
        case '<':
          return num(l) < num(r);
        case '<=':
          return num(l) <= num(r);
        case '>':
          return num(l) > num(r);
        case '>=':
          return num(l) >= num(r);
        case '+':
          if (typeof l === 'string' || typeof r === 'string') return String(l) + String(r);
          return num(l) + num(r);
        case '-':
          return num(l) - num(r);
        case '*':
          return num(l) * num(r);
        case '/':
          return num(l) / num(r);
        default:
          return num(l) % num(r);
      }
    }
  }
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) throw new PainlessError('null pointer: a numeric operation on null', 'runtime');
  throw new PainlessError(`cannot apply a numeric operation to [${typeof v}]`, 'runtime');
}

function bool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  throw new PainlessError(`cannot cast [${v === null ? 'null' : typeof v}] to [boolean]`, 'runtime');
}

function equal(l: unknown, r: unknown): boolean {
  if (typeof l === 'number' && typeof r === 'number') return l === r;
  return l === r;
}
