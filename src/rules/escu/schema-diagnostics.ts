// Schema problems (zod issues over the plain value of a YAML tree) as compiler-style diagnostics at
// the offending key. The schemas say what is allowed; this file only says where and in what words.
import type { z } from 'zod';
import { diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import type { YamlNode } from '../../yaml-tree.js';

export type YamlPath = (string | number)[];

/** `tags.product`, `drilldown_searches[1].name` */
export function showPath(path: YamlPath): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

interface Found {
  /** The node at the path, if it exists. */
  node?: YamlNode;
  /** The key of the last mapping step that exists (or the list item), for messages. */
  loc: SourceLocation;
}

function find(root: YamlNode, path: YamlPath): Found {
  let node: YamlNode | undefined = root;
  let loc = root.loc;
  for (const step of path) {
    if (node?.kind === 'map') {
      const e: { keyLoc: SourceLocation; value: YamlNode } | undefined = node.entries.find((x) => x.key === String(step));
      if (!e) return { loc };
      loc = e.keyLoc;
      node = e.value;
    } else if (node?.kind === 'seq' && typeof step === 'number' && step < node.items.length) {
      node = node.items[step];
      loc = node.loc;
    } else {
      return { loc };
    }
  }
  return { node, loc };
}

/** Where to point for a value at `path`: its key, its list item, or the nearest thing that exists. */
export function locate(root: YamlNode, path: YamlPath): SourceLocation {
  return find(root, path).loc;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function valueText(node: YamlNode | undefined): string {
  if (node?.kind === 'scalar') return `'${String(node.value)}'`;
  return node?.kind === 'seq' ? 'a list' : 'a mapping';
}

function describe(issue: z.core.$ZodIssue, node: YamlNode | undefined): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `is ${valueText(node)}; expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return `must be at least ${issue.minimum} characters long`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} entries`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      return `must be at most ${issue.maximum}`;
    default:
      // Formats, refinements: the schema carries its own wording.
      return issue.message;
  }
}

/**
 * One diagnostic per issue (per key, for unknown keys). `what` names the kind of document
 * ("ESCU detection") for messages about the top level.
 */
export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], root: YamlNode, code: string, what: string, hints: { unknownKey?: string } = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const where = path.length > 0 ? ` in '${showPath(path)}'` : '';
        out.push(diagnostic(code, `unknown key '${key}'${where}`, locate(root, [...path, key]), hints.unknownKey));
      }
      continue;
    }
    const found = find(root, path);
    if (found.node === undefined && path.length > 0) {
      const parent = path.slice(0, -1);
      const where = parent.length > 0 ? `'${showPath(parent)}'` : `an ${what}`;
      out.push(diagnostic(code, `${where} needs the key '${String(path[path.length - 1])}'`, found.loc));
      continue;
    }
    const subject = path.length > 0 ? `'${showPath(path)}'` : `an ${what}`;
    out.push(diagnostic(code, `${subject} ${describe(issue, found.node)}`, found.loc));
  }
  return out;
}
