// Where the sandbox keeps its objects: in memory, and optionally in a JSON file so a restart keeps
// them. Handlers mutate the state object directly and then `await commit()`, which resolves once a
// save that includes their change is on disk. Saves run one at a time and coalesce, so 50
// concurrent writes cost a handful of file writes and none of them is lost. Each save writes a
// temporary file and renames it over the old one, so a crash never leaves half a file.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export class StateStore<S extends object> {
  private requested = 0;
  private saved = 0;
  private saving: Promise<void> | undefined;
  private readonly waiters: { generation: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  private constructor(
    readonly state: S,
    private readonly path: string | undefined,
  ) {}

  /** Loads `path` if it exists, else starts from `initial()`. Without a path, state lives in memory. */
  static async open<S extends object>(path: string | undefined, initial: () => S, upgrade: (loaded: S) => S = (s) => s): Promise<StateStore<S>> {
    if (!path) return new StateStore(initial(), undefined);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const state = text === undefined ? initial() : upgrade(JSON.parse(text) as S);
    return new StateStore(state, path);
  }

  get persistent(): boolean {
    return this.path !== undefined;
  }

  /** Resolves when the current state (with the caller's change) has been written. */
  commit(): Promise<void> {
    if (!this.path) return Promise.resolve();
    const generation = ++this.requested;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ generation, resolve, reject }));
    this.saving ??= this.saveLoop();
    return done;
  }

  /** Waits for every requested save. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private async saveLoop(): Promise<void> {
    try {
      while (this.saved < this.requested) {
        const generation = this.requested;
        try {
          await this.write(JSON.stringify(this.state));
        } catch (error) {
          this.settle(generation, error);
          continue;
        }
        this.saved = generation;
        this.settle(generation);
      }
    } finally {
      this.saving = undefined;
    }
  }

  private settle(generation: number, error?: unknown): void {
    if (error !== undefined) this.saved = generation;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (waiter.generation > generation) continue;
      this.waiters.splice(i, 1);
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  private async write(text: string): Promise<void> {
    const path = this.path as string;
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  }
}
