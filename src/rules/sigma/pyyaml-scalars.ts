// Which plain YAML scalars PyYAML reads as numbers. pySigma loads rules with PyYAML, which follows
// YAML 1.1; detctl reads them with js-yaml's YAML 1.2 core schema. The two disagree on some texts:
// `00000429` (a Windows keyboard layout id in a SigmaHQ rule) is the number 429 in YAML 1.2 but a
// string in PyYAML, as are `0o17` and `1e3`. Where the difference decides whether a rule converts —
// a string-only modifier on the value — detctl asks what PyYAML would have made of the text.
//
// The patterns are PyYAML's implicit resolvers for int and float (yaml/resolver.py, PyYAML 6.0),
// which apply to plain (unquoted) scalars only — and js-yaml yields a number for nothing else.
const PYYAML_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PYYAML_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Whether PyYAML reads this plain scalar text as an int or a float (otherwise: a string). */
export function pyYamlReadsAsNumber(text: string): boolean {
  return PYYAML_INT.test(text) || PYYAML_FLOAT.test(text);
}
