/** Datasets and fields in the catalogue's words (Deals, Closed), never their column names (closed_at). */
import { dataset, field, isDatasetName } from '../shared/datasets/catalog';
import { movementColumnLabels } from '../shared/metrics/movements';

/**
 * A column of a dataset's table as its header reads; the columns the rows behind a movement add (its
 * step, MRR or stage at both ends) by their own words; any other keeps its name.
 */
export function columnLabel(ds: string | null | undefined, column: string): string {
  const own = ds && isDatasetName(ds) ? field(ds, column)?.label : undefined;
  return own ?? movementColumnLabels[column] ?? column;
}

/** What a KPI reads, from its catalogue needs: `Deals (Status, Closed)`; `a|b` reads either field. */
export function dataUsed(needs: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(needs)
    .map(([ds, fields]) => {
      const name = isDatasetName(ds) ? dataset(ds).label : ds;
      return `${name} (${fields
        .map((f) =>
          f
            .split('|')
            .map((one) => columnLabel(ds, one))
            .join(' or '),
        )
        .join(', ')})`;
    })
    .join('; ');
}
