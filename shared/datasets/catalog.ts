/**
 * The canonical datasets as data. Every other layer derives from this table:
 * the workbook schema, the import mapping, the metric catalogue's field checks and the data pages.
 */

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
  /** One sentence for the import wizard and the "what to import" hints. */
  readonly description: string;
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

const seg = (name: string, label: string): FieldDef => ({ name, label, type: 'text', segment: true });
const currencyField: FieldDef = { name: 'currency', label: 'Currency', type: 'text', importOnly: true };

export const datasets: readonly DatasetDef[] = [
  {
    name: 'customers',
    label: 'Customers',
    description: 'One row per customer: when they were acquired and lost, their plan and monthly revenue.',
    key: { fields: ['customer_id'] },
    fields: [
      { name: 'customer_id', label: 'Customer ID', type: 'id', required: true },
      { name: 'name', label: 'Name', type: 'text' },
      { name: 'acquired_at', label: 'Acquired', type: 'date' },
      { name: 'churned_at', label: 'Churned', type: 'date' },
      { name: 'churned', label: 'Churned (yes/no)', type: 'flag' },
      { name: 'monthly_revenue', label: 'Monthly revenue', type: 'money' },
      { name: 'tenure_months', label: 'Tenure (months)', type: 'number' },
      seg('plan', 'Plan'),
      seg('segment', 'Segment'),
      seg('region', 'Region'),
      seg('owner', 'Owner'),
      seg('source', 'Source'),
      currencyField,
      // A CRM's contacts: only those at the customer stage are customers (HubSpot 'Lifecycle Stage').
      { name: 'lifecycle_stage', label: 'Lifecycle stage', type: 'text', importOnly: true },
    ],
  },
  {
    name: 'leads',
    label: 'Leads',
    description: 'One row per lead: when it was created and whether and when it converted.',
    key: { fields: ['lead_id'] },
    fields: [
      { name: 'lead_id', label: 'Lead ID', type: 'id' },
      { name: 'created_at', label: 'Created', type: 'date', required: true },
      seg('source', 'Source'),
      seg('owner', 'Owner'),
      { name: 'status', label: 'Status', type: 'text' },
      { name: 'converted_at', label: 'Converted', type: 'date' },
      { name: 'customer_id', label: 'Customer ID', type: 'id' },
      seg('region', 'Region'),
    ],
  },
  {
    name: 'deals',
    label: 'Deals',
    description: 'One row per deal or opportunity: stage, amount, owner, and when it was created and closed.',
    key: { fields: ['deal_id'] },
    fields: [
      { name: 'deal_id', label: 'Deal ID', type: 'id' },
      // A segment too: the pipeline split by the stage its deals stand at.
      { name: 'stage', label: 'Stage', type: 'text', required: true, segment: true },
      { name: 'status', label: 'Status', type: 'enum', values: ['won', 'lost', 'open'] },
      { name: 'amount', label: 'Amount', type: 'money' },
      { name: 'estimated_amount', label: 'Estimated amount', type: 'money', importOnly: true },
      { name: 'created_at', label: 'Created', type: 'date' },
      { name: 'closed_at', label: 'Closed', type: 'date' },
      seg('owner', 'Owner'),
      seg('source', 'Source'),
      { name: 'customer_id', label: 'Customer ID', type: 'id' },
      seg('product', 'Product'),
      { name: 'deal_type', label: 'Deal type', type: 'enum', values: ['new', 'upsell', 'renewal'] },
      seg('region', 'Region'),
      // 0 to 1, read from 0-100 or 0-1 (rows.ts); a deal without one takes its stage's from the settings.
      { name: 'probability', label: 'Probability', type: 'number' },
      currencyField,
    ],
    requiredAlternatives: { stage: [['status']] },
  },
  {
    name: 'orders',
    label: 'Orders',
    description: 'One row per order or order line: customer, date and amount.',
    key: { fields: ['order_id', 'product'], alternative: ['line_id'] },
    fields: [
      { name: 'order_id', label: 'Order ID', type: 'id' },
      { name: 'line_id', label: 'Line ID', type: 'id' },
      { name: 'customer_id', label: 'Customer ID', type: 'id', required: true },
      { name: 'ordered_at', label: 'Ordered', type: 'date', required: true },
      { name: 'amount', label: 'Amount', type: 'money', required: true },
      { name: 'quantity', label: 'Quantity', type: 'number' },
      { name: 'unit_price', label: 'Unit price', type: 'money' },
      seg('product', 'Product'),
      { name: 'cancelled', label: 'Cancelled', type: 'flag' },
      currencyField,
      // What a shop writes instead of a cancelled flag (Shopify 'Financial Status', 'Cancelled at').
      { name: 'financial_status', label: 'Payment status', type: 'text', importOnly: true },
      { name: 'cancelled_at', label: 'Cancelled on', type: 'date', importOnly: true },
    ],
    requiredAlternatives: { amount: [['quantity', 'unit_price']] },
  },
  {
    name: 'subscriptions',
    label: 'Subscriptions',
    description: 'One row per subscription or contract: start, end, renewal date and monthly recurring revenue.',
    key: { fields: ['subscription_id'] },
    fields: [
      { name: 'subscription_id', label: 'Subscription ID', type: 'id' },
      { name: 'customer_id', label: 'Customer ID', type: 'id', required: true },
      { name: 'started_at', label: 'Started', type: 'date', required: true },
      { name: 'ended_at', label: 'Ended', type: 'date' },
      { name: 'renewal_due_at', label: 'Renewal due', type: 'date' },
      { name: 'renewed', label: 'Renewed', type: 'flag' },
      { name: 'mrr', label: 'MRR', type: 'money' },
      seg('plan', 'Plan'),
      currencyField,
      // What billing tools export instead of MRR and an end date (Stripe, Chargebee): the price per
      // interval, the quantity, the interval, the status, the trial's end and when it was canceled.
      { name: 'status', label: 'Status', type: 'text', importOnly: true },
      { name: 'amount', label: 'Price per interval', type: 'money', importOnly: true },
      { name: 'quantity', label: 'Quantity', type: 'number', importOnly: true },
      { name: 'interval', label: 'Billing interval', type: 'text', importOnly: true },
      { name: 'interval_count', label: 'Intervals per billing', type: 'number', importOnly: true },
      { name: 'period_started_at', label: 'Current period start', type: 'date', importOnly: true },
      { name: 'trial_ends_at', label: 'Trial end', type: 'date', importOnly: true },
      { name: 'canceled_at', label: 'Canceled on', type: 'date', importOnly: true },
    ],
  },
  {
    name: 'tickets',
    label: 'Tickets',
    description: 'One row per help-desk ticket: when it was opened, first answered and resolved, and how many contacts it took.',
    key: { fields: ['ticket_id'] },
    fields: [
      { name: 'ticket_id', label: 'Ticket ID', type: 'id' },
      { name: 'customer_id', label: 'Customer ID', type: 'id' },
      { name: 'created_at', label: 'Created', type: 'datetime', required: true },
      { name: 'first_response_at', label: 'First response', type: 'datetime' },
      { name: 'resolved_at', label: 'Resolved', type: 'datetime' },
      { name: 'contacts', label: 'Contacts', type: 'count' },
      seg('channel', 'Channel'),
      seg('agent', 'Agent'),
      { name: 'status', label: 'Status', type: 'enum', values: ['open', 'pending', 'resolved', 'closed'] },
      { name: 'priority', label: 'Priority', type: 'text' },
      { name: 'satisfaction', label: 'Satisfaction', type: 'score' },
      { name: 'satisfaction_good', label: 'Satisfied (good/bad rating)', type: 'flag', derived: true },
    ],
    durations: [
      { header: 'First reply time in minutes', field: 'first_response_at', base: 'created_at', unit: 'minutes' },
      { header: 'Full resolution time in minutes', field: 'resolved_at', base: 'created_at', unit: 'minutes' },
      { header: 'First reply time in minutes within business hours', field: 'first_response_at', businessHours: true },
      { header: 'Full resolution time in minutes within business hours', field: 'resolved_at', businessHours: true },
      // Freshdesk's are business hours though the header does not say so: its export fills them from
      // first_res_time_bhrs and resolution_time_bhrs (Freshservice writes the same headers).
      { header: 'First response time (in hrs)', field: 'first_response_at', businessHours: true },
      { header: 'Resolution time (in hrs)', field: 'resolved_at', businessHours: true },
    ],
  },
  {
    name: 'surveys',
    label: 'Surveys',
    description: 'One row per NPS, CSAT or CES response: its kind and score.',
    key: { fields: ['response_id'] },
    fields: [
      { name: 'response_id', label: 'Response ID', type: 'id' },
      { name: 'customer_id', label: 'Customer ID', type: 'id' },
      { name: 'responded_at', label: 'Responded', type: 'date' },
      { name: 'kind', label: 'Kind', type: 'enum', values: ['nps', 'csat', 'ces'], required: true },
      { name: 'score', label: 'Score', type: 'score', required: true },
      seg('channel', 'Channel'),
    ],
  },
  {
    name: 'spend',
    label: 'Spend',
    description: 'One row per cost: date or period, amount and category (marketing, sales, retention, crm).',
    // spent_until is part of the date: a month's cost and a cost on its first day are two records.
    key: { fields: ['spent_at', 'spent_until', 'category', 'channel'] },
    fields: [
      { name: 'spent_at', label: 'Date or period', type: 'period', required: true },
      { name: 'spent_until', label: 'Period end', type: 'date', derived: true },
      { name: 'amount', label: 'Amount', type: 'money', required: true },
      {
        name: 'category',
        label: 'Category',
        type: 'enum',
        values: ['marketing', 'sales', 'retention', 'crm'],
        required: true,
      },
      seg('channel', 'Channel'),
      currencyField,
      // A bookkeeping report's 'Posting' column: a purchase order or estimate (No) is not a cost.
      { name: 'posting', label: 'Posting', type: 'flag', importOnly: true },
    ],
  },
  {
    name: 'email_campaigns',
    label: 'Email campaigns',
    description: 'One row per email campaign: sent, delivered, bounced, opened, clicked.',
    key: { fields: ['campaign_id'] },
    fields: [
      { name: 'campaign_id', label: 'Campaign ID', type: 'id' },
      { name: 'sent_at', label: 'Sent', type: 'date', required: true },
      { name: 'sent', label: 'Sent (count)', type: 'count', required: true },
      { name: 'delivered', label: 'Delivered', type: 'count' },
      { name: 'bounced', label: 'Bounced', type: 'count' },
      { name: 'opened', label: 'Opened', type: 'count' },
      { name: 'clicked', label: 'Clicked', type: 'count' },
      { name: 'unsubscribed', label: 'Unsubscribed', type: 'count' },
    ],
  },
  {
    name: 'web_traffic',
    label: 'Web traffic',
    description: 'One row per day (and channel): sessions and conversions.',
    key: { fields: ['day', 'channel'] },
    fields: [
      { name: 'day', label: 'Day', type: 'date', required: true },
      { name: 'sessions', label: 'Sessions', type: 'count', required: true },
      { name: 'conversions', label: 'Conversions', type: 'count', required: true },
      seg('channel', 'Channel'),
    ],
  },
  {
    name: 'quotas',
    label: 'Quotas',
    description: 'One row per sales quota: owner (or the whole team), period and amount.',
    key: { fields: ['owner', 'period'] },
    fields: [
      seg('owner', 'Owner'),
      { name: 'period', label: 'Period', type: 'period', required: true },
      { name: 'period_end', label: 'Period end', type: 'date', derived: true },
      { name: 'amount', label: 'Amount', type: 'money', required: true },
      currencyField,
    ],
  },
  {
    name: 'crm_usage',
    label: 'CRM usage',
    description: 'One row per CRM user and day: logins, minutes, records created.',
    key: { fields: ['user', 'day'] },
    fields: [
      { name: 'user', label: 'User', type: 'text', required: true },
      { name: 'day', label: 'Day', type: 'date', required: true },
      { name: 'logins', label: 'Logins', type: 'count' },
      { name: 'minutes', label: 'Minutes', type: 'number' },
      { name: 'records_created', label: 'Records created', type: 'count' },
    ],
  },
];

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

/** Fields KPIs can be split by, in any dataset. */
export const segmentFields = ['owner', 'source', 'region', 'plan', 'product', 'channel', 'segment', 'agent', 'stage'] as const;

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
