// query_string text into the queries Elasticsearch builds: the productions of Lucene's classic
// QueryParser.jj (Query, Clause, Term, MultiTerm) with QueryParserBase's handling of each term
// kind, and Elasticsearch's QueryStringQueryParser overrides (`_exists_`, `field:>=x` ranges,
// `field:*` as exists, pure-negative groups — see evaluate.ts). The default operator is OR, as
// query_string's `default_operator` defaults to and as detctl's watches leave it.
import { QuerySyntaxError } from '../types.js';
import type { BooleanClause, FieldName, LuceneQuery } from './ast.js';
import { discardEscapeChar } from './escapes.js';
import { tokenize, type Token, type TokenKind } from './lexer.js';
import { parseRegExp } from './regexp.js';

type Conjunction = 'none' | 'and' | 'or';
type Modifier = 'none' | 'required' | 'prohibited';

/** MultiTerm's lookahead: a bare term may join the previous one unless one of these follows it. */
const NOT_AFTER_MULTI_TERM: TokenKind[] = ['COLON', 'STAR', 'FUZZY_SLOP', 'CARAT', 'AND', 'OR'];
const EXISTS_FIELD = '_exists_';
/** index.max_regex_length's default: QueryStringQueryParser.getRegexpQuery refuses longer regexps. */
const MAX_REGEX_LENGTH = 1000;

/** The field a nested query inherits, and how it was written (to quote its terms with it). */
interface Scope {
  field: FieldName;
  fieldText?: string;
}

