// The Sigma evaluator: a rule's Query AST (one condition, rules/sigma/model.ts) applied to a flat
// event with Sigma's own meaning, independent of any target language. It is the reference the
// target evaluators are compared with: a test event's expected outcome is what the rule says.
//
// The tree is compiled once into closures (values.ts holds what each value kind means); each node
// returns its verdict with `decidedBy`, the rule text that decided it (describe.ts):
//   - a false AND: its first false part; a true OR: its first true part;
//   - a true AND / a false OR: every part (each was needed) — or, when the parts are the values of
//     one detection item (`Image|endswith: [a, b]`, `|all`), that item once with its value list;
//   - NOT: its operand's, prefixed with `not`.
import type { DetectionItem, QueryNode, SigmaValue, TermNode } from '../../rules/sigma/model.js';
import type { CompiledQuery, FlatEvent, Verdict } from '../types.js';
import { describeTerm } from './describe.js';
import { fieldTest, keywordTest } from './values.js';

/** A verdict, and whether its text joins several parts (and so needs brackets inside another). */
interface Decision extends Verdict {
  joined?: 'and' | 'or';
}

type Evaluator = (event: FlatEvent) => Decision;

export function compileSigma(condition: QueryNode): CompiledQuery {
  const evaluate = compileNode(condition);
  return {
    evaluate(event) {
      const { matched, decidedBy } = evaluate(event);
      return { matched, decidedBy };
    },
  };
}

function compileNode(node: QueryNode): Evaluator {
  switch (node.kind) {
    case 'and':
      return compileJunction(node.args, 'and');
    case 'or':
      return compileJunction(node.args, 'or');
    case 'not': {
      const operand = compileNode(node.arg);
      return (event) => {
        const inner = operand(event);
        return { matched: !inner.matched, decidedBy: `not ${group(inner)}` };
      };
    }
    case 'match':
    case 'expansion':
      return compileTerm(node);
  }
}

/** Bracketed when it joins parts with another operator than the one it stands in (or under `not`). */
function group(decision: Decision, within?: 'and' | 'or'): string {
  return decision.joined && decision.joined !== within ? `(${decision.decidedBy})` : decision.decidedBy;
}

/** The one item all of these nodes are values of, if they are (a list value or an `|all` list). */
function sharedItem(args: QueryNode[]): { item: DetectionItem; terms: TermNode[] } | undefined {
  const terms = args.filter((a): a is TermNode => a.kind === 'match' || a.kind === 'expansion');
  if (terms.length !== args.length || terms.length < 2) return undefined;
  const item = terms[0].item;
  return terms.every((t) => t.item === item && t.field === terms[0].field) ? { item, terms } : undefined;
}

function compileJunction(args: QueryNode[], kind: 'and' | 'or'): Evaluator {
  const parts = args.map(compileNode);
  // AND stops at the first false part, OR at the first true one: that part decided.
  const decisive = kind === 'or';
  const shared = sharedItem(args);
  const whole = shared ? describeTerm({ ...termText(shared.terms[0]), values: shared.terms.flatMap(termValues), all: kind === 'and' }) : undefined;
  return (event) => {
    const verdicts: Decision[] = [];
    for (const part of parts) {
      const verdict = part(event);
      if (verdict.matched === decisive) return verdict;
      verdicts.push(verdict);
    }
    if (whole) return { matched: !decisive, decidedBy: whole };
    return { matched: !decisive, decidedBy: verdicts.map((v) => group(v, kind)).join(` ${kind} `), joined: kind };
  };
}

function termValues(term: TermNode): SigmaValue[] {
  return term.kind === 'match' ? [term.value] : term.values;
}

function termText(term: TermNode) {
  return { field: term.field, cased: term.cased, loc: term.loc };
}

function valueTest(term: TermNode, value: SigmaValue): (event: FlatEvent) => boolean {
  const cased = term.cased === true;
  if (term.field === null) return keywordTest(value, cased);
  const field = term.field;
  const test = fieldTest(value, cased);
  return (event) => test(Object.hasOwn(event, field) ? event[field] : undefined, event);
}

function compileTerm(term: TermNode): Evaluator {
  const values = termValues(term);
  const tests = values.map((v) => valueTest(term, v));
  if (term.kind === 'match') {
    const text = describeTerm({ ...termText(term), values });
    return (event) => ({ matched: tests[0](event), decidedBy: text });
  }
  // An expansion (windash, base64offset) is one term made of variants: any of them matches.
  const all = describeTerm({ ...termText(term), values, note: '(the variants of an expanding modifier)' });
  const each = values.map((v, i) => describeTerm({ ...termText(term), values: [v], note: `(variant ${i + 1} of ${values.length})` }));
  return (event) => {
    const hit = tests.findIndex((test) => test(event));
    return hit >= 0 ? { matched: true, decidedBy: each[hit] } : { matched: false, decidedBy: all };
  };
}
