// Watcher's cron expressions, checked as Elasticsearch's own Cron class checks them
// (x-pack/plugin/core/src/main/java/org/elasticsearch/xpack/core/scheduler/Cron.java, a fork of
// Quartz's CronExpression): `new Cron(expression)` upper-cases the text and runs buildExpression,
// and any exception in it makes the expression invalid ("invalid cron expression [...]"). This is
// a port of the parsing half only (buildExpression, storeExpressionVals, checkNext, addToSet),
// step for step, including Quartz's quirks: fields split on spaces and tabs, 6 required fields
// (seconds first) and an optional year, tokens after the year ignored, `?` in exactly one of
// day-of-month and day-of-week, names JAN–DEC and SUN–SAT, `L`, `W`, `#` where Quartz takes them,
// and Java's own errors (an index past the end, a number that does not parse) also meaning
// "invalid". Detctl's other cron (src/base/cron.ts) is Splunk's five-field cron, a different
// language; the sandbox has its own, independent check.

const SECOND = 0;
const MINUTE = 1;
const HOUR = 2;
const DAY_OF_MONTH = 3;
const MONTH = 4;
const DAY_OF_WEEK = 5;
const YEAR = 6;
const ALL_SPEC = 99; // '*'
const NO_SPEC = 98; // '?'

const MONTHS: Record<string, number> = { JAN: 0, FEB: 1, MAR: 2, APR: 3, MAY: 4, JUN: 5, JUL: 6, AUG: 7, SEP: 8, OCT: 9, NOV: 10, DEC: 11 };
const DAYS: Record<string, number> = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

class CronError extends Error {}

function fail(message: string): never {
  throw new CronError(message);
}

/** Java's String.charAt: past the end is StringIndexOutOfBoundsException (caught: invalid). */
function charAt(s: string, i: number): string {
  if (i < 0 || i >= s.length) fail(`unexpected end of field '${s}'`);
  return s[i];
}

/** Java's String.substring(begin, end), with its bounds check. */
function substring(s: string, begin: number, end = s.length): string {
  if (begin < 0 || end > s.length || begin > end) fail(`unexpected end of field '${s}'`);
  return s.slice(begin, end);
}

/** Integer.parseInt: an optional sign and decimal digits, within int range. */
function parseInt32(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) fail(`'${text}' is not a number`);
  const n = Number(text);
  if (n > 2147483647 || n < -2147483648) fail(`'${text}' is not a number`);
  return n;
}

const isDigit = (c: string) => c >= '0' && c <= '9';

class Parser {
  private readonly sets: Set<number>[] = Array.from({ length: 7 }, () => new Set<number>());
  private lastdayOfMonth = false;

  build(expression: string): void {
    // StringTokenizer(expression, " \t"): runs of spaces and tabs separate fields.
    const tokens = expression.split(/[ \t]+/).filter((t) => t !== '');
    let exprOn = SECOND;
    for (const token of tokens) {
      if (exprOn > YEAR) break; // Quartz stops reading after the year
      const expr = token.trim();
      if (exprOn === DAY_OF_MONTH && expr.includes('L') && expr.length > 1 && expr.includes(',')) fail("support for specifying 'L' and 'LW' with other days of the month is not implemented");
      if (exprOn === DAY_OF_WEEK && expr.includes('L') && expr.length > 1 && expr.includes(',')) fail("support for specifying 'L' with other days of the week is not implemented");
      if (exprOn === DAY_OF_WEEK && expr.indexOf('#') !== -1 && expr.indexOf('#', expr.indexOf('#') + 1) !== -1) fail('support for specifying multiple "nth" days is not implemented');
      // StringTokenizer(expr, ","): empty items are skipped.
      for (const v of expr.split(',').filter((x) => x !== '')) this.store(0, v, exprOn);
      exprOn++;
    }
    if (exprOn <= DAY_OF_WEEK) fail(`expected at least 6 fields (seconds minutes hours day-of-month month day-of-week [year]), found ${exprOn}`);
    const dayOfMSpec = !this.sets[DAY_OF_MONTH].has(NO_SPEC);
    const dayOfWSpec = !this.sets[DAY_OF_WEEK].has(NO_SPEC);
    if ((!dayOfMSpec || dayOfWSpec) && (!dayOfWSpec || dayOfMSpec)) fail("support for specifying both a day-of-week AND a day-of-month parameter is not implemented: one of them must be '?'");
  }

