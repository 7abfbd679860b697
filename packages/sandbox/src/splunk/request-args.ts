// The arguments of a splunkd request: the query string and an
// application/x-www-form-urlencoded body, merged (the body wins). Spaces may come as `+` or
// `%20`; a repeated key keeps every value (`f=a&f=b`), and a single-valued argument takes the
// last one.
import type { SandboxRequest } from '../http/exchange.js';

export class RequestArgs {
  private constructor(private readonly values: Map<string, string[]>) {}

  static of(req: SandboxRequest): RequestArgs {
    const values = new Map<string, string[]>();
    const add = (params: URLSearchParams) => {
      for (const key of new Set(params.keys())) values.set(key, params.getAll(key));
    };
    add(req.query);
    const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
    // The JS SDK sends its form body without a Content-Type; JSON bodies are not arguments.
    if (req.body.length > 0 && !contentType.includes('json')) add(new URLSearchParams(req.body.toString('utf8')));
    return new RequestArgs(values);
  }

  get(key: string): string | undefined {
    const all = this.values.get(key);
    return all && all.length > 0 ? all[all.length - 1] : undefined;
  }

  all(key: string): string[] {
    return this.values.get(key) ?? [];
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Every argument except the framework's own (output_mode, …), last value each. */
  settings(framework: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of this.values.keys()) if (!framework.includes(key)) out[key] = this.get(key) ?? '';
    return out;
  }

  outputMode(): string {
    return this.get('output_mode') ?? 'xml';
  }
}
