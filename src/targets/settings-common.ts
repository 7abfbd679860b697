// Settings every target type shares (zod): URL, TLS, request timeout, field mapping.
import { z } from 'zod';
import { MAPPING_NAMES } from '../compile/mappings/apply-mapping.js';

/** Watcher interval syntax: a number and one of s m h d w (minimum 1s). */
export const INTERVAL = /^[1-9]\d*[smhdw]$/;

export const interval = z.string().regex(INTERVAL, 'must be a duration like 30s, 30m, 1h, 1d or 1w');
export const mapping = z.enum(MAPPING_NAMES as [string, ...string[]], { message: `must be one of ${MAPPING_NAMES.join(', ')}` });
export const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
export const url = z.string().url('must be a URL like https://host:port');

export const tls = z
  .object({ ca: z.string().optional(), insecure: z.boolean().optional() })
  .strict()
  .default({});

/** How long one request may take before it counts as a (retryable) timeout. */
export const timeout = z.string().regex(/^[1-9]\d*(ms|s|m)$/, 'must be a duration like 500ms, 30s or 2m').default('30s');
