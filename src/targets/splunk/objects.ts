// The objects the Splunk provider deploys, and their schemas for reading saved plans back.
import { z } from 'zod';

/** A Splunk saved search: its name and the savedsearches.conf keys detctl manages, as strings. */
export interface SavedSearchObject {
  kind: 'saved-search';
  target: string;
  app: string;
  owner: string;
  name: string;
  /** conf key → value; values are the exact strings sent to Splunk. */
  content: Record<string, string>;
  source: string;
  /** A native definition's saved search: adopted when it exists unowned (TargetObject.adopt). */
  adopt?: true;
}

/** A Splunk search macro (`macros.conf` stanza `name` or `name(N)`). */
export interface MacroObject {
  kind: 'macro';
  target: string;
  app: string;
  owner: string;
  /** Stanza name: `name` without arguments, `name(N)` with N arguments. */
  name: string;
  content: { definition: string; args?: string; description?: string; iseval?: string };
  source: string;
}

export type SplunkObject = SavedSearchObject | MacroObject;

const name = z.string().min(1);

export const savedSearchObjectSchema = z.object({
  kind: z.literal('saved-search'),
  target: name,
  app: name,
  owner: name,
  name,
  content: z.record(z.string(), z.string()),
  source: z.string(),
  adopt: z.literal(true).optional(),
});

export const macroObjectSchema = z.object({
  kind: z.literal('macro'),
  target: name,
  app: name,
  owner: name,
  name,
  content: z.object({
    definition: z.string(),
    args: z.string().optional(),
    description: z.string().optional(),
    iseval: z.string().optional(),
  }),
  source: z.string(),
});
