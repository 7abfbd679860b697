// Deployment files (ESCU's `deployments/*.yml`): per detection type, the schedule and which alert
// actions (risk, notable, …) its saved searches carry. Also reads a detection's inline
// `deployment:`, which contentctl lets replace the type's deployment.
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { schemaDiagnostics, toPlain, type YamlNode, keyLocationsOf } from '../../yaml-tree.js';
import type { RuleFile } from '../discover.js';
import type { EscuDeployment, EscuDetection } from './model.js';
import { loadUniqueFiles } from './load-unique-files.js';
import { escuSchemas, type DeploymentInput } from './schema.js';

const CODE = 'escu-deployment';

/** The validated deployment, from a value that passed `deploymentFileSchema` or `inlineDeploymentSchema`. */
export function toDeployment(input: DeploymentInput, node: YamlNode, path: string): EscuDeployment {
  const keyLocations = keyLocationsOf(node);
  const a = input.alert_action ?? {};
  const s = input.scheduling;
  return {
    path,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.type !== undefined ? { type: input.type } : {}),
    scheduling: {
      cronSchedule: s.cron_schedule,
      earliestTime: s.earliest_time,
      latestTime: s.latest_time,
      ...(s.schedule_window !== undefined ? { scheduleWindow: s.schedule_window } : {}),
    },
    alertAction: {
      ...(a.notable ? { notable: { ruleDescription: a.notable.rule_description, ruleTitle: a.notable.rule_title, nesFields: a.notable.nes_fields } } : {}),
      ...(a.rba ? { rba: { enabled: a.rba.enabled } } : {}),
      ...(a.email ? { email: { ...a.email } } : {}),
      ...(a.slack ? { slack: { ...a.slack } } : {}),
      ...(a.phantom
        ? { phantom: { camWorkers: a.phantom.cam_workers, label: a.phantom.label, phantomServer: a.phantom.phantom_server, sensitivity: a.phantom.sensitivity, severity: a.phantom.severity } }
        : {}),
    },
    keyLocations,
    loc: node.loc,
  };
}

export function loadEscuDeployment(doc: YamlNode, path: string): { deployment?: EscuDeployment; diagnostics: Diagnostic[] } {
  const result = escuSchemas().deploymentFileSchema.safeParse(toPlain(doc));
  if (!result.success) return { diagnostics: schemaDiagnostics(result.error.issues, doc, { code: CODE, what: 'an ESCU deployment' }) };
  return { deployment: toDeployment(result.data, doc, path), diagnostics: [] };
}

/** Loads every deployment file; two files for one type is an error (which one would apply?). */
export function loadEscuDeploymentFiles(files: RuleFile[]): { deployments: EscuDeployment[]; diagnostics: Diagnostic[] } {
  const { values, diagnostics } = loadUniqueFiles<EscuDeployment>(files, {
    load: (doc, path) => {
      const { deployment, diagnostics } = loadEscuDeployment(doc, path);
      return { ...(deployment ? { value: deployment } : {}), diagnostics };
    },
    key: (deployment) => deployment.type ?? '', // files always name their type
    duplicate: (deployment, first) =>
      diagnostic(CODE, `a second deployment for type ${deployment.type} (the first is ${first.path})`, deployment.keyLocations.type, 'keep one deployment file per detection type'),
  });
  return { deployments: values, diagnostics };
}

/** The deployment a detection renders with: its inline one, else the one for its type. */
export function deploymentFor(detection: EscuDetection, deployments: EscuDeployment[]): EscuDeployment | undefined {
  return detection.deployment ?? deployments.find((d) => d.type === detection.type);
}

/** The diagnostic for a detection whose type has no deployment file. */
export function missingDeployment(detection: EscuDetection): Diagnostic {
  return diagnostic(CODE, `no deployment for type ${detection.type}: its schedule and alert actions come from one`, detection.keyLocations.type, `add a deployments/*.yml file with 'type: ${detection.type}' (ESCU ships escu_default_configuration_${detection.type.toLowerCase()}.yml)`);
}
