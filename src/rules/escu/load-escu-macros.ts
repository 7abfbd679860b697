// Macro files (ESCU's `macros/*.yml`): name, definition, description and the argument names of a
// macro that takes arguments. Which macros are deployed is decided when rendering, from what the
// detections use.
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { schemaDiagnostics, toPlain, type YamlNode, keyLocationsOf } from '../../yaml-tree.js';
import type { RuleFile } from '../discover.js';
import { macroStanza } from './content-name.js';
import type { EscuMacro } from './model.js';
import { loadUniqueFiles } from './load-unique-files.js';
import { escuSchemas } from './schema.js';

const CODE = 'escu-macro';

export function loadEscuMacro(doc: YamlNode, path: string): { macro?: EscuMacro; diagnostics: Diagnostic[] } {
  const result = escuSchemas().macroFileSchema.safeParse(toPlain(doc));
  if (!result.success) return { diagnostics: schemaDiagnostics(result.error.issues, doc, { code: CODE, what: 'an ESCU macro' }) };
  const keyLocations = keyLocationsOf(doc);
  const { name, definition, description, arguments: args } = result.data;
  const diagnostics: Diagnostic[] = [];
  const repeated = args.find((a, i) => args.indexOf(a) !== i);
  if (repeated) diagnostics.push(diagnostic(CODE, `argument '${repeated}' is listed twice`, keyLocations.arguments));
  if (diagnostics.length > 0) return { diagnostics };
  return { macro: { path, name, definition, description, arguments: args, keyLocations, loc: doc.loc }, diagnostics };
}

/** Loads every macro file; two files defining one stanza is an error (which definition wins?). */
export function loadEscuMacroFiles(files: RuleFile[]): { macros: EscuMacro[]; diagnostics: Diagnostic[] } {
  const { values, diagnostics } = loadUniqueFiles<EscuMacro>(files, {
    load: (doc, path) => {
      const { macro, diagnostics } = loadEscuMacro(doc, path);
      return { ...(macro ? { value: macro } : {}), diagnostics };
    },
    key: (macro) => macroStanza(macro.name, macro.arguments.length),
    duplicate: (macro, first) =>
      diagnostic(CODE, `macro ${macroStanza(macro.name, macro.arguments.length)} is also defined by ${first.path}`, macro.keyLocations.name, 'each macros.conf stanza can have one definition'),
  });
  return { macros: values, diagnostics };
}
