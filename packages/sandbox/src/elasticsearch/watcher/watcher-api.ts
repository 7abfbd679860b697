// The Watcher REST endpoints, with the statuses RestPutWatchAction & co. answer with: 201/200 for
// a put, a bare `{"_id","found":false}` 404 for a missing watch, and 404
// document_missing_exception when activating one.
import type { JsonObject } from '../../json.js';
import { route, type Route } from '../../http/router.js';
import { parseObjectBody } from '../es-body.js';
import { CLUSTER_NAME, json, type EsContext, type EsReply } from '../es-context.js';
import { illegalArgument, SANDBOX_NODE_ID } from '../es-errors.js';
import { boolParam, intParam } from '../es-params.js';
import { WatcherService } from './watcher-service.js';

const STATS_METRICS = ['_all', 'queued_watches', 'current_watches', 'pending_watches'];

export function watcherRoutes(ctx: EsContext, watcher: WatcherService): Route<EsReply>[] {
  const commitThen = async (reply: EsReply): Promise<EsReply> => {
    await ctx.commit();
    return reply;
  };
  return [
    route<EsReply>(
      'PUT|POST /_watcher/watch/:id',
      (req, p) => {
        const result = watcher.put(p.id, req.body, {
          active: boolParam(req.query, 'active', true),
          ifSeqNo: intParam(req.query, 'if_seq_no'),
          ifPrimaryTerm: intParam(req.query, 'if_primary_term'),
          version: intParam(req.query, 'version'),
        });
        return commitThen(json(result.created ? 201 : 200, result.body));
      },
      ['active', 'version', 'if_seq_no', 'if_primary_term'],
    ),
    route<EsReply>('GET /_watcher/watch/:id', (_req, p) => {
      const result = watcher.get(p.id);
      return json(result.found ? 200 : 404, result.body);
    }),
    route<EsReply>('DELETE /_watcher/watch/:id', (_req, p) => {
      const result = watcher.delete(p.id);
      return commitThen(json(result.found ? 200 : 404, result.body));
    }),
    route<EsReply>('PUT|POST /_watcher/watch/:id/_activate', (_req, p) => commitThen(json(200, watcher.setActive(p.id, true)))),
    route<EsReply>('PUT|POST /_watcher/watch/:id/_deactivate', (_req, p) => commitThen(json(200, watcher.setActive(p.id, false)))),
    route<EsReply>('PUT|POST /_watcher/watch/:id/_ack', (_req, p) => commitThen(json(200, watcher.ack(p.id, [])))),
    route<EsReply>('PUT|POST /_watcher/watch/:id/_ack/:actions', (_req, p) => commitThen(json(200, watcher.ack(p.id, p.actions.split(','))))),
    route<EsReply>('PUT|POST /_watcher/watch/:id/_execute', (req, p) => commitThen(json(200, watcher.executeNow(p.id, parseObjectBody(req.body) ?? {}))), ['debug']),
    route<EsReply>('GET|POST /_watcher/_query/watches', (req) => json(200, watcher.query(parseObjectBody(req.body) ?? {}))),
    route<EsReply>('POST /_watcher/_start', () => {
      watcher.start();
      return commitThen(json(200, { acknowledged: true }));
    }, ['master_timeout']),
    route<EsReply>('POST /_watcher/_stop', () => {
      watcher.stop();
      return commitThen(json(200, { acknowledged: true }));
    }, ['master_timeout']),
    route<EsReply>('GET /_watcher/stats', (req) => json(200, stats(ctx, watcher, req.query.get('metric') ?? undefined)), ['metric', 'emit_stacktraces']),
    route<EsReply>('GET /_watcher/stats/:metric', (req, p) => json(200, stats(ctx, watcher, p.metric, req.uri)), ['emit_stacktraces']),
  ];
}

function stats(ctx: EsContext, watcher: WatcherService, metricList: string | undefined, uri?: string): JsonObject {
  const metrics = metricList ? metricList.split(',') : [];
  for (const metric of metrics) {
    if (!STATS_METRICS.includes(metric)) throw illegalArgument(`request [${uri ?? '/_watcher/stats'}] contains unrecognized metric: [${metric}]`);
  }
  const node: JsonObject = {
    node_id: SANDBOX_NODE_ID,
    watcher_state: ctx.state.watcher.state,
    watch_count: watcher.activeCount(),
    execution_thread_pool: { queue_size: 0, max_size: 10 },
  };
  const all = metrics.includes('_all');
  if (all || metrics.includes('current_watches')) node.current_watches = [];
  if (all || metrics.includes('queued_watches')) node.queued_watches = [];
  return {
    _nodes: { total: 1, successful: 1, failed: 0 },
    cluster_name: CLUSTER_NAME,
    manually_stopped: ctx.state.watcher.manuallyStopped,
    stats: [node],
  };
}
