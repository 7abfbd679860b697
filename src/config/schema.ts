// The environment file's schema (zod). Parsing gives typed settings with defaults; each issue's
// path is mapped back to the YAML key it came from by load-environment.ts.
import { z } from 'zod';
import { stringList } from '../targets/settings-common.js';
import { TARGET_SETTINGS_SCHEMAS } from '../targets/registry.js';

export const environmentSchema = z
  .object({
    rules: stringList.default(['rules/']),
    /** Files or folders of Sigma filters applied to this environment's rules (docs/correlations.md, "Filters"). */
    filters: stringList.optional(),
    /** A folder of `<rule file name>.tests.yml` for `detctl test --env` (besides those beside the rules). */
    tests: z.string().optional(),
    select: z
      .object({
        status: stringList.optional(),
        level: stringList.optional(),
        tags: stringList.optional(),
        paths: stringList.optional(),
      })
      .strict()
      .optional(),
    history: z
      .union([
        z.object({ store: z.literal('local'), path: z.string().optional() }).strict(),
        z.object({ store: z.literal('elasticsearch'), target: z.string(), index: z.string().default('.detctl-history') }).strict(),
      ])
      .default({ store: 'local' }),
    targets: z.record(z.string(), z.discriminatedUnion('type', TARGET_SETTINGS_SCHEMAS)).refine((t) => Object.keys(t).length > 0, 'needs at least one target'),
  })
  .strict();

export type EnvironmentSettings = z.infer<typeof environmentSchema>;
export type TargetSettings = EnvironmentSettings['targets'][string];
