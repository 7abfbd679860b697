// Settings every target type shares (zod): URL, TLS, request timeout, field mapping.
import { z } from 'zod';
import { MAPPING_NAMES } from '../compile/mappings/apply-mapping.js';
import { REQUEST_TIMEOUT, WATCHER_INTERVAL, type DurationSyntax } from '../base/duration.js';

/** A string in one of the duration syntaxes of src/base/duration.ts. */
export const duration = (syntax: DurationSyntax, note = '') => z.string().regex(syntax.pattern, `must be a duration like ${syntax.examples}${note}`);

export const interval = duration(WATCHER_INTERVAL);
export const mapping = z.enum(MAPPING_NAMES as [string, ...string[]], { message: `must be one of ${MAPPING_NAMES.join(', ')}` });
export const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
export const url = z.string().url('must be a URL like https://host:port');

export const tls = z
  .object({ ca: z.string().optional(), insecure: z.boolean().optional() })
  .strict()
  .default({});

/** How long one request may take before it counts as a (retryable) timeout. */
export const timeout = duration(REQUEST_TIMEOUT).default('30s');
