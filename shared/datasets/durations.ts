/**
 * Timestamps an export writes only as durations, from the catalogue's `durations`: which column
 * detection maps for a field the export has no time of, which mapped column is read as one, and what
 * the wizard and the import say about them.
 */
import { type DatasetName, type DurationColumn, type DurationUnit, dataset as datasetDef, field as fieldDef } from './catalog';
import type { ImportPlan, PlannedColumn } from './columns';
import { headerKey } from './headers';

type CalendarDuration = Extract<DurationColumn, { readonly base: string }>;
type BusinessDuration = Extract<DurationColumn, { readonly businessHours: true }>;

export const unitSeconds: Readonly<Record<DurationUnit, number>> = { minutes: 60 };

const declared = (name: DatasetName): readonly DurationColumn[] => datasetDef(name).durations ?? [];
const calendar = (name: DatasetName): CalendarDuration[] => declared(name).filter((d): d is CalendarDuration => 'base' in d);
const business = (name: DatasetName): BusinessDuration[] => declared(name).filter((d): d is BusinessDuration => 'businessHours' in d);
const label = (name: DatasetName, fieldName: string): string => fieldDef(name, fieldName)?.label ?? fieldName;

/** The duration a column stands for when mapped to this field, or undefined for an ordinary column. */
export function durationOf(name: DatasetName, header: string, fieldName: string): CalendarDuration | undefined {
  const key = headerKey(header);
  return calendar(name).find((d) => d.field === fieldName && headerKey(d.header) === key);
}

/**
 * Columns to map as durations on top of a detected mapping: one for each field the mapping lacks
 * whose base it has (a timestamp column of the field, when there is one, is always read instead).
 */
export function durationMapping(name: DatasetName, headers: readonly string[], mapping: ReadonlyMap<number, string>): [number, string][] {
  const fields = new Set(mapping.values());
  const out: [number, string][] = [];
  for (const d of calendar(name)) {
    if (fields.has(d.field) || !fields.has(d.base)) continue;
    const index = headers.findIndex((h, i) => !mapping.has(i) && headerKey(h) === headerKey(d.header));
    if (index < 0) continue;
    out.push([index, d.field]);
    fields.add(d.field);
  }
  return out;
}

/** Why a business-hour duration in the file is not read, for each field that stays empty for it. */
export function businessHourNotes(name: DatasetName, headers: readonly string[], covered: ReadonlySet<string>): string[] {
  const keys = new Map(headers.map((h) => [headerKey(h), h.trim()]));
  return business(name)
    .filter((d) => !covered.has(d.field) && keys.has(headerKey(d.header)))
    .map(
      (d) =>
        `"${keys.get(headerKey(d.header))}" counts business hours (the clock stops outside working hours), but ${label(name, d.field)} is measured in calendar hours, ` +
        `so it stays empty: include the ${label(name, d.field).toLowerCase()} date and time in the export to get it`,
    );
}

type DurationRead = PlannedColumn & { readonly duration: NonNullable<PlannedColumn['duration']> };
const isDuration = (c: PlannedColumn): c is DurationRead => c.duration !== undefined;

/** The base a duration column is added to, and what of it: '"Created at" + these minutes'. */
function addedTo(plan: ImportPlan, col: DurationRead, what: string): string {
  const base = plan.columns.find((c) => c.field === col.duration.base);
  return `${base ? `"${base.header}"` : `${label(plan.dataset, col.duration.base)} (one value for every row)`} + ${what}`;
}

/** For the column at this index, what its timestamps are derived from, or null when it is read as written. */
export function derivedFrom(plan: ImportPlan, index: number): string | null {
  const col = plan.columns.find((c) => c.index === index);
  return col && isDuration(col) ? addedTo(plan, col, `these ${col.duration.unit}`) : null;
}

/** One sentence per field the import derives from a duration, for the import's result. */
export function durationNotes(plan: ImportPlan): string[] {
  return plan.columns
    .filter(isDuration)
    .map((c) => `${label(plan.dataset, c.field)} is derived from ${addedTo(plan, c, `the ${c.duration.unit} in "${c.header}"`)}`);
}
