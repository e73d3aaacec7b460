/**
 * Undoing an import that later imports of the same dataset came after: those later imports compared
 * their rows with what this one had written, and a record they found as it was wrote no version of
 * its own. With this import undone, such a record has its values from before it again. Said before
 * the undo (the app asks) and after it (the CLI), so that the newest-first order that keeps every
 * figure exactly is a choice, not a surprise.
 */
import type { BatchInfo } from './api';

/** The batches of the same dataset imported after `batch`. */
export const laterImports = (batch: BatchInfo, all: readonly BatchInfo[]): BatchInfo[] => all.filter((b) => b.dataset === batch.dataset && b.id > batch.id);

export function undoCaution(batch: BatchInfo, all: readonly BatchInfo[]): string | null {
  const later = laterImports(batch, all);
  if (later.length === 0) return null;
  const ids = later.map((b) => b.id);
  const named = ids.length === 1 ? `batch ${ids[0]}` : `batches ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  return (
    `${named} of ${batch.dataset} came after it: a record ${ids.length === 1 ? 'that import' : 'those imports'} found as this one had left it ` +
    `goes back to its values from before this import. Undo from the newest import back to keep every figure exactly.`
  );
}
