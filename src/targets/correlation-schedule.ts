// One warning for every target that schedules Sigma correlations: each run looks back one
// timespan from `now`, so a schedule that runs less often than that leaves events between two
// windows that no run correlates. Not an error (the objects deploy as written), but worth knowing.
import { warning, type Diagnostic } from '../diagnostics.js';
import type { SigmaCorrelation } from '../rules/sigma/correlation-model.js';

/**
 * The warning when the longest time between two runs (`everySeconds`, of the schedule `schedule`
 * as the environment writes it, at `setting`) is longer than the correlation's timespan.
 */
export function scheduleWarning(correlation: SigmaCorrelation, schedule: { text: string; everySeconds: number; setting: string }): Diagnostic[] {
  if (schedule.everySeconds <= correlation.timespan.seconds) return [];
  return [
    warning(
      'correlation-schedule',
      `correlation '${correlation.title}' looks back ${correlation.timespan.text} but runs only every ${seconds(schedule.everySeconds)} (${schedule.setting} ${schedule.text}): events between two windows are never correlated`,
      correlation.keyLocations.correlation ?? correlation.loc,
      `run it at least every ${correlation.timespan.text} (${schedule.setting}), or give the correlation a longer timespan`,
    ),
  ];
}

/** `2d15h5m`: whole units, largest first. */
function seconds(n: number): string {
  let rest = n;
  let out = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) out += `${Math.floor(rest / size)}${unit}`;
    rest %= size;
  }
  return out || '0s';
}
