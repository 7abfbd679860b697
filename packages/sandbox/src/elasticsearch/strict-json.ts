// A JSON reader that fails the way Elasticsearch's Jackson parser does: duplicate keys are an
// error (ES turns on STRICT_DUPLICATE_DETECTION), and every error carries a line and column and
// Jackson's wording, because clients and people match on those messages. JSON.parse would
// silently keep the last duplicate and report a different text.
import type { Json, JsonObject } from '../json.js';

export class JsonSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
    /** Input ended early: ES reports these as XContentEOFException. */
    readonly endOfInput: boolean,
  ) {
    super(detail);
    this.name = 'JsonSyntaxError';
  }
}

const VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** Parses the first JSON value of `text`; trailing content is ignored, as ES's parsers stop there. */
export function parseStrictJson(text: string): Json {
  return new Reader(text).readValue();
}

class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  readValue(): Json {
    this.skipWhitespace();
    const c = this.peek();
    if (c === undefined) return this.eof();
    if (c === '{') return this.readObject();
    if (c === '[') return this.readArray();
    if (c === '"') return this.readString();
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber();
    if (/[A-Za-z]/.test(c)) return this.readWord();
    return this.fail(`Unexpected character (${describe(c)}): expected a valid value ${VALUE_EXPECTED}`);
  }

  private readObject(): JsonObject {
    this.pos++; // {
    const result: JsonObject = {};
    this.skipWhitespace();
    if (this.peek() === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      const c = this.peek();
      if (c === undefined) return this.eof();
      if (c !== '"') return this.fail(`Unexpected character (${describe(c)}): was expecting double-quote to start field name`);
      const keyStart = this.pos;
      const key = this.readString();
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        this.pos = keyStart;
        return this.fail(`Duplicate field '${key}'`);
      }
      this.skipWhitespace();
      const colon = this.peek();
      if (colon === undefined) return this.eof();
      if (colon !== ':') {
        return this.fail(`Unexpected character (${describe(colon)}): was expecting a colon to separate field name and value`);
      }
      this.pos++;
      result[key] = this.readValue();
      this.skipWhitespace();
      const next = this.peek();
      if (next === undefined) return this.eof();
      this.pos++;
      if (next === '}') return result;
      if (next !== ',') {
        this.pos--;
        return this.fail(`Unexpected character (${describe(next)}): was expecting comma to separate Object entries`);
      }
    }
  }

  private readArray(): Json[] {
    this.pos++; // [
    const result: Json[] = [];
    this.skipWhitespace();
    if (this.peek() === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.readValue());
      this.skipWhitespace();
      const next = this.peek();
      if (next === undefined) return this.eof();
      this.pos++;
      if (next === ']') return result;
      if (next !== ',') {
        this.pos--;
        return this.fail(`Unexpected character (${describe(next)}): was expecting comma to separate Array entries`);
      }
    }
  }

  private readString(): string {
    this.pos++; // opening quote
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) return this.eof();
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.peek();
        if (e === undefined) return this.eof();
        this.pos++;
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
        } else if (e === 'u') {
          const hex = this.text.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            if (this.pos + 4 > this.text.length) return this.eof();
            return this.fail('Unexpected character: expected a hex-digit for character escape sequence');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
        } else {
          this.pos--;
          return this.fail(`Unrecognized character escape ${describe(e)}`);
        }
      } else if (c < ' ') {
        this.pos--;
        return this.fail(`Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`);
      } else {
        out += c;
      }
    }
  }

  private readNumber(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) {
      if (this.pos + 1 >= this.text.length) return this.eof();
      const after = this.text[this.pos + 1];
      return this.fail(`Unexpected character (${describe(after)}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`);
    }
    const rest = this.text[this.pos + match[0].length];
    if (match[1] === '0' && rest !== undefined && rest >= '0' && rest <= '9') {
      return this.fail('Invalid numeric value: Leading zeroes not allowed');
    }
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private readWord(): Json {
    const word = /^[A-Za-z0-9_$]+/.exec(this.text.slice(this.pos))?.[0] ?? '';
    const literals: Record<string, Json> = { true: true, false: false, null: null };
    if (word in literals) {
      this.pos += word.length;
      return literals[word];
    }
    return this.fail(`Unrecognized token '${word}': was expecting ${VALUE_EXPECTED}`);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos])) this.pos++;
  }

  private peek(): string | undefined {
    return this.pos < this.text.length ? this.text[this.pos] : undefined;
  }

  private location(): { line: number; column: number } {
    const before = this.text.slice(0, this.pos);
    const line = before.split('\n').length;
    const column = this.pos - before.lastIndexOf('\n');
    return { line, column };
  }

  private fail(detail: string): never {
    const { line, column } = this.location();
    throw new JsonSyntaxError(detail, line, column, false);
  }

  private eof(): never {
    const { line, column } = this.location();
    throw new JsonSyntaxError('Unexpected end of file', line, column, true);
  }
}

function describe(c: string): string {
  return `'${c}' (code ${c.charCodeAt(0)})`;
}
