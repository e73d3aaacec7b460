/**
 * Why a KPI has no figure, in the user's words: the dataset or field it lacks and how to get it in, a
 * field no counted row fills, a period with nothing to divide by. The engine picks the cause; these
 * say it, alike in the app, the CLI and the report.
 */
import { dataset, datasets, type DatasetName } from '../datasets/catalog';
import { datasetWords, fieldLabel, fieldWords, recordNoun, recordsWords } from '../datasets/words';
import { periodLabel, type Period } from '../periods';

export const settingHints = {
  seats: 'set the number of licensed CRM seats in Settings',
  crm_gain: 'set the gain attributed to the CRM in Settings',
} as const;

/** A dataset with no rows: "needs web traffic: import daily web analytics (...)", how to get it in from its declaration. */
export const datasetReason = (ds: DatasetName): string => `needs ${datasetWords(ds)}: ${dataset(ds).hint}`;

/** A setting left empty: what to set, and where. */
export const settingReason = (s: keyof typeof settingHints): string => `needs a setting: ${settingHints[s]}`;

/**
 * A field no record of the dataset fills (not mapped at import, or empty in the export):
 * "needs the deals' Deal type: none of the 1,200 deals has one; map a column to Deal type when importing".
 */
export function fieldReason(ds: DatasetName, options: readonly string[], rows: number): string {
  const labels = options.map((f) => fieldLabel(ds, f)).join(' or ');
  const owned = `${fieldWords(ds, options[0]!)}${
    options.length > 1
      ? ` or ${options
          .slice(1)
          .map((f) => fieldLabel(ds, f))
          .join(' or ')}`
      : ''
  }`;
  const none = rows === 1 ? `the only ${recordNoun(ds, 1)} has none` : `none of the ${recordsWords(ds, rows)} has one`;
  return `needs ${owned}: ${none}; map a column to ${labels} when importing`;
}

/**
 * A figure that would be a sum of nothing: the rows it counts are there, but none has a value in the
 * field it adds up ("none of the 2,084 open deals has a value for Amount ...").
 */
export function emptyFieldReason(ds: DatasetName, fieldName: string, count: number, rows: readonly [string, string] | undefined): string {
  const noun = rows ? rows[count === 1 ? 0 : 1] : recordNoun(ds, count);
  const label = fieldLabel(ds, fieldName);
  const none = count === 1 ? `the only ${noun} has no value for ${label}` : `none of the ${count.toLocaleString('en-US')} ${noun} has a value for ${label}`;
  return `${none}: if the export has a column with ${count === 1 ? 'it' : 'them'}, map it to ${label} when importing`;
}

/** A segment field inside a sentence: "owner", "stage" (its label, as every dataset having it names it alike). */
export function splitWords(segment: string): string {
  const label = datasets.flatMap((d) => d.fields).find((f) => f.name === segment && f.segment)?.label ?? segment;
  return label.toLowerCase();
}

/** Another KPI this one is built from has no figure: its name and why ("needs CLV, which needs ARPU (...)"). */
export const kpiReason = (name: string, reason: string): string =>
  reason.startsWith('needs ') ? `needs ${name}, which ${reason}` : `needs ${name} (${reason})`;

/** A KPI that adds up days or months of a dated period, asked for All time. */
export const datedPeriodReason = 'needs a month, quarter, year or date range: All time has no length to count';

/** A KPI none of whose ways is defined over All time. */
export const notAllTimeReason = (name: string): string => `${name} is not defined over All time: choose a month, quarter, year or date range`;

/** A KPI whose only way is for data without dates, asked for a dated period. */
export const onlyAllTimeReason = 'is only defined over All time (the data it needs has no dates): choose All time';

/**
 * A KPI's sentence about its period ("no leads were created in {period}") for one period: its label
 * ("in Q2 2017"), and over All time "in any period", as a period of every row has no name.
 */
export function inPeriod(template: string, p: Period): string {
  if (p.kind === 'all') return template.replace(/\b(in|within|during) \{period\}/g, 'in any period').replaceAll('{period}', periodLabel(p));
  return template.replaceAll('{period}', periodLabel(p));
}

/**
 * Why a KPI of a month or quarter has nothing from data whose rows have no dates (a snapshot export),
 * instead of a mapping hint such a file cannot satisfy: where it does count, or what would count.
 */
export const datelessHint = (ds: DatasetName, inAllTime: boolean): string =>
  inAllTime
    ? `the ${datasetWords(ds)} data has no dates: see All time`
    : `the ${datasetWords(ds)} data has no dates, and a month or quarter counts rows by their dates: import a ${datasetWords(ds)} export that has them`;
