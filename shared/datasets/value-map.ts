/**
 * The value mapping of an import. Some fields hold one of a few values that exports write as labels of
 * their own: a deal's stage or status (won, lost or open), its deal type, a ticket's status, a survey's
 * kind, a spend category, a yes/no flag. An import counts every distinct label of those columns over
 * the whole file, says how each is read, and reads a label the way the user chose when they chose. An
 * optional field's value that cannot be read is left empty, and said once per column.
 */
import { type DatasetName, type FieldType, dataset as datasetDef } from './catalog';
import { type Cell, cellText, isMissing, squash } from './cell';
import type { ImportPlan, PlannedColumn } from './columns';
import { type LabelMap, enumField, parseEnum, parseFlag, parseStage } from './labels';

/** A field read from labels: the values a label can be read as, and whether a row needs one. */
export interface LabelField {
  /** The field the labels are read into: a deal's stage labels are read into its status. */
  readonly field: string;
  readonly label: string;
  readonly choices: readonly string[];
  readonly required: boolean;
}

/** Every distinct label a field's columns hold in the file, with its rows and how the import reads it. */
export interface ValueLabels extends LabelField {
  /** The file's columns the labels come from. */
  readonly columns: string[];
  /** Most rows first. `value` is null for a label the import cannot read: left empty, or the row rejected when required. */
  readonly values: { label: string; rows: number; value: string | null }[];
  /** Rows whose labels are past the first DISTINCT_LIMIT distinct ones (a column of free text mapped to a label field). */
  readonly otherRows: number;
}

const flagChoices = ['yes', 'no'] as const;

const isFlag = (dataset: DatasetName, fieldName: string): boolean => datasetDef(dataset).fields.some((f) => f.name === fieldName && f.type === 'flag');

/** The label field a column mapped to `fieldName` feeds, or null when its values are not labels. */
export function labelField(dataset: DatasetName, fieldName: string): LabelField | null {
  const def = datasetDef(dataset);
  if (dataset === 'deals' && (fieldName === 'stage' || fieldName === 'status')) {
    return { field: 'status', label: 'Status', choices: ['won', 'lost', 'open'], required: true };
  }
  const f = def.fields.find((x) => x.name === fieldName);
  if (!f || f.derived) return null;
  if (f.type === 'flag') return { field: f.name, label: f.label, choices: flagChoices, required: f.required === true };
  if (f.type === 'enum' && f.values && enumField(dataset, f.name)) return { field: f.name, label: f.label, choices: f.values, required: f.required === true };
  return null;
}

/** The label fields a mapping feeds, each once. */
export function labelFieldsOf(dataset: DatasetName, mapped: Iterable<string>): LabelField[] {
  const out = new Map<string, LabelField>();
  for (const f of mapped) {
    const lf = labelField(dataset, f);
    if (lf && !out.has(lf.field)) out.set(lf.field, lf);
  }
  return [...out.values()];
}

/** An entry of the user's value mapping: field, label as written, value. */
export type ValueEntry = readonly [string, string, string];

/**
 * The user's readings as the readers take them (field -> squashed label -> value). An entry for a field
 * that is not a label field, or with a value the field does not have, is the error returned; `lenient`
 * drops such entries instead (readings remembered from an earlier file of other columns).
 */
export function labelMaps(
  dataset: DatasetName,
  entries: readonly ValueEntry[],
  lenient = false,
): { ok: true; maps: Map<string, Map<string, string>> } | { ok: false; error: string } {
  const maps = new Map<string, Map<string, string>>();
  for (const [fieldName, label, value] of entries) {
    const lf = labelField(dataset, fieldName);
    const entry = `the reading of ${lf?.field === fieldName ? lf.label : fieldName} "${label}" as "${value}"`;
    if (!lf || lf.field !== fieldName) {
      if (lenient) continue;
      const fields = datasetDef(dataset)
        .fields.map((f) => labelField(dataset, f.name)?.field)
        .filter((f, i, all): f is string => f !== undefined && all.indexOf(f) === i);
      return { ok: false, error: `${entry}: ${dataset} has no label field "${fieldName}" (its label fields: ${fields.join(', ')})` };
    }
    if (!lf.choices.includes(value)) {
      if (lenient) continue;
      return { ok: false, error: `${entry}: "${value}" is not a ${lf.label.toLowerCase()} value; give one of ${lf.choices.join(', ')}` };
    }
    const key = squash(label);
    if (key === '') continue;
    let m = maps.get(fieldName);
    if (!m) maps.set(fieldName, (m = new Map()));
    m.set(key, value);
  }
  return { ok: true, maps };
}

