/**
 * The canonical datasets as data. Every other layer derives from this table: the workbook schema,
 * the import's detection, mapping and derived fields, the metric catalogue's field checks and hints,
 * the data profile and the data pages.
 */
import type { DeriveRow } from './derive-row';
import { crmUsage } from './declare/crm-usage';
import { customers } from './declare/customers';
import { deals } from './declare/deals';
import { emailCampaigns } from './declare/email-campaigns';
import { leads } from './declare/leads';
import { orders } from './declare/orders';
import { quotas } from './declare/quotas';
import { spend } from './declare/spend';
import { subscriptions } from './declare/subscriptions';
import { surveys } from './declare/surveys';
import { tickets } from './declare/tickets';
import { webTraffic } from './declare/web-traffic';

/**
 * How a field's values are read and stored.
 * - id: kept as text exactly as written (leading zeros, long digit strings), never a number
 * - text: free text, trimmed
 * - date: stored as `YYYY-MM-DD`
 * - datetime: stored as `YYYY-MM-DDTHH:MM:SS` (a date-only value becomes midnight)
 * - money: a number in the workbook currency
 * - number: any finite number; count: a whole number >= 0; score: a number on a survey scale
 * - flag: 0 or 1
 * - enum: one of `values`
 * - period: a period id such as `2026-Q1` or `2026-03`, or a date
 */
export type FieldType = 'id' | 'text' | 'date' | 'datetime' | 'money' | 'number' | 'count' | 'score' | 'flag' | 'enum' | 'period';

export interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly required?: boolean;
  /** Allowed canonical values for enum fields. */
  readonly values?: readonly string[];
  /** A field KPIs can be split by (`--segment`). */
  readonly segment?: boolean;
  /**
   * Read from the source and used while normalising a row, but not stored as a column
   * (Dynamics' estimated revenue, a per-row currency).
   */
  readonly importOnly?: boolean;
  /** Stored, but computed from other fields at import; never mapped from a source column. */
  readonly derived?: boolean;
  /**
   * The headers tools write for this field, compared as headers.ts's headerKey does ('Close Date',
   * 'close_date' and Pipedrive's 'Deal - Close date' are one spelling). In order of preference: when
   * two columns match the field, the earlier spelling wins (Superstore's 'Customer ID' over
   * 'Customer Name'). The field's name and label always match too, after these.
   */
  readonly headers?: readonly string[];
  /**
   * Fields whose reading makes the dataset's derive hook write this one on every row, a value or an
   * empty (a deal's status from its stage), so that an import reading them updates it. A field the hook
   * only sometimes fills is not listed.
   */
  readonly writtenFrom?: readonly string[];
}

/** A date that records something that happened, counted only on rows with one of `whenStatus` when given. */
export interface EventDate {
  readonly field: string;
  readonly whenStatus?: readonly string[];
}

export const datasetNames = [
  'customers',
  'leads',
  'deals',
  'orders',
  'subscriptions',
  'tickets',
  'surveys',
  'spend',
  'email_campaigns',
  'web_traffic',
  'quotas',
  'crm_usage',
] as const;

export type DatasetName = (typeof datasetNames)[number];

export interface DatasetDef {
  readonly name: DatasetName;
  readonly label: string;
  /** A record, one and many: the noun a count of its rows takes ("2,084 deals"). */
  readonly record: readonly [string, string];
  /** What it is and where it comes from, as a person knows it: the welcome checklist's and the import page's words. */
  readonly summary: string;
  /** One sentence for the import wizard and the "what to import" hints. */
  readonly description: string;
  /** How a user gets the dataset into the workbook: the second half of every "needs ..." reason. */
  readonly hint: string;
  readonly fields: readonly FieldDef[];
  /**
   * Alternatives that can stand in for a required field: `orders.amount` may come from
   * `quantity x unit_price`, `deals.stage` from a status column.
   */
  readonly requiredAlternatives?: Readonly<Record<string, readonly (readonly string[])[]>>;
  /**
   * What identifies one record, so that a newer export of the same tool updates it instead of adding
   * it again: an ID field the tool exports, or the fields that make a row unique (web traffic per day
   * and channel), whose rows with the same values are one record, their measures added together.
   * `alternative` is read instead when the file has it (an order line's own ID).
   */
  readonly key: { readonly fields: readonly string[]; readonly alternative?: readonly string[] };
  /**
   * Duration columns some exports write instead of a timestamp (Zendesk has no first-reply time, only
   * 'First reply time in minutes'): each gives `field` as the `base` field's time plus its value, where
   * the export has no column of `field` itself.
   */
  readonly durations?: readonly DurationColumn[];
  /**
   * The dates that record something happening, the first the one a row is placed in time by (the
   * latest day a workbook has data of, whether a period has any); none for data placed by a period.
   */
  readonly events: readonly EventDate[];
  /**
   * Fields worked out from others once a row's columns are read, and checks across its fields (a deal's
   * status from its stage, an order line's amount from quantity x price); list what it always writes
   * in the fields' `writtenFrom`.
   */
  readonly derive?: (row: DeriveRow) => void;
}

