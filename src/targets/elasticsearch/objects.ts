// The object the Elasticsearch provider deploys, and its schema for reading saved plans back.
import { z } from 'zod';

/** An Elasticsearch Watcher watch: the id and the PUT body (trigger, input, condition, actions, metadata). */
export interface WatchObject {
  kind: 'watch';
  /** Target name from the environment file. */
  target: string;
  id: string;
  /** Whether the watch is deployed active (`PUT …?active=`). */
  active: boolean;
  body: Record<string, unknown>;
  /** The rule file it came from, for messages. */
  source: string;
  /** A native definition's watch: adopted when it exists unowned (TargetObject.adopt). */
  adopt?: true;
}

const name = z.string().min(1);

export const watchObjectSchema = z.object({
  kind: z.literal('watch'),
  target: name,
  id: name,
  active: z.boolean(),
  body: z.record(z.string(), z.unknown()),
  source: z.string(),
  adopt: z.literal(true).optional(),
});