/** How the import reads a label of a label field: its value, or null when it cannot. */
export function readLabel(dataset: DatasetName, field: string, label: string, labels: ReadonlyMap<string, LabelMap> | undefined): string | null {
  const chosen = labels?.get(field);
  if (dataset === 'deals' && field === 'status') {
    const r = parseStage(label, chosen);
    return r.ok ? r.value : null;
  }
  const lf = labelField(dataset, field);
  if (!lf) return null;
  if (isFlag(dataset, field)) {
    const r = parseFlag(label, chosen);
    return r.ok ? (r.value === 1 ? 'yes' : 'no') : null;
  }
  const key = enumField(dataset, field);
  const r = key ? parseEnum(label, key, chosen) : null;
  return r?.ok ? r.value : null;
}

/** Distinct labels counted per field; more are only counted as rows (they would be free text, not labels). */
const DISTINCT_LIMIT = 1_000;

/** A column's values left empty: how many, and the first few distinct ones with the row each was first in. */
export interface LeftEmpty {
  readonly column: string;
  readonly field: string;
  /** How the column was read ('number' for a duration column of a date-time field). */
  readonly type: FieldType;
  count: number;
  readonly samples: { row: number; value: string }[];
}

/** What a pass over a file tallied, as plain data (it crosses from the import worker). */
export interface TallyEnd {
  readonly labels: { field: string; columns: string[]; rows: [string, number][]; otherRows: number }[];
  readonly leftEmpty: LeftEmpty[];
}

const SAMPLES = 5;

/** One field's labels as written, each with its rows (an object, so a repeat costs one lookup). */
interface FieldCount {
  readonly columns: Set<string>;
  readonly rows: Map<string, { n: number }>;
  otherRows: number;
}

/** Counts a pass's labels and the values it left empty. */
export class ValueTally {
  private readonly counts = new Map<string, FieldCount>();
  private readonly empties = new Map<string, LeftEmpty>();

  /**
   * The counter of one row's labels under a plan: for each label field, the label its row is read
   * from (a deal's status column, else its stage column). Called for every row of a file, so the
   * fields and columns are looked up once here.
   */
  counter(plan: ImportPlan): (cells: readonly Cell[]) => void {
    const byField = new Map<string, PlannedColumn[]>();
    for (const col of plan.columns) {
      const lf = labelField(plan.dataset, col.field);
      if (!lf) continue;
      const cols = byField.get(lf.field) ?? [];
      if (col.field === lf.field) cols.unshift(col);
      else cols.push(col);
      byField.set(lf.field, cols);
    }
    const sources = [...byField].map(([field, columns]) => {
      let c = this.counts.get(field);
      if (!c) this.counts.set(field, (c = { columns: new Set(), rows: new Map(), otherRows: 0 }));
      return { count: c, columns, used: columns.map(() => false) };
    });
    return (cells) => {
      for (const s of sources) {
        for (let i = 0; i < s.columns.length; i++) {
          const col = s.columns[i]!;
          const cell = cells[col.index] ?? null;
          if (isMissing(cell)) continue;
          if (!s.used[i]) {
            s.used[i] = true;
            s.count.columns.add(col.header);
          }
          // As written: grouping spellings (squash) per cell would cost more than the rest of the count.
          const text = typeof cell === 'string' ? cell : cellText(cell);
          const seen = s.count.rows.get(text);
          if (seen !== undefined) seen.n++;
          else if (s.count.rows.size < DISTINCT_LIMIT) s.count.rows.set(text, { n: 1 });
          else s.count.otherRows++;
          break;
        }
      }
    };
  }

