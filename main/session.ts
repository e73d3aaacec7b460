import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { EventName } from '../shared/api-names';
import type { EventPayload, FileRef } from '../shared/api';
import { AppFailure } from '../shared/result';
import type { Workbook } from './store/workbook';

export type Face = 'electron' | 'serve' | 'cli';

export interface RegisteredFile {
  readonly path: string;
  readonly name: string;
}

/**
 * Everything the services share for one running app: the open workbook, the files the user chose
 * (known to the UI only by opaque ids), running jobs and the event sink of the face. Each face (and
 * each test) makes its own session. What modules keep besides cannot leak between sessions: the
 * metrics' caches and rollups are keyed by the workbook's database and go with it
 * (main/metrics/cache.ts, rollups.ts), a few memos remember pure results (compile.ts's dates,
 * dataset-rollups.ts's rollup definitions per settings), and tests may swap the file-system seam (store/fsio.ts).
 */
export class Session {
  workbook: Workbook | null = null;
  private readonly files = new Map<string, RegisteredFile>();
  private readonly jobs = new Map<string, AbortController>();
  private listeners: ((name: EventName, payload: unknown) => void)[] = [];
  /** The end of the queue of calls that use the workbook: one runs at a time. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly face: Face,
    /** Where the sample company and browser-mode downloads live. */
    readonly dataDir: string,
  ) {}

  /** Hands out an opaque id for a path main obtained itself (dialog, upload, command line). */
  registerFile(path: string, name = basename(path)): string {
    const id = randomBytes(12).toString('base64url');
    this.files.set(id, { path, name });
    return id;
  }

  forgetFile(id: string): void {
    this.files.delete(id);
  }

  /**
   * The path behind a file reference. A raw path is only believed from the command line: the UI
   * faces may name files only by the ids main gave them.
   */
  resolveFile(ref: FileRef): RegisteredFile {
    if ('path' in ref) {
      if (this.face !== 'cli') throw new AppFailure('invalid_input', 'Files are chosen in a dialog; a path from the page is not accepted.');
      return { path: ref.path, name: basename(ref.path) };
    }
    const f = this.files.get(ref.id);
    if (!f) throw new AppFailure('invalid_input', 'That file is no longer available; choose it again.');
    return f;
  }

  requireWorkbook(): Workbook {
    if (!this.workbook) throw new AppFailure('no_workbook', 'No workbook is open. Open or create one first.');
    return this.workbook;
  }

  startJob(jobId: string | undefined): { id: string; signal: AbortSignal; done(): void } {
    const id = jobId ?? randomBytes(8).toString('hex');
    const controller = new AbortController();
    this.jobs.set(id, controller);
    return { id, signal: controller.signal, done: () => this.jobs.delete(id) };
  }

  cancelJob(id: string): boolean {
    const c = this.jobs.get(id);
    if (!c) return false;
    c.abort();
    return true;
  }

  /**
   * Runs `fn` after every call queued before it has finished. An import holds a transaction open across
   * many awaits; a call that saved, closed or read the workbook in the middle would act on half an import.
   */
  serialise<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  on(listener: (name: EventName, payload: unknown) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(name, payload);
  }
}
