// The adapters of an environment's targets, each made by its type's provider.
import type { Environment } from '../config/load-environment.js';
import { DiagnosticError } from '../diagnostics.js';
import { providerOf } from '../targets/registry.js';
import type { TargetAdapter } from '../targets/target.js';
import { TLS_CA_UNREADABLE } from '../targets/tls-options.js';

export interface TargetOptions {
  projectDir: string;
}

/** One after the other, so that of two broken targets the first named in the file is reported. */
export async function createTargets(environment: Environment, options: TargetOptions): Promise<TargetAdapter[]> {
  const adapters: TargetAdapter[] = [];
  for (const [name, settings] of Object.entries(environment.settings.targets)) {
    try {
      adapters.push(await providerOf(settings.type).createAdapter(name, settings, { env: environment.name, projectDir: options.projectDir }));
    } catch (error) {
      // A setting found wrong only now (an unreadable tls.ca) is an error at its key in the environment file.
      if (!(error instanceof DiagnosticError)) throw error;
      throw new DiagnosticError(error.diagnostics.map((d) => (d.location ? d : { ...d, location: environment.locate(['targets', name, ...(d.code === TLS_CA_UNREADABLE ? ['tls', 'ca'] : [])]) })));
    }
  }
  return adapters;
}
