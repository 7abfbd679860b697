// The ESCU macro and deployment files a Splunk target's `escu:` settings point at: what its ESCU
// detections are rendered with besides the detections themselves.
import { resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics.js';
import { discoverRuleFiles } from '../../rules/discover.js';
import { loadEscuDeploymentFiles } from '../../rules/escu/load-escu-deployments.js';
import { loadEscuMacroFiles } from '../../rules/escu/load-escu-macros.js';
import type { EscuDeployment, EscuMacro } from '../../rules/escu/model.js';
import type { SplunkTarget } from './settings.js';

export interface EscuLibrary {
  macros: EscuMacro[];
  deployments: EscuDeployment[];
}

export function loadEscuLibrary(target: SplunkTarget, projectDir: string): { inputs: EscuLibrary; diagnostics: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const read = (path: string | undefined) => {
    if (!path) return [];
    const found = discoverRuleFiles([path], resolve(projectDir));
    problems.push(...found.diagnostics);
    return found.files;
  };
  const macros = loadEscuMacroFiles(read(target.escu.macros));
  const deployments = loadEscuDeploymentFiles(read(target.escu.deployments));
  problems.push(...macros.diagnostics, ...deployments.diagnostics);
  return { inputs: { macros: macros.macros, deployments: deployments.deployments }, diagnostics: problems };
}
