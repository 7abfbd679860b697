// The query_string syntax: Lucene's classic QueryParser (queryparser/classic/QueryParser.jj), read
// independently. Tokens are the .jj's DEFAULT/Boost/Range lexical states with JavaCC's longest
// match (ties go to the token declared first, so `AND` is an operator and `ANDROID` a term); the
// grammar is TopLevelQuery → Query → Clause → Term, and clauses get their occur from
// QueryParserBase.addClause, whose quirks (`a AND b OR c` makes a and b required, c optional) are
// the reason boolean queries written for query_string parenthesise everything.
// ES settings: split_on_whitespace is Lucene's default (false), so runs of bare terms are one
// "multi term" analysed together (QueryParser.MultiTerm); the leaves are left to the compiler.

export type Occur = 'must' | 'should' | 'must_not';
export type Operator = 'or' | 'and';

/** A leaf names its field as written, or null for the default field(s). */
export type QsNode =
  | { kind: 'bool'; clauses: { occur: Occur; node: QsNode }[] }
  /** getFieldQuery(field, text, quoted=false): analysed, `>`/`<` ranges, `_exists_`. */
  | { kind: 'text'; field: string | null; text: string }
  | { kind: 'phrase'; field: string | null; text: string; slop: number }
  | { kind: 'prefix'; field: string | null; text: string }
  /** Still escaped: WildcardQuery reads the backslashes itself. */
  | { kind: 'wildcard'; field: string | null; pattern: string }
  | { kind: 'regexp'; field: string | null; pattern: string }
  | { kind: 'fuzzy'; field: string | null; text: string; edits: number | 'auto' }
  | { kind: 'range'; field: string | null; lower: string | null; upper: string | null; includeLower: boolean; includeUpper: boolean };

/** Lucene's ParseException (or TokenMgrError): `message` is what Lucene says after "Cannot parse '…': ". */
export class QsSyntaxError extends Error {
  constructor(
    message: string,
    readonly lexical: boolean,
  ) {
    super(message);
    this.name = 'QsSyntaxError';
  }
}

type Kind =
  | 'AND' | 'OR' | 'NOT' | 'PLUS' | 'MINUS' | 'BAREOPER' | 'LPAREN' | 'RPAREN' | 'COLON' | 'STAR' | 'CARAT'
  | 'QUOTED' | 'TERM' | 'FUZZY_SLOP' | 'PREFIXTERM' | 'WILDTERM' | 'REGEXPTERM' | 'RANGEIN_START' | 'RANGEEX_START'
  | 'NUMBER' | 'RANGE_TO' | 'RANGEIN_END' | 'RANGEEX_END' | 'RANGE_QUOTED' | 'RANGE_GOOP' | 'EOF';

/** QueryParserConstants.tokenImage: literal tokens are shown quoted, the others by name. */
const TOKEN_IMAGE: Record<Kind, string> = {
  EOF: '<EOF>', AND: '<AND>', OR: '<OR>', NOT: '<NOT>', PLUS: '"+"', MINUS: '"-"', BAREOPER: '<BAREOPER>',
  LPAREN: '"("', RPAREN: '")"', COLON: '":"', STAR: '"*"', CARAT: '"^"', QUOTED: '<QUOTED>', TERM: '<TERM>',
  FUZZY_SLOP: '<FUZZY_SLOP>', PREFIXTERM: '<PREFIXTERM>', WILDTERM: '<WILDTERM>', REGEXPTERM: '<REGEXPTERM>',
  RANGEIN_START: '"["', RANGEEX_START: '"{"', NUMBER: '<NUMBER>', RANGE_TO: '"TO"', RANGEIN_END: '"]"',
  RANGEEX_END: '"}"', RANGE_QUOTED: '<RANGE_QUOTED>', RANGE_GOOP: '<RANGE_GOOP>',
};

