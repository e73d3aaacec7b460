/**
 * The normalised batches of an import, from the import worker when one can run (the sources run
 * under tsx: the worker boots the same way) and the file is big enough to repay starting it, else
 * from the caller's own thread. Either way the batches, problems and warnings are the same.
 */
import { Worker } from 'node:worker_threads';
import type { ImportPlan } from '../../shared/datasets/columns';
import { AppFailure, type ErrorCode } from '../../shared/result';
import { fromWire } from './batch-wire';
import { cancelled } from './table-shape';
import { normaliseBatches, type NormalisedBatch, type PassEnd, type RollupRequest } from './normalise-batches';
import type { CurrentRecords } from './match';
import type { Source } from './source';
import type { WorkerJob, WorkerMessage } from './worker';

/** Below this a worker's start (it compiles its modules) costs more than the overlap saves. */
export const OFF_THREAD_BYTES = 8 * 1024 * 1024;

export interface NormaliseJob {
  readonly path: string;
  readonly fileName: string;
  readonly sheet?: string | undefined;
  readonly source: Source;
  readonly plan: ImportPlan;
  readonly maxProblems: number;
  /** The workbook's records to match the rows to (null: every row is new). */
  readonly records: CurrentRecords | null;
  readonly signal?: AbortSignal | undefined;
  /** Files from this size are read on the worker (tests pass 0 to exercise it on small files). */
  readonly offThreadBytes?: number;
  /** Count the rows the batch writes into its rollups. */
  readonly rollups?: RollupRequest | undefined;
  /** Receives the pass's findings once every row is read. */
  readonly onEnd: (end: PassEnd) => void;
}

/** From the sources the worker boots through tsx; the bundled Electron build ships it as import-worker.cjs beside main.cjs. */
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './worker-boot.mjs' : './import-worker.cjs', import.meta.url);

export function normalisedBatches(job: NormaliseJob): AsyncGenerator<NormalisedBatch> {
  if (job.source.info.fileSize >= (job.offThreadBytes ?? OFF_THREAD_BYTES)) return onWorker(job);
  return onThisThread(job);
}

async function* onThisThread(job: NormaliseJob): AsyncGenerator<NormalisedBatch> {
  yield* normaliseBatches(
    job.source,
    { plan: job.plan, maxProblems: job.maxProblems, records: job.records, rollups: job.rollups, signal: job.signal },
    job.onEnd,
  );
}

async function* onWorker(job: NormaliseJob): AsyncGenerator<NormalisedBatch> {
  const data: WorkerJob = {
    path: job.path,
    plan: job.plan,
    maxProblems: job.maxProblems,
    records: job.records,
    ...(job.sheet !== undefined ? { sheet: job.sheet } : {}),
    ...(job.rollups ? { rollups: job.rollups } : {}),
  };
  // The worker makes a short-lived string or array for every cell; with V8's default young generation
  // it spent ~2.5 s of a million-deal import collecting them. 128 MB measured fastest (1M deals: about
  // 2-3 s less wall time than the default, 64 MB in between, 256 MB slower again) for ~100 MB more memory.
  const worker = new Worker(workerUrl, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 128 } });
  const queue: (WorkerMessage | { type: 'crash'; error: Error })[] = [];
  let wake: (() => void) | undefined;
  const push = (m: WorkerMessage | { type: 'crash'; error: Error }): void => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', (m: WorkerMessage) => push(m));
  worker.on('error', (error: Error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => push({ type: 'crash', error: new Error(`the import worker stopped (exit code ${code})`) }));
  const onAbort = (): void => wake?.();
  job.signal?.addEventListener('abort', onAbort);
  let started = false;
  try {
    for (;;) {
      if (job.signal?.aborted) throw cancelled(job.fileName);
      const m = queue.shift();
      if (m === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.type === 'batch') {
        started = true;
        yield fromWire(m.batch);
        worker.postMessage('next');
      } else if (m.type === 'end') {
        // The pass's own warnings (ragged rows, footers, bad characters) replace the opening pass's.
        job.source.info.warnings.splice(0, job.source.info.warnings.length, ...m.warnings);
        job.onEnd(m.end);
        return;
      } else if (m.type === 'failure') {
        throw new AppFailure(m.code as ErrorCode, m.message, m.details as Record<string, unknown> | undefined);
      } else if (!started) {
        // The worker could not start (its boot file missing or refused): read here instead.
        yield* onThisThread(job);
        return;
      } else {
        throw new AppFailure('import_unreadable', `${job.fileName} could not be read: ${m.error.message}`, { file: job.fileName });
      }
    }
  } finally {
    job.signal?.removeEventListener('abort', onAbort);
    worker.removeAllListeners();
    await worker.terminate();
  }
}