  leaveEmpty(col: PlannedColumn, row: number, cell: Cell): void {
    let e = this.empties.get(col.header);
    if (!e) this.empties.set(col.header, (e = { column: col.header, field: col.field, type: col.type, count: 0, samples: [] }));
    e.count++;
    const value = cellText(cell);
    if (e.samples.length < SAMPLES && !e.samples.some((s) => s.value === value))
      e.samples.push({ row, value: value.length > 100 ? `${value.slice(0, 100)}…` : value });
  }

  end(): TallyEnd {
    return {
      labels: [...this.counts].map(([field, c]) => ({
        field,
        columns: [...c.columns],
        rows: [...c.rows].map(([text, { n }]): [string, number] => [text, n]),
        otherRows: c.otherRows,
      })),
      leftEmpty: [...this.empties.values()],
    };
  }
}

/** Most rows first, then by label; spellings that differ in case or punctuation only are one label. */
export function valueLabels(plan: ImportPlan, end: TallyEnd): ValueLabels[] {
  const out: ValueLabels[] = [];
  for (const lf of labelFieldsOf(
    plan.dataset,
    plan.columns.map((c) => c.field),
  )) {
    const counted = end.labels.find((l) => l.field === lf.field);
    const groups = new Map<string, { spellings: Map<string, number>; rows: number }>();
    for (const [text, rows] of counted?.rows ?? []) {
      const label = text.trim();
      const key = squash(label);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { spellings: new Map(), rows: 0 }));
      g.rows += rows;
      g.spellings.set(label, (g.spellings.get(label) ?? 0) + rows);
    }
    const values = [...groups.values()]
      .map((g) => {
        const label = [...g.spellings].sort((a, b) => b[1] - a[1])[0]![0];
        return { label, rows: g.rows, value: readLabel(plan.dataset, lf.field, label, plan.settings.labels) };
      })
      .sort((a, b) => b.rows - a.rows || a.label.localeCompare(b.label));
    out.push({ ...lf, columns: counted?.columns ?? [], values, otherRows: counted?.otherRows ?? 0 });
  }
  return out;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Why a column's values could not be read, for a sentence about all of them ("because they are not dates"). */
function notWhat(dataset: DatasetName, e: LeftEmpty, one: boolean): string {
  const lf = labelField(dataset, e.field);
  if (isFlag(dataset, e.field)) return one ? 'a yes/no value' : 'yes/no values';
  if (lf) return `a ${lf.label.toLowerCase()} (${lf.choices.join(', ')})`;
  if (e.type === 'date') return one ? 'a date' : 'dates';
  if (e.type === 'datetime') return one ? 'a date or a time' : 'dates or times';
  if (e.type === 'period') return one ? 'a date or a period' : 'dates or periods';
  return one ? 'a number' : 'numbers';
}

/**
 * One warning per column whose values were left empty: how many, why, a few of them with their rows, and
 * what to do ('Column "Type": 73 values left empty because they are not a deal type (new, upsell,
 * renewal), e.g. row 4 "Existing Customer - Replacement" ...').
 */
export function leftEmptyWarnings(dataset: DatasetName, leftEmpty: readonly LeftEmpty[]): string[] {
  return leftEmpty.map((e) => {
    const one = e.count === 1;
    const lf = labelField(dataset, e.field);
    const samples = e.samples.map((s) => `row ${s.row} "${s.value}"`).join(', ');
    const more = e.count > e.samples.length ? ', …' : '';
    const todo = lf
      ? `To keep ${one ? 'it' : 'them'}, choose what ${one ? 'its label means' : 'each label means'} in the import's value mapping.`
      : `To keep ${one ? 'it' : 'them'}, correct the file and import it again.`;
    return (
      `Column "${e.column}": ${count(e.count)} ${one ? 'value' : 'values'} left empty because ${one ? 'it is' : 'they are'} not ${notWhat(dataset, e, one)}, ` +
      `${one ? '' : 'e.g. '}${samples}${more}. ${todo}`
    );
  });
}
