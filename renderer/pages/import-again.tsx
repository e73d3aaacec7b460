/**
 * The Check step's words for a file the workbook has seen before: which import it was, when, and
 * what importing it again would do to the records, so that the one action offered is the right one.
 */
import type { EarlierImport, ImportResult } from '../../shared/api';
import { dataset as datasetDef, field } from '../../shared/datasets/catalog';
import type { DatasetName } from '../../shared/datasets/catalog';

const count = (n: number, one: string, many: string, locale: string) => `${n.toLocaleString(locale)} ${n === 1 ? one : many}`;

/** The ID columns a dataset's rows are matched by, as the user knows them: "Deal ID", "Order ID or Line ID". */
export function idNames(name: DatasetName): string {
  const labels = datasetDef(name)
    .key.fields.map((f) => field(name, f))
    .filter((f) => f?.type === 'id')
    .map((f) => f!.label);
  return labels.length ? labels.join(' or ') : 'ID';
}

/** The day of an import, as the user's locale writes a date. */
const dayOf = (importedAt: string, locale: string): string => {
  const d = new Date(importedAt);
  return Number.isNaN(d.getTime()) ? importedAt.slice(0, 10) : d.toLocaleDateString(locale, { dateStyle: 'long' });
};

/** Whether importing the file again only adds its rows a second time: it has no ID to match them by. */
export const addsTwice = (earlier: EarlierImport | null, preview: ImportResult | null): boolean => earlier !== null && preview?.identity === null;

export function ImportedBefore({ earlier, preview: r, locale }: { earlier: EarlierImport; preview: ImportResult; locale: string }) {
  const n = (v: number) => v.toLocaleString(locale);
  const before = `You imported this file before: batch ${earlier.batch}, on ${dayOf(earlier.importedAt, locale)} (${count(earlier.rows, 'row', 'rows', locale)}).`;
  let again: string;
  if (r.identity === null)
    again =
      `Its rows have no ${idNames(r.dataset)} to match them by, so importing it again would add every one of its ${count(r.added, 'row', 'rows', locale)} a second time, ` +
      'and the KPIs would count each twice.';
  else if (r.added + r.changed + r.removed === 0)
    again = `The workbook has ${r.unchanged === 1 ? 'its one record as this file has it' : `all ${n(r.unchanged)} of its records as this file has them`}: importing it again would change nothing.`;
  else {
    const parts = [
      r.added && `add ${count(r.added, 'record', 'records', locale)}`,
      r.changed && `change ${n(r.changed)}`,
      r.removed && `remove ${n(r.removed)}`,
    ];
    again = `Importing it again brings the workbook's records up to this file's values: it would ${parts.filter(Boolean).join(', ')}.`;
  }
  return (
    <div class={`notice ${r.identity === null ? 'warn' : 'ok'} imported-before`} role="status">
      <p>{before}</p>
      <p>{again}</p>
    </div>
  );
}
