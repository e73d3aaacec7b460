/**
 * What an import changes in a record, field by field, and how that is said: "Deal ID D-4471: Stage
 * Contract Sent → Closed Won, Amount 12,000 → 12,500". The CLI and the import wizard say it alike.
 */
import type { FieldChange, RecordChange } from '../api';
import { dataset as datasetDef, storedFields, type DatasetName } from './catalog';
import { KEY_SEPARATOR, type StoredValue } from './identity';

/** The fields whose stored values differ between two versions of a record (storedFields order). */
export function diffRecord(dataset: DatasetName, before: readonly StoredValue[], after: readonly StoredValue[]): FieldChange[] {
  const out: FieldChange[] = [];
  storedFields(dataset).forEach((f, i) => {
    const [a, b] = [before[i] ?? null, after[i] ?? null];
    if (a !== b) out.push({ field: f.name, label: f.label, from: a, to: b });
  });
  return out;
}

/** A key as a person reads it: its parts joined with " / ", empty parts left out. */
export const shownKey = (key: string): string =>
  key
    .split(KEY_SEPARATOR)
    .filter((p) => p !== '')
    .join(' / ');

export const shownValue = (v: string | number | null): string =>
  v === null ? '(empty)' : typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }) : v;

/** "Deal ID D-4471", or "Record 2026-01-05 / Ads" for a key of several parts. */
export function recordName(dataset: DatasetName, key: string): string {
  const def = datasetDef(dataset);
  const label = def.key.fields.length === 1 ? (def.fields.find((f) => f.name === def.key.fields[0])?.label ?? 'Record') : 'Record';
  return `${label} ${key}`;
}

/** "Stage Contract Sent → Closed Won". */
export const describeFieldChange = (f: FieldChange): string => `${f.label} ${shownValue(f.from)} → ${shownValue(f.to)}`;

/** "Deal ID D-4471: Stage Contract Sent → Closed Won, Amount 12,000 → 12,500". */
export function describeRecordChange(dataset: DatasetName, c: RecordChange): string {
  return `${recordName(dataset, c.key)}: ${c.fields.map(describeFieldChange).join(', ')}`;
}

/**
 * An export older than the newest one imported: what that means. The import says it, and the wizard
 * beside its as-of date (leaving it out of the import's notes, so that it is said once).
 */
export function pastNote(dataset: DatasetName, asOf: string, newest: string, complete: boolean): string {
  return (
    `This export shows ${dataset} as of ${asOf}, before the newest import (${newest}): its values are kept as they were then, and the current values stay those of the newer export.` +
    (complete ? ' As a complete export it removes nothing: a newer export had those records.' : '')
  );
}