interface Token {
  kind: Kind;
  image: string;
  /** 0-based offset; JavaCC reports it 1-based as the column. */
  offset: number;
}

// _TERM_START_CHAR excludes whitespace and these; _TERM_CHAR adds back `-` and `+`.
const NOT_TERM_START = new Set([...' \t\n\r\u3000+-!():^[]"{}~*?\\/']);
const WHITESPACE = new Set([...' \t\n\r\u3000']);
const isTermChar = (c: string) => !NOT_TERM_START.has(c) || c === '-' || c === '+';

/** The QueryParserTokenManager, as a function: every token of `query`, ending with EOF. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let state: 'default' | 'boost' | 'range' = 'default';
  let i = 0;
  const lexicalError = (at: number): QsSyntaxError => {
    const found = at < query.length ? `"${query[at]}" (${query.charCodeAt(at)}), ` : '<EOF> ';
    return new QsSyntaxError(`Lexical error at line 1, column ${at + 1}.  Encountered: ${found}after : "${query.slice(tokens.at(-1)?.offset ?? 0, at).replace(/"/g, '\\"')}"`, true);
  };
  // An escaped character is `\` plus any one; a lone trailing `\` is a lexical error.
  const termRun = (from: number, allowWild: boolean): number => {
    let j = from;
    while (j < query.length) {
      const c = query[j];
      if (c === '\\') {
        if (j + 1 >= query.length) throw lexicalError(j + 1);
        j += 2;
      } else if (isTermChar(c) || (allowWild && (c === '*' || c === '?'))) j++;
      else break;
    }
    return j;
  };
  const push = (kind: Kind, end: number) => {
    tokens.push({ kind, image: query.slice(i, end), offset: i });
    i = end;
  };

  while (i < query.length) {
    const c = query[i];
    if (state === 'boost') {
      const number = /^\d+(?:\.\d+)?/.exec(query.slice(i));
      state = 'default';
      if (number) {
        push('NUMBER', i + number[0].length);
        continue;
      }
    }
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    if (state === 'range') {
      if (c === ']' || c === '}') {
        push(c === ']' ? 'RANGEIN_END' : 'RANGEEX_END', i + 1);
        state = 'default';
      } else if (c === '"') {
        let j = i + 1;
        while (j < query.length && query[j] !== '"') j += query[j] === '\\' && query[j + 1] === '"' ? 2 : 1;
        // RANGE_QUOTED needs one character at least and its closing quote.
        if (j >= query.length || j === i + 1) throw lexicalError(j);
        push('RANGE_QUOTED', j + 1);
      } else {
        let j = i;
        while (j < query.length && !' ]}'.includes(query[j])) j++;
        push(query.slice(i, j) === 'TO' ? 'RANGE_TO' : 'RANGE_GOOP', j);
      }
      continue;
    }
    const two = query.slice(i, i + 2);
    if (two === '&&') push('AND', i + 2);
    else if (two === '||') push('OR', i + 2);
    else if ('+-!'.includes(c) && WHITESPACE.has(query[i + 1] ?? '')) push('BAREOPER', i + 2);
    else if (c === '+') push('PLUS', i + 1);
    else if (c === '-') push('MINUS', i + 1);
    else if (c === '!') push('NOT', i + 1);
    else if (c === '(') push('LPAREN', i + 1);
    else if (c === ')') push('RPAREN', i + 1);
    else if (c === ':') push('COLON', i + 1);
    else if (c === '^') {
      push('CARAT', i + 1);
      state = 'boost';
    } else if (c === '[' || c === '{') {
      push(c === '[' ? 'RANGEIN_START' : 'RANGEEX_START', i + 1);
      state = 'range';
    } else if (c === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== '"') {
        if (query[j] === '\\' && j + 1 >= query.length) throw lexicalError(j + 1);
        j += query[j] === '\\' ? 2 : 1;
      }
      if (j >= query.length) throw lexicalError(query.length);
      push('QUOTED', j + 1);
    } else if (c === '/') {
      let j = i + 1;
      while (j < query.length && query[j] !== '/') j += query[j] === '\\' && query[j + 1] === '/' ? 2 : 1;
      if (j >= query.length) throw lexicalError(query.length);
      push('REGEXPTERM', j + 1);
    } else if (c === '~') {
      const slop = /^~(?:\d+(?:\.\d+)?)?/.exec(query.slice(i))![0];
      push('FUZZY_SLOP', termRun(i + slop.length, false));
    } else if (c === '*' || c === '?') {
      // `*` alone is STAR (declared before PREFIXTERM); anything longer is a WILDTERM.
      const end = termRun(i + 1, true);
      push(c === '*' && end === i + 1 ? 'STAR' : 'WILDTERM', end);
    } else if (c === '\\' || !NOT_TERM_START.has(c)) {
      // _TERM_START_CHAR (an escaped character counts), then _TERM_CHARs: a TERM; with `*` or `?`
      // among them a WILDTERM, or a PREFIXTERM when the only one is a final `*`.
      if (c === '\\' && i + 1 >= query.length) throw lexicalError(i + 1);
      const first = c === '\\' ? i + 2 : i + 1;
      const termEnd = termRun(first, false);
      const wildEnd = termRun(first, true);
      if (wildEnd === termEnd) {
        const image = query.slice(i, termEnd);
        push(image === 'AND' ? 'AND' : image === 'OR' ? 'OR' : image === 'NOT' ? 'NOT' : 'TERM', termEnd);
      } else if (wildEnd === termEnd + 1 && query[termEnd] === '*') push('PREFIXTERM', wildEnd);
      else push('WILDTERM', wildEnd);
    } else {
      throw lexicalError(i);
    }
  }
  tokens.push({ kind: 'EOF', image: '', offset: query.length });
  return tokens;
}

/**
 * QueryParserBase.discardEscapeChar: `\x` is x, `\uXXXX` the character with that code. So an
 * unescaped `\u` in a Windows path (`C\:\users`) is an error, as in Lucene.
 */
