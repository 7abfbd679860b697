// The status line: one line on stderr, redrawn in place, on a terminal only (never control codes
// elsewhere). Shows listing, the apply's progress bar and the latest retry ("elastic: retry 2/5
// after 503"); `log` prints a whole line above it (--verbose, interruptions).
import type { CliIO } from './io.js';

/** How long a retry note stays on the status line. */
const NOTE_MS = 3000;
const MAX_WIDTH = 100;

export class StatusLine {
  private text = '';
  private note?: { text: string; at: number };
  private shown = false;

  constructor(
    private readonly io: CliIO,
    /** A terminal on stderr: draw the line; otherwise only `log` prints. */
    readonly enabled: boolean,
  ) {}

  /** Replaces the line's main text. */
  set(text: string): void {
    this.text = text;
    this.draw();
  }

  /** A short note after the main text for a few seconds (the latest retry). */
  noteRetry(text: string): void {
    this.note = { text, at: Date.now() };
    this.draw();
  }

  /** Prints a line of its own on stderr, keeping the status line below it. */
  log(line: string): void {
    this.erase();
    this.io.err(line.endsWith('\n') ? line : `${line}\n`);
    this.draw();
  }

  /** Removes the line (before the command's own output). */
  clear(): void {
    this.erase();
    this.text = '';
    this.note = undefined;
  }

  private erase(): void {
    if (this.shown) this.io.err('\r\x1b[2K');
    this.shown = false;
  }

  private draw(): void {
    if (!this.enabled) return;
    const note = this.note && Date.now() - this.note.at < NOTE_MS ? this.note.text : '';
    const line = [this.text, note].filter(Boolean).join('  ');
    if (!line) return this.erase();
    this.io.err(`\r\x1b[2K${line.length > MAX_WIDTH ? `${line.slice(0, MAX_WIDTH - 1)}…` : line}`);
    this.shown = true;
  }
}

/** `[#####     ] 40/600` */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`;
}
