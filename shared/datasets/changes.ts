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

const shownValue = (v: string | number | null): string => (v === null ? '(empty)' : typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }) : v);

/** "Deal ID D-4471: Stage Contract Sent → Closed Won, Amount 12,000 → 12,500". */
export function describeRecordChange(dataset: DatasetName, c: RecordChange): string {
  const keyLabel = datasetDef(dataset).key.fields.length === 1 ? (datasetDef(dataset).fields.find((f) => f.name === datasetDef(dataset).key.fields[0])?.label ?? 'Record') : 'Record';
  return `${keyLabel} ${c.key}: ${c.fields.map((f) => `${f.label} ${shownValue(f.from)} → ${shownValue(f.to)}`).join(', ')}`;
}
