// The adapters of an environment's targets, each made by its type's provider.
import type { Environment } from '../config/load-environment.js';
import { providerOf } from '../targets/registry.js';
import type { TargetAdapter } from '../targets/target.js';

export interface TargetOptions {
  projectDir: string;
}

/** One after the other, so that of two broken targets the first named in the file is reported. */
export async function createTargets(environment: Environment, options: TargetOptions): Promise<TargetAdapter[]> {
  const adapters: TargetAdapter[] = [];
  for (const [name, settings] of Object.entries(environment.settings.targets)) {
    adapters.push(await providerOf(settings.type).createAdapter(name, settings, { env: environment.name, projectDir: options.projectDir }));
  }
  return adapters;
}
