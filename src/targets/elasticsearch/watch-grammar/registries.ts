// Inputs, conditions and transforms: each is a registry object, `{<type>: <body>}`, as
// InputRegistry.parse, ConditionRegistry.parseExecutable and TransformRegistry.parse read it
// (an unknown type is "unknown input type [x]" / "unknown condition type [x]" / "unknown transform
// type [x]"; an empty object is "expected field indicating the … type"). With several type keys
// the registries keep the last one; each is still parsed, so each must be valid.
import type { YamlNode } from '../../../yaml-tree.js';
import { CODES, list, type Check, type Fields } from './check.js';
import { checkHttpRequest, checkScript, checkSearchRequest } from './requests.js';

type Parser = (check: Check, path: string, node: YamlNode) => void;

function registry(what: string, types: Record<string, Parser>, example: string): Parser {
  const names = Object.keys(types);
  const hint = `${what} types are ${list(names)}, e.g. ${example}`;
  return (check, path, node) => {
    const map = check.map(path, node, hint);
    if (!map) return;
    if (map.entries.length === 0) check.report(CODES.missingKey, `'${path}' names no ${what} type`, map.loc, hint);
    check.fields(path, map, Object.fromEntries(names.map((name) => [name, (e, p) => types[name](check, p, e.value)])), { hint });
  };
}

/** NoneInput / AlwaysCondition / NeverCondition parsers: an empty object ("expected an empty object"). */
const empty: Parser = (check, path, node) => {
  const map = check.map(path, node);
  if (map && map.entries.length > 0) check.report(CODES.unknownKey, `'${path}' takes no keys`, map.entries[0].keyLoc, `write ${path.split('.').pop()}: {}`);
};

/** An object read by one loop over its fields (the ES parsers' `while (parser.nextToken() …)`). */
function fieldsParser(table: (check: Check) => Fields, options: { required?: string[] } = {}): Parser {
  return (check, path, node) => {
    const map = check.map(path, node);
    if (map) check.fields(path, map, table(check), options);
  };
}

/** The fields SearchInput.parse and SearchTransform.parse both read: request (required), timeout, dynamic_name_timezone. */
const searchFields = (check: Check): Fields => ({
  request: (e, p) => checkSearchRequest(check, p, e.value),
  timeout: (e, p) => check.timeValue(p, e.value),
  timeout_in_millis: (e, p) => check.millis(p, e.value),
  dynamic_name_timezone: (e, p) => check.string(p, e.value),
});

/** SearchInput.parse: the search fields and `extract`. */
const searchInput = fieldsParser((check) => ({ ...searchFields(check), extract: (e, p) => check.stringList(p, e.value) }), { required: ['request'] });

/** HttpInput.parse: request (required, an HttpRequestTemplate), extract, response_content_type. */
const httpInput = fieldsParser(
  (check) => ({
    request: (e, p) => checkHttpRequest(check, p, e.value),
    extract: (e, p) => check.stringList(p, e.value),
    response_content_type: (e, p) => check.oneOf(p, e.value, ['json', 'yaml', 'text']),
  }),
  { required: ['request'] },
);

/** ChainInput.parse: {inputs: [{<name>: <input>}, …]}, each item an object with exactly one named input. */
const chainInput = fieldsParser(
  (check) => ({
    inputs: (e, p) => {
      if (e.value.kind !== 'seq') return check.wrong(p, e.value, 'a list of named inputs, e.g. [{first: {simple: {}}}]');
      e.value.items.forEach((item, i) => {
        const at = `${p}[${i}]`;
        const named = check.map(at, item);
        if (!named) return;
        if (named.entries.length !== 1) check.report(CODES.value, `'${at}' must hold exactly one named input, not ${named.entries.length}`, named.loc, 'write each chained input as {name: {<type>: …}}');
        for (const entry of named.entries) checkInput(check, `${at}.${entry.key}`, entry.value);
      });
    },
  }),
  { required: ['inputs'] },
);

export const INPUT_TYPES: Record<string, Parser> = {
  none: empty,
  // SimpleInput.parse: any object, kept as the payload.
  simple: (check, path, node) => check.anyMap(path, node),
  search: searchInput,
  http: httpInput,
  chain: chainInput,
};

export const checkInput: Parser = registry('input', INPUT_TYPES, '{search: {request: {...}}}');

