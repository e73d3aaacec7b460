/**
 * Which source header means which field, per dataset, from the headers each field declares (the
 * vendors' documented export columns and real exported files; shared/datasets/declare/). Headers
 * are compared by headerKey, so 'Close Date', 'close_date', 'CloseDate', 'CLOSE_DATE' and Pipedrive's
 * 'Deal - Close date' are one spelling; within a field the earlier spelling wins.
 */
import { type DatasetName, datasets, mappableFields } from './catalog';
import { squash } from './cell';

/** An object prefix the CRM puts before every column (Pipedrive 'Deal - Value', Czech 'Obchod - Hodnota'). */
const objectPrefix = /^\s*(?:deal|opportunity|obchod|geschäft)\s*-\s*/i;
/** Chargebee's table prefix ('subscriptions.plan_unit_price'). */
const tablePrefix = /^\s*subscriptions\./i;
/** A currency code in brackets after an amount header ('Amount spent (EUR)'), or Stripe's time zone ('Created (UTC)'). */
const currencySuffix = /\s*\([A-Za-z]{3}\)\s*$/;

/**
 * The comparison key of a header: object prefix and bracketed currency dropped, then squashed; a
 * header of punctuation only (Typeform's '#') is compared as written.
 */
export function headerKey(header: string): string {
  const bare = header.replace(/^\ufeff/, '');
  return squash(bare.replace(objectPrefix, '').replace(tablePrefix, '').replace(currencySuffix, '')) || bare.trim();
}

interface Spelling {
  readonly field: string;
  /** Position in the field's list: lower is preferred. */
  readonly rank: number;
}

const lookup = new Map<DatasetName, Map<string, Spelling>>();
/** In how many datasets a key names a field: a header only one dataset knows says more. */
const spread = new Map<string, number>();

for (const { name } of datasets) {
  const table = new Map<string, Spelling>();
  for (const f of mappableFields(name)) {
    (f.headers ?? []).forEach((spelling, rank) => {
      const key = headerKey(spelling);
      const prior = table.get(key);
      if (prior && prior.field !== f.name) throw new Error(`header "${spelling}" names both ${prior.field} and ${f.name} in ${name}`);
      if (!prior) table.set(key, { field: f.name, rank });
    });
  }
  // The app's own field names and labels always work too (a file exported from one workbook and
  // imported into another, or a sheet a user laid out with the wizard's names), after the vendors' spellings.
  for (const f of mappableFields(name)) {
    for (const spelling of [f.name, f.label]) {
      const key = headerKey(spelling);
      if (!table.has(key)) table.set(key, { field: f.name, rank: 100 });
    }
  }
  lookup.set(name, table);
  for (const key of table.keys()) spread.set(key, (spread.get(key) ?? 0) + 1);
}

/** The field a header names in a dataset, with its preference rank, or undefined. */
export function headerField(dataset: DatasetName, header: string): Spelling | undefined {
  return lookup.get(dataset)?.get(headerKey(header));
}

/** How many datasets know this header (0 when none does). */
export function headerSpread(header: string): number {
  return spread.get(headerKey(header)) ?? 0;
}

export type SurveyKind = 'nps' | 'csat' | 'ces';

/**
 * The survey kind a whole-question header asks for ('How likely are you to recommend this airline?',
 * 'On a scale of 0-10, how would you rate Sudzilla?'), or undefined when the header is not a rating question.
 */
export function questionKind(header: string): SurveyKind | undefined {
  const h = header.toLowerCase();
  if (h.split(/\s+/).length < 4 && !h.includes('?')) return undefined;
  // Qualtrics' Q1_NPS_GROUP beside the question holds Promoter/Passive/Detractor (or 1-3), not the score.
  if (/nps[\s_-]*group/.test(h)) return undefined;
  if (/recommend/.test(h) || /\b0\s*(?:-|–|to)\s*10\b/.test(h)) return 'nps';
  if (/\beff?ort|\beasy\b/.test(h)) return 'ces';
  if (/satisf/.test(h)) return 'csat';
  return undefined;
}
