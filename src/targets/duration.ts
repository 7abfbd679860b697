// Durations are defined once, in src/base/duration.ts.
export { durationMillis } from '../base/duration.js';
