/**
 * Datasets, their records and fields named as a person reads them in a sentence, from the
 * declarations' labels and record nouns: "web traffic", "2,084 deals", "the deals' Deal type". The
 * app, the CLI and the report say them alike.
 */
import { dataset, field, isDatasetName, type DatasetName } from './catalog';

/** "1 deal", "2,084 deals": a count with its noun in the right number. */
export function countWords(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The noun for n records of a dataset: "deal" for one, "deals" for any other count. */
export function recordNoun(ds: DatasetName, n: number): string {
  return dataset(ds).record[n === 1 ? 0 : 1];
}

/** "2,084 deals", "1 survey response": a count of a dataset's records. */
export function recordsWords(ds: DatasetName, n: number): string {
  return `${n.toLocaleString('en-US')} ${recordNoun(ds, n)}`;
}

/** The dataset's label inside a sentence: "deals", "web traffic", "CRM usage" (an acronym keeps its capitals). */
export function datasetWords(ds: DatasetName): string {
  const label = dataset(ds).label;
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** A field's label ("Deal type"), or its name when the catalogue has no such field. */
export function fieldLabel(ds: DatasetName, name: string): string {
  return field(ds, name)?.label ?? name;
}

/**
 * "deals.deal_type" (or the dataset and field apart) as "the deals' Deal type"; "web_traffic.sessions"
 * as "the web traffic's Sessions". A key the catalogue does not know is returned as it is.
 */
export function fieldWords(key: string, name?: string): string {
  const [ds, f] = name === undefined ? key.split('.', 2) : [key, name];
  if (!ds || !f || !isDatasetName(ds)) return name === undefined ? key : `${key}.${name}`;
  const owner = datasetWords(ds);
  return `the ${owner}${owner.endsWith('s') ? "'" : "'s"} ${fieldLabel(ds, f)}`;
}
