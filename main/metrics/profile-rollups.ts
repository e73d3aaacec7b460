/**
 * The rollups of the data profile: records per dataset, the latest event date, filled cells per
 * optional field.
 */
import type { Settings } from '../../shared/api';
import { dataset, storedFields, type DatasetName } from '../../shared/datasets/catalog';
import { dayOf, fieldIndex, textOf, type Value } from './compile';
import { defineRollup, type Rows, type RollupDef } from './accumulate';

/** Optional fields, whose filled cells make up data completeness. */
export const optionalFields = (ds: DatasetName): string[] =>
  storedFields(ds)
    .filter((f) => !f.required && !f.derived)
    .map((f) => f.name);

/** Records: `[[rows]]`. */
export function rowsRollupDef(ds: DatasetName, settings: Settings): RollupDef {
  return defineRollup(ds, { kind: 'rows' }, settings, null, [], (sign) => {
    let n = 0;
    return { add: () => void n++, rows: (): Rows => (n ? [[sign * n]] : []) };
  });
}

/**
 * The latest event dates: `[[max per event date]]`. A batch's ended versions add nothing: the latest
 * day any export recorded stays the latest, even when a newer export moved a record's date back.
 */
export function latestRollupDef(ds: DatasetName, settings: Settings): RollupDef {
  return defineRollup(ds, { kind: 'latest', dates: dataset(ds).events }, settings, null, [], (sign) => {
    const index = fieldIndex(ds);
    const dates = dataset(ds).events.map((e) => ({
      at: index(e.field),
      status: e.whenStatus ? { at: index('status'), in: new Set(e.whenStatus) } : null,
      max: null as string | null,
    }));
    let n = 0;
    return {
      add(vs: readonly Value[], at: number) {
        n++;
        for (const d of dates) {
          if (d.status) {
            const s = textOf(vs[at + d.status.at]!);
            if (s === null || !d.status.in.has(s)) continue;
          }
          const v = dayOf(vs[at + d.at]!);
          if (v !== null && (d.max === null || v > d.max)) d.max = v;
        }
      },
      rows: (): Rows => (n && sign > 0 ? [dates.map((d) => d.max)] : []),
    };
  });
}

/** Filled cells per optional field: `[[count per field]]`. */
export function filledRollupDef(ds: DatasetName, settings: Settings): RollupDef {
  return defineRollup(ds, { kind: 'filled', fields: optionalFields(ds) }, settings, null, [], (sign) => {
    const index = fieldIndex(ds);
    const optional = optionalFields(ds).map(index);
    const filled = new Array<number>(optional.length).fill(0);
    let n = 0;
    return {
      add(vs: readonly Value[], at: number) {
        n++;
        for (let k = 0; k < optional.length; k++) if (vs[at + optional[k]!] !== null) filled[k]!++;
      },
      rows: (): Rows => (n ? [filled.map((c) => sign * c)] : []),
    };
  });
}
