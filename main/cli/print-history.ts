import type { RecordHistory, RecordVersion } from '../../shared/api';
import { dataset, field } from '../../shared/datasets/catalog';
import { describeFieldChange, recordName, shownValue } from '../../shared/datasets/changes';

/** What a version says against the one before it: its changed fields, or (the first) its values besides the key. */
function versionWords(h: RecordHistory, v: RecordVersion, previous: RecordVersion | undefined): string {
  const label = (f: string) => field(h.dataset, f)?.label ?? f;
  // The record's key is in the heading already.
  const key = new Set(dataset(h.dataset).key.fields);
  if (!previous)
    return Object.entries(v.values)
      .filter(([f, x]) => x !== null && !key.has(f))
      .map(([f, x]) => `${label(f)} ${shownValue(x)}`)
      .join(', ');
  if (v.changed.length === 0) return 'the same values again';
  return v.changed.map((f) => describeFieldChange({ field: f, label: label(f), from: previous.values[f] ?? null, to: v.values[f] ?? null })).join(', ');
}

/**
 * "Deal ID D-1 (deals): 3 versions, oldest first." then one line per version — its dates, its batch
 * and what changed — and a line where a complete export removed the record.
 */
export function printHistory(h: RecordHistory): string {
  const lines = [`${recordName(h.dataset, h.key)} (${h.dataset}): ${h.versions.length === 1 ? '1 version' : `${h.versions.length} versions, oldest first`}.`];
  const when = (v: RecordVersion) => `${v.valid_from} to ${v.valid_to ?? 'now'}`;
  const width = Math.max(...h.versions.map((v) => when(v).length));
  h.versions.forEach((v, i) => {
    const next = h.versions[i + 1];
    lines.push(`  ${when(v).padEnd(width)}  batch ${v.batch}  ${versionWords(h, v, h.versions[i - 1])}`);
    if (v.ended_by !== null && v.ended_by !== next?.batch)
      lines.push(`  ${v.valid_to!.padEnd(width)}  batch ${v.ended_by}  removed: a complete export without it`);
  });
  return lines.join('\n');
}