export function parseQueryString(text: string): LuceneQuery {
  return new Parser(text).parseTopLevel();
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parseTopLevel(): LuceneQuery {
    // QueryStringQueryParser.parse: a blank query matches no documents.
    if (this.text.trim() === '') return { kind: 'boolean', clauses: [], text: '' };
    const query = this.query({ field: null }, 0);
    this.expect('EOF', 'end of query');
    return query;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private accept(kind: TokenKind): Token | undefined {
    return this.peek().kind === kind ? this.next() : undefined;
  }

  private expect(kind: TokenKind, what: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw new QuerySyntaxError(`expected ${what}, found ${token.kind === 'EOF' ? 'the end' : `'${token.image}'`}`, token.start);
    return this.next();
  }

  private isMultiTerm(): boolean {
    return this.peek().kind === 'TERM' && this.peek(1).kind === 'TERM' && !NOT_AFTER_MULTI_TERM.includes(this.peek(2).kind);
  }

  /** Query ::= ( MultiTerm | Modifiers Clause ) ( MultiTerm | Conjunction Modifiers Clause )* */
  private query(scope: Scope, start: number): LuceneQuery {
    const clauses: BooleanClause[] = [];
    let firstQuery: LuceneQuery | undefined;
    let first = true;
    while (first || this.startsClause()) {
      if (this.isMultiTerm()) {
        const q = this.multiTerm(scope);
        addClause(clauses, 'none', 'none', q);
        if (first) firstQuery = q;
      } else {
        const conj: Conjunction = first ? 'none' : this.conjunction();
        const [mod, negation] = this.modifiers();
        const q = this.clause(scope);
        addClause(clauses, conj, mod, q, negation);
        if (first && mod === 'none') firstQuery = q;
      }
      first = false;
    }
    if (clauses.length === 1 && firstQuery) return firstQuery;
    const end = this.peek().kind === 'RPAREN' ? this.peek().end : this.peek().start;
    return { kind: 'boolean', clauses, text: this.text.slice(start, end).trim() };
  }

  private startsClause(): boolean {
    return !['EOF', 'RPAREN'].includes(this.peek().kind);
  }

  private conjunction(): Conjunction {
    if (this.accept('AND')) return 'and';
    if (this.accept('OR')) return 'or';
    return 'none';
  }

  private modifiers(): [Modifier, string | undefined] {
    if (this.accept('PLUS')) return ['required', undefined];
    const minus = this.accept('MINUS') ?? this.accept('NOT');
    if (minus) return ['prohibited', minus.image === 'NOT' ? 'NOT ' : minus.image];
    return ['none', undefined];
  }

  /** Clause ::= [ TERM ':' | '*' ':' ] ( Term | '(' Query ')' [ '^' NUMBER ] ) */
  private clause(outer: Scope): LuceneQuery {
    let scope = outer;
    const start = this.peek().start;
    if ((this.peek().kind === 'TERM' || this.peek().kind === 'STAR') && this.peek(1).kind === 'COLON') {
      const fieldToken = this.next();
      this.next();
      const field = fieldToken.kind === 'STAR' ? '*' : discardEscapeChar(fieldToken.image, fieldToken.start);
      scope = { field, fieldText: fieldToken.image };
    }
    const own = scope !== outer;
    if (this.accept('LPAREN')) {
      const q = this.query(scope, start);
      this.expect('RPAREN', "')'");
      this.boost();
      return q;
    }
    return this.term(scope, own ? start : this.peek().start, own);
  }

  private boost(): void {
    if (this.accept('CARAT')) this.expect('NUMBER', 'a boost number after ^');
  }

  private noFuzzy(): void {
    const slop = this.accept('FUZZY_SLOP');
    // Edit distances and phrase slop are query_string syntax detctl never emits.
    if (slop) throw new QuerySyntaxError('fuzzy and proximity (~) queries are not modelled by the evaluator', slop.start);
  }

  /** The text quoted for a leaf: with its field, inherited from a group if need be. */
  private leafText(scope: Scope, start: number, end: number, ownField: boolean): string {
    const own = this.text.slice(start, end);
    return ownField || scope.fieldText === undefined ? own : `${scope.fieldText}:${own}`;
  }

  /** Term ::= bare term [boost] | range | quoted phrase [boost] (QueryParserBase.handleBareTokenQuery etc.). */
  private term(scope: Scope, start: number, ownField: boolean): LuceneQuery {
    const token = this.next();
    const { field } = scope;
    switch (token.kind) {
      case 'RANGEIN_START':
      case 'RANGEEX_START':
        return this.range(scope, token, start, ownField);
      case 'QUOTED': {
        this.boost();
        this.noFuzzy();
        const text = this.leafText(scope, start, token.end, ownField);
        return fieldQuery(field, discardEscapeChar(token.image.slice(1, -1), token.start + 1), text, true);
      }
      case 'TERM':
      case 'STAR':
      case 'PREFIXTERM':
      case 'WILDTERM':
      case 'REGEXPTERM':
      case 'NUMBER':
      case 'BAREOPER':
        break;
      default:
        throw new QuerySyntaxError(token.kind === 'EOF' ? 'expected a term, found the end' : `expected a term, found '${token.image}'`, token.start);
    }
    this.boost();
    this.noFuzzy();
    const text = this.leafText(scope, start, token.end, ownField);
    switch (token.kind) {
      case 'STAR':
      case 'WILDTERM':
        // QueryStringQueryParser.getWildcardQuery: `*` alone is "the field exists" (all documents on `*`).
        if (token.image === '*') return field === null || field === '*' ? { kind: 'matchAll', text } : { kind: 'exists', field, text };
        return { kind: 'wildcard', field, pattern: token.image, text };
      case 'PREFIXTERM':
        return { kind: 'prefix', field, prefix: discardEscapeChar(token.image.slice(0, -1), token.start), text };
      case 'REGEXPTERM':
        if (token.image.length - 2 > MAX_REGEX_LENGTH) throw new QuerySyntaxError(`a regexp longer than ${MAX_REGEX_LENGTH} characters (index.max_regex_length)`, token.start);
        return { kind: 'regexp', field, regexp: parseRegExp(token.image.slice(1, -1), token.start + 1), text };
      case 'BAREOPER':
        return fieldQuery(field, token.image[0], text, false);
      default:
        return fieldQuery(field, discardEscapeChar(token.image, token.start), text, false);
    }
  }

  /** '[' | '{' goop [TO] goop ']' | '}' — quoted bounds lose their quotes, `*` is open. */
  private range(scope: Scope, open: Token, start: number, ownField: boolean): LuceneQuery {
    const bound = (): string | null => {
      const token = this.next();
      if (token.kind === 'RANGE_QUOTED') return discardEscapeChar(token.image.slice(1, -1), token.start + 1);
      if (token.kind === 'RANGE_GOOP' || token.kind === 'RANGE_TO') return token.image === '*' ? null : discardEscapeChar(token.image, token.start);
      throw new QuerySyntaxError(`expected a range bound, found ${token.kind === 'EOF' ? 'the end' : `'${token.image}'`}`, token.start);
    };
    const lower = bound();
    this.expect('RANGE_TO', "'TO'");
    const upper = bound();
    const close = this.accept('RANGEIN_END') ?? this.expect('RANGEEX_END', "']' or '}'");
    this.boost();
    const text = this.leafText(scope, start, close.end, ownField);
    return { kind: 'range', field: scope.field, lower, upper, includeLower: open.kind === 'RANGEIN_START', includeUpper: close.kind === 'RANGEIN_END', text };
  }

  /** Bare terms side by side go to the field's analyzer as one text (split_on_whitespace is off). */
  private multiTerm(scope: Scope): LuceneQuery {
    const first = this.next();
    let image = first.image;
    let end = first.end;
    while (this.peek().kind === 'TERM' && !NOT_AFTER_MULTI_TERM.includes(this.peek(1).kind)) {
      const token = this.next();
      image += ` ${token.image}`;
      end = token.end;
    }
    return fieldQuery(scope.field, discardEscapeChar(image, first.start), this.leafText(scope, first.start, end, false), false);
  }
}

/**
 * QueryStringQueryParser.getFieldQuery: `_exists_:f`, then (unquoted, with a field) a leading
 * `>`, `>=`, `<`, `<=` makes a one-sided range — after escapes are gone, so `f:\>x` is one too.
 */
function fieldQuery(field: FieldName, value: string, text: string, quoted: boolean): LuceneQuery {
  if (field === EXISTS_FIELD) return { kind: 'exists', field: value, text };
  if (!quoted && field !== null && value.length > 1) {
    const open = { kind: 'range' as const, field, text };
    if (value.startsWith('>=') && value.length > 2) return { ...open, lower: value.slice(2), upper: null, includeLower: true, includeUpper: true };
    if (value.startsWith('>')) return { ...open, lower: value.slice(1), upper: null, includeLower: false, includeUpper: true };
    if (value.startsWith('<=') && value.length > 2) return { ...open, lower: null, upper: value.slice(2), includeLower: true, includeUpper: true };
    if (value.startsWith('<')) return { ...open, lower: null, upper: value.slice(1), includeLower: true, includeUpper: false };
  }
  return { kind: 'term', field, value, text };
}

/**
 * QueryParserBase.addClause with the OR default operator: AND makes the previous clause and this
 * one required (unless prohibited), NOT/- prohibits, + requires, OR and nothing leave it optional.
 * This is why `a OR b AND c` is not `a OR (b AND c)`: operators have no precedence here.
 */
function addClause(clauses: BooleanClause[], conj: Conjunction, mod: Modifier, query: LuceneQuery, negation?: string): void {
  const previous = clauses[clauses.length - 1];
  if (previous && conj === 'and' && previous.occur !== 'mustNot') previous.occur = 'must';
  const prohibited = mod === 'prohibited';
  const required = mod === 'required' || (conj === 'and' && !prohibited);
  clauses.push({ occur: prohibited ? 'mustNot' : required ? 'must' : 'should', query, ...(prohibited ? { negation } : {}) });
}
