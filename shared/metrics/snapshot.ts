/**
 * Data without dates (a customer list as it stands today, a survey export without response times)
 * counts in period all only: a month or quarter places rows by their dates. An import says so at
 * once, with the KPIs such a file gives there, so that nobody waits for it in a quarter.
 */
import { dataset as datasetDef, type DatasetName, type FieldType } from '../datasets/catalog';
import { catalogue } from './index';
import { datasetWords, recordNoun } from '../datasets/words';

const dateTypes: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'period']);

/** The dataset's fields that place a row in time. */
export const dateFields = (name: DatasetName): string[] =>
  datasetDef(name)
    .fields.filter((f) => dateTypes.has(f.type) && !f.derived)
    .map((f) => f.name);

/** "a", "a and b", "a, b and c". */
const listed = (parts: readonly string[]): string => (parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`);

/** The KPIs this dataset gives in period all from these fields alone. */
function allTimeKpis(name: DatasetName, written: ReadonlySet<string>): string[] {
  return catalogue
    .filter((m) =>
      m.ways.some((w) => {
        const needs = Object.entries(w.needs);
        return (
          w.when !== 'dated' &&
          needs.length > 0 &&
          needs.every(([ds, fields]) => ds === name && fields.every((alt) => alt.split('|').some((f) => written.has(f))))
        );
      }),
    )
    .map((m) => m.name);
}

/**
 * What an import of a dataset gives when none of its date fields has a value (`written`: the fields
 * that do), or null when it has dates or its dataset has none to have.
 */
export function snapshotNote(name: DatasetName, written: ReadonlySet<string>): string | null {
  const fields = dateFields(name);
  if (fields.length === 0 || fields.some((f) => written.has(f))) return null;
  const labels = fields.map((f) => datasetDef(name).fields.find((x) => x.name === f)!.label);
  const kpis = allTimeKpis(name, written);
  const dates = `No column gives these ${recordNoun(name, 2)} a date (${listed(labels)})`;
  return kpis.length
    ? `Snapshot: KPIs in period All time only. ${dates}, so they count in All time, where they give ${listed(kpis)}, and in no month, quarter or year.`
    : `Snapshot: no KPI. ${dates}, so they count in period All time only, and the KPIs built from ${datasetWords(name)} need their dates.`;
}
