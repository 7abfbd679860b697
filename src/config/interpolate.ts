// `${VAR}` in environment files comes from the process environment. A missing variable is an
// error at the line that uses it; the variables and their values are remembered (`secrets`) so
// that everything rendered, recorded or printed holds the reference `${VAR}` instead of the value
// (base/references.ts).
import type { References } from '../base/references.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import type { YamlNode } from '../yaml-tree.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Interpolated {
  node: YamlNode;
  /** Every variable the file references, with its value (undefined when not set). */
  secrets: References;
  diagnostics: Diagnostic[];
}

/** The error for a `${name}` whose variable is unset or empty, at the text that uses it. */
export function unsetVariable(name: string, location: SourceLocation): Diagnostic {
  return diagnostic('env-variable', `environment variable ${name} is not set`, location, `export ${name}=… before running detctl`);
}

export function interpolate(node: YamlNode, env: NodeJS.ProcessEnv): Interpolated {
  const secrets = new Map<string, string | undefined>();
  const diagnostics: Diagnostic[] = [];
  // Nodes are copied field by field, not spread: the block reader's nodes (src/yaml-block.ts)
  // have their locations and source text as getters and methods, which a spread leaves behind.
  const walk = (n: YamlNode): YamlNode => {
    switch (n.kind) {
      case 'map':
        return { kind: 'map', entries: n.entries.map((e) => ({ key: e.key, keyLoc: e.keyLoc, value: walk(e.value) })), loc: n.loc };
      case 'seq':
        return { kind: 'seq', items: n.items.map(walk), loc: n.loc };
      case 'scalar': {
        if (typeof n.value !== 'string' || !n.value.includes('${')) return n;
        const value = n.value.replace(REFERENCE, (_m, name: string) => {
          const v = env[name];
          if (v === undefined || v === '') {
            secrets.set(name, undefined);
            diagnostics.push(unsetVariable(name, n.loc));
            return `\${${name}}`; // left as written, so the schema check does not report it twice
          }
          secrets.set(name, v);
          return v;
        });
        return { kind: 'scalar', value, loc: n.loc, contentLoc: n.contentLoc, sourceText: () => n.sourceText() };
      }
    }
  };
  const result = walk(node);
  return { node: result, secrets: [...secrets].map(([name, value]) => ({ name, value })), diagnostics };
}