const COMPARE_OPS = ['eq', 'not_eq', 'gt', 'gte', 'lt', 'lte'];

/**
 * CompareCondition.parse: {<path>: {<op>: <value>}}, one path and one operator (eq, not_eq, gt,
 * gte, lt, lte), the value a number, string, boolean or null ("must either be a numeric, string,
 * boolean or null value").
 */
const compare: Parser = (check, path, node) => {
  const map = check.map(path, node, 'compare is {<path>: {<op>: <value>}}, e.g. {ctx.payload.hits.total: {gt: 0}}');
  if (!map) return;
  if (map.entries.length !== 1) check.report(CODES.value, `'${path}' must compare exactly one path, not ${map.entries.length}`, map.loc, 'use a script condition to combine comparisons');
  for (const entry of map.entries) {
    const at = `${path}.${entry.key}`;
    const spec = check.map(at, entry.value, `write {${COMPARE_OPS.join('|')}: <value>}`);
    if (!spec) continue;
    if (spec.entries.length !== 1) check.report(CODES.value, `'${at}' must have exactly one comparison operator, not ${spec.entries.length}`, spec.loc);
    for (const op of spec.entries) {
      if (!COMPARE_OPS.includes(op.key)) check.unknownKey(at, op, COMPARE_OPS, `comparison operators are ${list(COMPARE_OPS)}`);
      else if (op.value.kind !== 'scalar') check.wrong(`${at}.${op.key}`, op.value, 'a number, a string, true, false or an empty value');
    }
  }
};

/**
 * ArrayCompareCondition.parse: {<array path>: {path: <path in each element>, <op>: {value,
 * quantifier (some|all)}}}; one array path and one operator.
 */
const arrayCompare: Parser = (check, path, node) => {
  const map = check.map(path, node, 'array_compare is {<array path>: {path: <field>, <op>: {value: <v>, quantifier: some|all}}}');
  if (!map) return;
  if (map.entries.length !== 1) check.report(CODES.value, `'${path}' must compare exactly one array path, not ${map.entries.length}`, map.loc);
  for (const entry of map.entries) {
    const at = `${path}.${entry.key}`;
    const spec = check.map(at, entry.value);
    if (!spec) continue;
    let ops = 0;
    for (const item of spec.entries) {
      const here = `${at}.${item.key}`;
      if (item.key === 'path') {
        check.string(here, item.value);
        continue;
      }
      if (!COMPARE_OPS.includes(item.key)) {
        check.unknownKey(at, item, ['path', ...COMPARE_OPS]);
        continue;
      }
      ops++;
      const op = check.map(here, item.value, 'write {value: <v>, quantifier: some|all}');
      if (!op) continue;
      check.fields(
        here,
        op,
        {
          value: (e, p) => (e.value.kind === 'scalar' ? undefined : check.wrong(p, e.value, 'a number, a string, true, false or an empty value')),
          quantifier: (e, p) => check.oneOf(p, e.value, ['some', 'all']),
        },
        { required: ['value'] },
      );
    }
    if (ops === 0) check.report(CODES.missingKey, `'${at}' needs a comparison operator (${list(COMPARE_OPS)})`, spec.loc);
  }
};

export const CONDITION_TYPES: Record<string, Parser> = {
  always: empty,
  never: empty,
  compare,
  array_compare: arrayCompare,
  // ScriptCondition.parse: Script.parse with painless as the default language.
  script: checkScript,
};

export const checkCondition: Parser = registry('condition', CONDITION_TYPES, '{compare: {ctx.payload.hits.total: {gt: 0}}}');

/** SearchTransform.parse: the search fields (no `extract`: ES refuses it on a transform). */
const searchTransform = fieldsParser(searchFields, { required: ['request'] });

export const TRANSFORM_TYPES: Record<string, Parser> = {
  script: checkScript,
  search: searchTransform,
  // ChainTransform.parse: a list of transform objects.
  chain: (check, path, node) => {
    if (node.kind !== 'seq') return check.wrong(path, node, 'a list of transforms');
    node.items.forEach((item, i) => checkTransform(check, `${path}[${i}]`, item));
  },
};

export const checkTransform: Parser = registry('transform', TRANSFORM_TYPES, '{script: "return ctx.payload"}');
