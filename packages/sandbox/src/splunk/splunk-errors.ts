// splunkd's error body: {"messages":[{"type":"ERROR","text":"…"}]} (or the XML equivalent).
// The texts that the sandbox could confirm from public material are used verbatim; the others are
// listed as unverified in docs/sandbox.md.

export type MessageType = 'ERROR' | 'WARN' | 'INFO' | 'FATAL';

export class SplunkHttpError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly type: MessageType = 'ERROR',
    readonly headers: Record<string, string> = {},
    readonly code?: string,
  ) {
    super(text);
    this.name = 'SplunkHttpError';
  }
}

export const notFound = (name: string) => new SplunkHttpError(404, `Could not find object id=${name}`);

/** The EAI framework's refusal of an argument the handler does not declare. */
export const unsupportedArgument = (name: string) => new SplunkHttpError(400, `Argument "${name}" is not supported by this handler.`);

export const noTargetName = (method: string) => new SplunkHttpError(400, `Cannot perform action "${method}" without a target name to act on.`);

export const unauthenticated = () => new SplunkHttpError(401, 'call not properly authenticated', 'WARN', { 'www-authenticate': 'Basic realm="/splunk"' });
