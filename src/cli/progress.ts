// A one-line progress bar on a terminal (stderr), nothing elsewhere.
import type { CliIO } from './io.js';

export function progressBar(io: CliIO, enabled: boolean): { update(done: number, total: number): void; end(): void } {
  if (!enabled) return { update: () => undefined, end: () => undefined };
  const width = 30;
  return {
    update(done, total) {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      io.err(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
    },
    end() {
      io.err('\n');
    },
  };
}
