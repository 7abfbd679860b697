// TLS settings of a target: verification stays on unless the environment says `insecure: true`;
// a CA file (relative to the project folder) is trusted in addition to the system's.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface TlsSettings {
  ca?: string;
  insecure?: boolean;
}

export interface TlsOptions {
  ca?: string;
  rejectUnauthorized: boolean;
}

export function tlsOptions(tls: TlsSettings, projectDir: string): TlsOptions {
  return {
    ...(tls.ca ? { ca: readFileSync(resolve(projectDir, tls.ca), 'utf8') } : {}),
    rejectUnauthorized: !tls.insecure,
  };
}