export function discardEscapeChar(input: string): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '\\') {
      out += input[i];
      continue;
    }
    if (i + 1 >= input.length) throw new QsSyntaxError('Term can not end with escape character.', false);
    if (input[i + 1] !== 'u') {
      out += input[++i];
      continue;
    }
    let code = 0;
    for (let digit = 0; digit < 4; digit++) {
      const c = input[i + 2 + digit];
      if (c === undefined) throw new QsSyntaxError('Truncated unicode escape sequence.', false);
      if (!/[0-9a-fA-F]/.test(c)) throw new QsSyntaxError(`Non-hex character in Unicode escape sequence: ${c}`, false);
      code = code * 16 + parseInt(c, 16);
    }
    out += String.fromCharCode(code);
    i += 5;
  }
  return out;
}

// QueryParser.disallowedPostMultiTerm: a bare term followed by one of these is not part of a run.
const NOT_AFTER_MULTI_TERM = new Set<Kind>(['COLON', 'STAR', 'FUZZY_SLOP', 'CARAT', 'AND', 'OR']);

type Conjunction = 'none' | 'and' | 'or';
type Modifier = 'none' | 'required' | 'prohibited';
type Clause = { occur: Occur; node: QsNode };

/** Parses `query` (TopLevelQuery), or throws QsSyntaxError. `operator` is default_operator. */
export function parseQueryString(query: string, operator: Operator, phraseSlop = 0): QsNode | null {
  return new Parser(tokenize(query), operator, phraseSlop).topLevel();
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly operator: Operator,
    private readonly phraseSlop: number,
  ) {}

  topLevel(): QsNode | null {
    const node = this.query(null);
    this.expect('EOF');
    return node;
  }

  private query(field: string | null): QsNode | null {
    const clauses: Clause[] = [];
    let first: QsNode | null = null;
    if (this.atMultiTerm()) {
      first = this.multiTerm(field, clauses);
    } else {
      const modifier = this.modifiers();
      const node = this.clause(field);
      this.addClause(clauses, 'none', modifier, node);
      if (modifier === 'none') first = node;
    }
    while (!this.at('EOF', 'RPAREN')) {
      if (this.atMultiTerm()) {
        this.multiTerm(field, clauses);
        continue;
      }
      const conjunction = this.conjunction();
      const modifier = this.modifiers();
      this.addClause(clauses, conjunction, modifier, this.clause(field));
    }
    if (clauses.length === 1 && first !== null) return first;
    return clauses.length === 0 ? null : { kind: 'bool', clauses };
  }

  /** LOOKAHEAD(2) MultiTerm: two bare terms, the second not followed by a field colon etc. */
  private atMultiTerm(): boolean {
    return this.peek(0).kind === 'TERM' && this.peek(1).kind === 'TERM' && !NOT_AFTER_MULTI_TERM.has(this.peek(2).kind);
  }

  private multiTerm(field: string | null, clauses: Clause[]): QsNode {
    let text = this.next().image;
    while (this.peek(0).kind === 'TERM' && !NOT_AFTER_MULTI_TERM.has(this.peek(1).kind)) text += ' ' + this.next().image;
    const node: QsNode = { kind: 'text', field, text: discardEscapeChar(text) };
    // addMultiTermClauses: the analysed run joins with the default operator.
    clauses.push({ occur: this.operator === 'and' ? 'must' : 'should', node });
    return node;
  }

  private conjunction(): Conjunction {
    if (this.at('AND')) return this.next(), 'and';
    if (this.at('OR')) return this.next(), 'or';
    return 'none';
  }

  private modifiers(): Modifier {
    if (this.at('PLUS')) return this.next(), 'required';
    if (this.at('MINUS', 'NOT')) return this.next(), 'prohibited';
    return 'none';
  }

  /** QueryParserBase.addClause, occur rules and all. */
  private addClause(clauses: Clause[], conjunction: Conjunction, modifier: Modifier, node: QsNode | null): void {
    const previous = clauses.at(-1);
    if (previous && conjunction === 'and' && previous.occur !== 'must_not') previous.occur = 'must';
    if (previous && this.operator === 'and' && conjunction === 'or' && previous.occur !== 'must_not') previous.occur = 'should';
    if (node === null) return;
    const prohibited = modifier === 'prohibited';
    const required = this.operator === 'or' ? modifier === 'required' || (conjunction === 'and' && !prohibited) : !prohibited && conjunction !== 'or';
    clauses.push({ occur: prohibited ? 'must_not' : required ? 'must' : 'should', node });
  }

  private clause(field: string | null): QsNode | null {
    if (this.peek(0).kind === 'TERM' && this.peek(1).kind === 'COLON') {
      field = discardEscapeChar(this.next().image);
      this.next();
    } else if (this.peek(0).kind === 'STAR' && this.peek(1).kind === 'COLON') {
      field = '*';
      this.pos += 2;
    }
    if (this.at('LPAREN')) {
      this.next();
      const node = this.query(field);
      this.expect('RPAREN');
      this.boost();
      return node;
    }
    return this.term(field);
  }

  private term(field: string | null): QsNode {
    const token = this.peek(0);
    switch (token.kind) {
      case 'TERM':
      case 'STAR':
      case 'PREFIXTERM':
      case 'WILDTERM':
      case 'REGEXPTERM':
      case 'NUMBER':
      case 'BAREOPER': {
        this.next();
        const fuzzy = this.boostAndFuzzySlop();
        const image = token.kind === 'BAREOPER' ? token.image[0] : token.image;
        // handleBareTokenQuery unescapes every image first, so a bad escape fails any term kind.
        const text = discardEscapeChar(image);
        if (token.kind === 'STAR' || token.kind === 'WILDTERM') return { kind: 'wildcard', field, pattern: image };
        if (token.kind === 'PREFIXTERM') return { kind: 'prefix', field, text: discardEscapeChar(image.slice(0, -1)) };
        if (token.kind === 'REGEXPTERM') return { kind: 'regexp', field, pattern: image.slice(1, -1) };
        if (fuzzy) {
          // QueryStringQueryParser.getFuzzyDistance: `~` alone is the default fuzziness (AUTO).
          const written = fuzzy.image.slice(1);
          return { kind: 'fuzzy', field, text, edits: /^\d/.test(written) ? Math.floor(Number.parseFloat(written)) : 'auto' };
        }
        return { kind: 'text', field, text };
      }
      case 'RANGEIN_START':
      case 'RANGEEX_START': {
        this.next();
        const lower = this.rangeBound();
        this.expect('RANGE_TO');
        const upper = this.rangeBound();
        const end = this.expect('RANGEIN_END', 'RANGEEX_END');
        this.boost();
        return { kind: 'range', field, lower, upper, includeLower: token.kind === 'RANGEIN_START', includeUpper: end.kind === 'RANGEIN_END' };
      }
      case 'QUOTED': {
        this.next();
        const slopToken = this.boostAndFuzzySlop();
        const slop = slopToken ? Math.floor(Number.parseFloat(slopToken.image.slice(1)) || 0) : this.phraseSlop;
        return { kind: 'phrase', field, text: discardEscapeChar(token.image.slice(1, -1)), slop };
      }
      default:
        throw this.unexpected(token, ['TERM', 'QUOTED', 'RANGEIN_START', 'LPAREN', 'STAR', 'PREFIXTERM', 'WILDTERM', 'REGEXPTERM']);
    }
  }

  /** A range bound: quoted (unquoted here), `*` (open) or goop, escapes discarded. */
  private rangeBound(): string | null {
    const token = this.expect('RANGE_GOOP', 'RANGE_QUOTED', 'RANGE_TO');
    if (token.kind === 'RANGE_QUOTED') return discardEscapeChar(token.image.slice(1, -1));
    return token.image === '*' ? null : discardEscapeChar(token.image);
  }

  /** `[^N [~slop]] | [~slop [^N]]` after a term or phrase: the slop token, if any. */
  private boostAndFuzzySlop(): Token | undefined {
    if (this.boost()) return this.at('FUZZY_SLOP') ? this.next() : undefined;
    if (!this.at('FUZZY_SLOP')) return undefined;
    const slop = this.next();
    this.boost();
    return slop;
  }

  /** `^N`: boosts change scores only, which the sandbox keeps constant. */
  private boost(): boolean {
    if (!this.at('CARAT')) return false;
    this.next();
    this.expect('NUMBER');
    return true;
  }

  private peek(ahead: number): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private at(...kinds: Kind[]): boolean {
    return kinds.includes(this.peek(0).kind);
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private expect(...kinds: Kind[]): Token {
    const token = this.peek(0);
    if (!kinds.includes(token.kind)) throw this.unexpected(token, kinds);
    return this.next();
  }

  /**
   * JavaCC's ParseException.initialise text, with QueryParserConstants.tokenImage names (the
   * expected list is the sandbox's own, shorter one).
   */
  private unexpected(token: Token, expected: Kind[]): QsSyntaxError {
    const found = token.kind === 'EOF' ? '"<EOF>"' : `" ${TOKEN_IMAGE[token.kind]} "${token.image} ""`;
    const list = expected.map((k) => `${TOKEN_IMAGE[k]} ...\n    `).join('');
    const heading = expected.length === 1 ? 'Was expecting:' : 'Was expecting one of:';
    return new QsSyntaxError(`Encountered ${found} at line 1, column ${token.offset + 1}.\n${heading}\n    ${list}`, false);
  }
}
