/**
 * The import worker: reads and normalises the file on its own thread and posts the batches to the
 * thread that inserts them, so that the two run on two cores at once. At most IN_FLIGHT batches wait
 * unacknowledged, so a slow insert holds the reading back instead of filling memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportPlan } from '../../shared/datasets/columns';
import { AppFailure } from '../../shared/result';
import { toWire, type WireBatch } from './batch-wire';
import { normaliseBatches, type PassEnd, type RollupRequest } from './normalise-batches';
import type { CurrentRecords } from './match';
import { openSource } from './source';

export interface WorkerJob {
  readonly path: string;
  readonly sheet?: string;
  readonly plan: ImportPlan;
  readonly maxProblems: number;
  readonly records: CurrentRecords | null;
  readonly rollups?: RollupRequest;
}

/** What the worker posts: batches, then the pass's warnings and findings, or the failure that stopped it. */
export type WorkerMessage =
  | { readonly type: 'batch'; readonly batch: WireBatch }
  | { readonly type: 'end'; readonly warnings: readonly string[]; readonly end: PassEnd }
  | { readonly type: 'failure'; readonly code: string; readonly message: string; readonly details: unknown };

const IN_FLIGHT = 4;

async function run(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  let unacknowledged = 0;
  let release: (() => void) | undefined;
  port.on('message', () => {
    unacknowledged--;
    release?.();
  });
  try {
    // The whole file is hashed by the thread that started this one; doing it again here would hold
    // the first rows back until every byte had been read.
    const source = await openSource(job.path, { ...(job.sheet !== undefined ? { sheet: job.sheet } : {}), hash: false });
    let end: PassEnd | undefined;
    const pass = { plan: job.plan, maxProblems: job.maxProblems, records: job.records, rollups: job.rollups };
    for await (const batch of normaliseBatches(source, pass, (e) => (end = e))) {
      const { wire, transfer } = toWire(batch);
      port.postMessage({ type: 'batch', batch: wire } satisfies WorkerMessage, transfer);
      unacknowledged++;
      while (unacknowledged >= IN_FLIGHT) await new Promise<void>((resolve) => (release = resolve));
    }
    port.postMessage({ type: 'end', warnings: source.info.warnings, end: end! } satisfies WorkerMessage);
  } catch (e) {
    const failure = e instanceof AppFailure ? e : new AppFailure('import_unreadable', `The file could not be read: ${(e as Error).message}`);
    port.postMessage({ type: 'failure', code: failure.code, message: failure.message, details: failure.details } satisfies WorkerMessage);
  } finally {
    port.removeAllListeners('message');
  }
}

// run() reports every failure as a message, so nothing is left to await here (and the bundled
// Electron build, which is CommonJS, has no top-level await).
void run(workerData as WorkerJob);
