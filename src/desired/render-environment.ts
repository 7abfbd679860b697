// Rules + environment → every desired object of every target, each target rendered by its type's
// provider. Pure: no I/O. All problems are collected, and objects are only returned when there
// are no errors (nothing half-rendered); warnings come with the objects.
import { hideValues, resolveReferences, stringHider } from '../base/references.js';
import { diagnostic, isError, type Diagnostic } from '../diagnostics.js';
import type { Environment } from '../config/load-environment.js';
import type { Rule } from '../rules/load-rules.js';
import type { SigmaRule } from '../rules/sigma/model.js';
import { byObjectKey, encodeObjectKey, objectKey } from '../targets/object-key.js';
import { providerOf, type DesiredObject } from '../targets/registry.js';
import { checkRuleOverrides } from '../targets/sigma-overrides.js';

export interface RenderResult {
  objects: DesiredObject[];
  diagnostics: Diagnostic[];
}

/**
 * `inputs`: per target name, what its provider's `loadInputs` read (ESCU macros and deployments
 * for a Splunk target); a target without an entry renders without them.
 */
export function renderEnvironment(rules: Rule[], environment: Environment, inputs: Record<string, unknown> = {}): RenderResult {
  const diagnostics: Diagnostic[] = [];
  const objects: DesiredObject[] = [];
  for (const rule of rules.filter((r): r is SigmaRule => r.kind === 'sigma')) diagnostics.push(...checkRuleOverrides(rule));
  const secrets = environment.secrets;
  const hide = stringHider(secrets);
  const reveal = (value: string) => resolveReferences(value, secrets.filter((s) => s.value !== undefined));
  for (const [target, settings] of Object.entries(environment.settings.targets)) {
    const rendered = providerOf(settings.type).render({ target, env: environment.name, settings, rules, inputs: inputs[target], hide, reveal });
    // Values from the environment stay references (`${VAR}`) in every desired object; adapters
    // resolve them in the request only (docs/deploy.md, "Secrets").
    objects.push(...(rendered.objects as DesiredObject[]).map((o) => hideValues(o, secrets)));
    diagnostics.push(...rendered.diagnostics);
  }
  diagnostics.push(...collisions(objects));
  return diagnostics.some(isError)
    ? { objects: [], diagnostics: onceEach(diagnostics) }
    : { objects: [...objects].sort((a, b) => byObjectKey(objectKey(a), objectKey(b))), diagnostics: onceEach(diagnostics) };
}

/**
 * Each problem once: a rule's problem found by the provider of every target of its type (a native
 * watch checked for two Elasticsearch targets) is one problem.
 */
function onceEach(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.message, d.location?.file, d.location?.line, d.location?.column]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Two rules rendering to one watch id or saved-search name would overwrite each other. */
function collisions(objects: DesiredObject[]): Diagnostic[] {
  const seen = new Map<string, DesiredObject>();
  const problems: Diagnostic[] = [];
  for (const o of objects) {
    const key = objectKey(o);
    const k = encodeObjectKey(key);
    const first = seen.get(k);
    if (first) problems.push(diagnostic('render-collision', `${o.kind} '${key.id}' of target ${o.target} is rendered from both ${first.source} and ${o.source}`, { file: o.source, line: 1, column: 1 }, 'give the rules distinct titles (saved searches are named after the title) or ids'));
    else seen.set(k, o);
  }
  return problems;
}