export type DurationUnit = 'minutes';

/**
 * A column of elapsed time standing for a timestamp, matched by its header as headers are (case, spaces
 * and punctuation aside). One counted in business hours (the help desk's clock stops outside working
 * hours) cannot be added to a timestamp, which runs in calendar hours like every duration KPI: it is
 * named only so that an import can say why the field stays empty.
 */
export type DurationColumn =
  | { readonly header: string; readonly field: string; readonly base: string; readonly unit: DurationUnit }
  | { readonly header: string; readonly field: string; readonly businessHours: true };

/** Every dataset's declaration by name (one file each under shared/datasets/declare/): a name without one does not compile. */
const declarations: Readonly<Record<DatasetName, DatasetDef>> = {
  customers,
  leads,
  deals,
  orders,
  subscriptions,
  tickets,
  surveys,
  spend,
  email_campaigns: emailCampaigns,
  web_traffic: webTraffic,
  quotas,
  crm_usage: crmUsage,
};

/** The datasets in datasetNames order. */
export const datasets: readonly DatasetDef[] = datasetNames.map((name) => {
  const def = declarations[name];
  if (def.name !== name) throw new Error(`the declaration listed as ${name} is ${def.name}`);
  return def;
});

const byName = new Map<string, DatasetDef>(datasets.map((d) => [d.name, d]));

export function isDatasetName(name: string): name is DatasetName {
  return byName.has(name);
}

export function dataset(name: DatasetName): DatasetDef {
  const def = byName.get(name);
  if (!def) throw new Error(`unknown dataset ${name}`);
  return def;
}

/** Fields stored as columns (every field but the import-only ones), in table order. */
export function storedFields(name: DatasetName): readonly FieldDef[] {
  return dataset(name).fields.filter((f) => !f.importOnly);
}

/** Fields a source column can be mapped to (every field but the derived ones). */
export function mappableFields(name: DatasetName): readonly FieldDef[] {
  return dataset(name).fields.filter((f) => !f.derived);
}

export function field(name: DatasetName, fieldName: string): FieldDef | undefined {
  return dataset(name).fields.find((f) => f.name === fieldName);
}

/**
 * The names of the fields declared `segment: true`, those more datasets carry first (a split most KPIs
 * can make heads the dashboard's menu: owner), then in declaration order.
 */
function segmentFieldNames(): readonly [string, ...string[]] {
  const carriers = new Map<string, number>();
  for (const d of datasets) for (const f of d.fields) if (f.segment) carriers.set(f.name, (carriers.get(f.name) ?? 0) + 1);
  const [first, ...rest] = [...carriers.keys()].sort((a, b) => carriers.get(b)! - carriers.get(a)!);
  if (first === undefined) throw new Error('no dataset declares a field KPIs can be split by');
  return [first, ...rest];
}

/** Fields KPIs can be split by (`--segment`). */
export const segmentFields = segmentFieldNames();

/** Columns every dataset table carries besides its fields. */
export const systemColumns = {
  /** The import batch that wrote the row. */
  batch: '_batch',
  /** The row's number in its source file. */
  row: '_row',
  /** The record the row is a version of (shared/datasets/identity.ts); NULL for rows without identity. */
  key: '_key',
  /** A fingerprint of the row's stored values, to see whether a newer export changed the record. */
  hash: '_hash',
  /** The batch that replaced or removed this version; NULL while it is the record's current version. */
  until: '_until',
} as const;
