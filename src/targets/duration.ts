// Time values ("15m", "30s", "1h", as Elasticsearch writes them) in milliseconds.
const UNIT_MS: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationMillis(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)$/.exec(value.trim());
  if (!match) throw new Error(`not a time value: ${value}`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
