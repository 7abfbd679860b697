// TLS settings of a target: verification stays on unless the environment says `insecure: true`;
// a CA file (relative to the project folder) is trusted in addition to the system's.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail } from '../diagnostics.js';

export interface TlsSettings {
  ca?: string;
  insecure?: boolean;
}

export interface TlsOptions {
  ca?: string;
  rejectUnauthorized: boolean;
}

/** The diagnostic code of an unreadable `tls.ca`: the environment's loader locates it at that key. */
export const TLS_CA_UNREADABLE = 'tls-ca';

export function tlsOptions(tls: TlsSettings, projectDir: string): TlsOptions {
  return {
    ...(tls.ca ? { ca: readCa(tls.ca, projectDir) } : {}),
    rejectUnauthorized: !tls.insecure,
  };
}

function readCa(ca: string, projectDir: string): string {
  const path = resolve(projectDir, ca);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    return fail(TLS_CA_UNREADABLE, `tls.ca: cannot read the CA file ${ca}: ${why} (looked at ${path})`, undefined, 'tls.ca is a PEM file of CA certificates, relative to the project folder (--dir); nothing was sent to any server');
  }
}