  private store(pos: number, s: string, type: number): number {
    let incr = 0;
    let i = pos;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length) return i;
    let c = s[i];
    if (c >= 'A' && c <= 'Z' && s !== 'L' && s !== 'LW' && !/^L-[0-9]*[W]?$/.test(s)) {
      let sub = substring(s, i, i + 3);
      let sval = -1;
      let eval_ = -1;
      if (type === MONTH) {
        sval = (MONTHS[sub] ?? -1) + 1;
        if (sval <= 0) fail(`invalid month '${sub}'`);
        if (s.length > i + 3 && s[i + 3] === '-') {
          i += 4;
          sub = substring(s, i, i + 3);
          eval_ = (MONTHS[sub] ?? -1) + 1;
          if (eval_ <= 0) fail(`invalid month '${sub}'`);
        }
      } else if (type === DAY_OF_WEEK) {
        sval = DAYS[sub] ?? -1;
        if (sval < 0) fail(`invalid day of the week '${sub}'`);
        if (s.length > i + 3) {
          c = s[i + 3];
          if (c === '-') {
            i += 4;
            sub = substring(s, i, i + 3);
            eval_ = DAYS[sub] ?? -1;
            if (eval_ < 0) fail(`invalid day of the week '${sub}'`);
          } else if (c === '#') {
            i += 4;
            this.nth(substring(s, i));
          } else if (c === 'L') {
            i++;
          }
        }
      } else {
        fail(`illegal characters '${sub}'`);
      }
      if (eval_ !== -1) incr = 1;
      this.add(sval, eval_, incr, type);
      return i + 3;
    }
    if (c === '?') {
      i++;
      if (i + 1 < s.length && s[i] !== ' ' && s[i + 1] !== '\t') fail(`illegal character '${s[i]}' after '?'`);
      if (type !== DAY_OF_WEEK && type !== DAY_OF_MONTH) fail("'?' can only be used in the day-of-month or the day-of-week field");
      if (type === DAY_OF_WEEK && !this.lastdayOfMonth) {
        const days = [...this.sets[DAY_OF_MONTH]];
        if (days.length > 0 && Math.max(...days) === NO_SPEC) fail("'?' can be used in the day-of-month OR the day-of-week field, not both");
      }
      this.add(NO_SPEC, -1, 0, type);
      return i;
    }
    if (c === '*' || c === '/') {
      if (c === '*' && i + 1 >= s.length) {
        this.add(ALL_SPEC, -1, incr, type);
        return i + 1;
      } else if (c === '/' && (i + 1 >= s.length || s[i + 1] === ' ' || s[i + 1] === '\t')) {
        fail("'/' must be followed by a number");
      } else if (c === '*') {
        i++;
      }
      c = charAt(s, i);
      if (c === '/') {
        i++;
        if (i >= s.length) fail("'/' must be followed by a number");
        // getNumericValue reads to the end of the item (its whitespace search never stops early).
        incr = parseInt32(substring(s, i));
        i++;
        if (incr > 10) i++;
        if (incr > 59 && (type === SECOND || type === MINUTE)) fail(`increment ${incr} is over 59`);
        else if (incr > 23 && type === HOUR) fail(`increment ${incr} is over 23`);
        else if (incr > 31 && type === DAY_OF_MONTH) fail(`increment ${incr} is over 31`);
        else if (incr > 7 && type === DAY_OF_WEEK) fail(`increment ${incr} is over 7`);
        else if (incr > 12 && type === MONTH) fail(`increment ${incr} is over 12`);
      } else {
        incr = 1;
      }
      this.add(ALL_SPEC, -1, incr, type);
      return i;
    }
    if (c === 'L') {
      i++;
      if (type === DAY_OF_MONTH) this.lastdayOfMonth = true;
      if (type === DAY_OF_WEEK) this.add(7, 7, 0, type);
      if (type === DAY_OF_MONTH && s.length > i) {
        if (s[i] === '-') {
          const vs = this.value(0, s, i + 1);
          if (vs.value > 30) fail('the offset from the last day must be at most 30');
          i = vs.pos;
        }
        if (s.length > i && s[i] === 'W') i++;
      }
      return i;
    }
    if (isDigit(c)) {
      let val = parseInt32(c);
      i++;
      if (i >= s.length) {
        this.add(val, -1, -1, type);
      } else {
        c = s[i];
        if (isDigit(c)) {
          const vs = this.value(val, s, i);
          val = vs.value;
          i = vs.pos;
        }
        return this.next(i, s, val, type);
      }
      return i;
    }
    fail(`unexpected character '${c}'`);
  }

  private nth(text: string): void {
    let n: number;
    try {
      n = parseInt32(text);
    } catch {
      n = 0;
    }
    if (n < 1 || n > 5) fail("a number from 1 to 5 must follow '#'");
  }

  private next(pos: number, s: string, val: number, type: number): number {
    let end = -1;
    let i = pos;
    if (i >= s.length) {
      this.add(val, end, -1, type);
      return i;
    }
    let c = s[pos];
    if (c === 'L') {
      if (type !== DAY_OF_WEEK) fail("'L' is not valid here");
      if (val < 1 || val > 7) fail('day-of-week values must be between 1 and 7');
      this.sets[type].add(val);
      return i + 1;
    }
    if (c === 'W') {
      if (type !== DAY_OF_MONTH) fail("'W' is not valid here");
      if (val > 31) fail("'W' needs a day of the month of at most 31");
      this.sets[type].add(val);
      return i + 1;
    }
    if (c === '#') {
      if (type !== DAY_OF_WEEK) fail("'#' is not valid here");
      i++;
      this.nth(substring(s, i));
      this.sets[type].add(val);
      return i + 1;
    }
    if (c === '-') {
      i++;
      c = charAt(s, i);
      const v = parseInt32(c);
      end = v;
      i++;
      if (i >= s.length) {
        this.add(val, end, 1, type);
        return i;
      }
      c = s[i];
      if (isDigit(c)) {
        const vs = this.value(v, s, i);
        end = vs.value;
        i = vs.pos;
      }
      if (i < s.length && s[i] === '/') {
        i++;
        c = charAt(s, i);
        const v2 = parseInt32(c);
        i++;
        if (i >= s.length) {
          this.add(val, end, v2, type);
          return i;
        }
        c = s[i];
        if (isDigit(c)) {
          const vs = this.value(v2, s, i);
          this.add(val, end, vs.value, type);
          return vs.pos;
        }
        this.add(val, end, v2, type);
        return i;
      }
      this.add(val, end, 1, type);
      return i;
    }
    if (c === '/') {
      i++;
      c = charAt(s, i);
      const v2 = parseInt32(c);
      i++;
      if (i >= s.length) {
        this.add(val, end, v2, type);
        return i;
      }
      c = s[i];
      if (isDigit(c)) {
        const vs = this.value(v2, s, i);
        this.add(val, end, vs.value, type);
        return vs.pos;
      }
      fail(`unexpected character '${c}' after '/'`);
    }
    this.add(val, end, 0, type);
    return i + 1;
  }

  /** getValue: the digits from `i` appended to `v`. */
  private value(v: number, s: string, i: number): { value: number; pos: number } {
    let c = s[i];
    let digits = String(v);
    while (isDigit(c)) {
      digits += c;
      i++;
      if (i >= s.length) break;
      c = s[i];
    }
    return { value: parseInt32(digits), pos: i < s.length ? i : i + 1 };
  }

  /** addToSet: the range checks of each field (the set itself matters only for '?'). */
  private add(val: number, end: number, incr: number, type: number): void {
    const set = this.sets[type];
    if (type === SECOND || type === MINUTE) {
      if ((val < 0 || val > 59 || end > 59) && val !== ALL_SPEC) fail('minute and second values must be between 0 and 59');
    } else if (type === HOUR) {
      if ((val < 0 || val > 23 || end > 23) && val !== ALL_SPEC) fail('hour values must be between 0 and 23');
    } else if (type === DAY_OF_MONTH) {
      if ((val < 1 || val > 31 || end > 31) && val !== ALL_SPEC && val !== NO_SPEC) fail('day-of-month values must be between 1 and 31');
    } else if (type === MONTH) {
      if ((val < 1 || val > 12 || end > 12) && val !== ALL_SPEC) fail('month values must be between 1 and 12');
    } else if (type === DAY_OF_WEEK) {
      if ((val === 0 || val > 7 || end > 7) && val !== ALL_SPEC && val !== NO_SPEC) fail('day-of-week values must be between 1 and 7');
    }
    if ((incr === 0 || incr === -1) && val !== ALL_SPEC) {
      set.add(val !== -1 ? val : NO_SPEC);
      return;
    }
    if (val === ALL_SPEC) set.add(ALL_SPEC);
    // A year range that runs backwards: "Start year must be less than stop year".
    if (type === YEAR && end !== -1 && val !== ALL_SPEC && end < val) fail('the start year must be before the stop year');
    // Quartz loops `for (i = start; i <= stop; i += incr)`: an increment of 0 or less never ends
    // there; this check only needs to know it is not an error at parse time.
    set.add(val === ALL_SPEC ? 0 : val);
  }
}

/** Why Watcher's Cron class refuses `expression`, or undefined when it accepts it. */
export function quartzCronProblem(expression: string): string | undefined {
  try {
    new Parser().build(expression.toUpperCase());
    return undefined;
  } catch (error) {
    if (error instanceof CronError) return error.message;
    throw error;
  }
}
