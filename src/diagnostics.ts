// Errors are values: a code, a message, where it was found, and a hint where one helps.
// Every stage reports problems as Diagnostics; only the CLI turns them into text.

export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

export interface Diagnostic {
  code: string;
  message: string;
  location?: SourceLocation;
  hint?: string;
  /**
   * Absent for an error. A warning is worth knowing and does not stop anything (an interval longer
   * than a correlation's timespan): it is printed as `warning:` and never fails a command.
   */
  severity?: 'warning';
}

/** Whether `d` is an error (anything but a warning). */
export function isError(d: Diagnostic): boolean {
  return d.severity !== 'warning';
}

/** A diagnostic that warns: printed, never failing. */
export function warning(code: string, message: string, location?: SourceLocation, hint?: string): Diagnostic {
  return { ...diagnostic(code, message, location, hint), severity: 'warning' };
}

/** The line and column (1-based) of a character offset in a file's text. */
export function offsetLocation(text: string, file: string, offset: number): SourceLocation {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line, column: at - lineStart + 1 };
}

/** An error that carries one or more diagnostics through a `throw`. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => d.message).join('; '));
    this.name = 'DiagnosticError';
    this.diagnostics = list;
  }
}

export function diagnostic(
  code: string,
  message: string,
  location?: SourceLocation,
  hint?: string,
): Diagnostic {
  return { code, message, ...(location ? { location } : {}), ...(hint ? { hint } : {}) };
}

/** Throws a DiagnosticError made of one diagnostic. */
export function fail(code: string, message: string, location?: SourceLocation, hint?: string): never {
  throw new DiagnosticError(diagnostic(code, message, location, hint));
}

/** `path:line:col: error: message` (`warning:` for a warning; `hint: …` on the next line), as compilers print. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  const head = `${where}${isError(d) ? 'error' : 'warning'}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Diagnostics from a thrown value; anything that is not a DiagnosticError is a bug and rethrown. */
export function diagnosticsOf(error: unknown): Diagnostic[] {
  if (error instanceof DiagnosticError) return error.diagnostics;
  throw error;
}
