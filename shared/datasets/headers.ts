/**
 * Which source header means which field, per dataset: the header sets real exports write (the vendors'
 * documented export columns and real exported files). Headers are compared by headerKey, so 'Close Date', 'close_date',
 * 'CloseDate', 'CLOSE_DATE' and Pipedrive's 'Deal - Close date' are one spelling. Within a field the
 * spellings are in order of preference: when two columns match one field, the earlier spelling wins
 * (Superstore's 'Customer ID' over 'Customer Name', Pipedrive's 'Deal closed on' over 'Won time').
 */
import { type DatasetName, mappableFields } from './catalog';
import { squash } from './cell';

type Spellings = Readonly<Record<string, readonly string[]>>;

/*
 * Decisions worth knowing:
 * - Zendesk 'Replies' (public agent replies) and Freshdesk 'Agent interactions' are contacts: first-contact
 *   resolution is a ticket solved with one agent reply ("one-touch"); 'Customer interactions' only when
 *   nothing better is there.
 * - Salesforce IsWon/IsClosed (and the 'Won'/'Closed' checkboxes) are not mapped: status comes from the stage,
 *   and in the real export the flags disagree with StageName in 86 of 219 rows.
 * - Estimates of a close date (Dynamics 'Est. close date', Freshsales 'Expected close date', Insightly
 *   FORECAST_CLOSE_DATE) are not closed_at: KPIs use the dates deals actually closed.
 * - Salesforce 'Expected Revenue' is amount x probability, not an estimate of the amount: not mapped.
 * - Durations (Zendesk 'First reply time in minutes', Freshdesk '(in hrs)' business hours) are not timestamps:
 *   the catalogue's `durations` turns calendar ones into the timestamps an export lacks (shared/datasets/durations.ts).
 */
const synonyms: Readonly<Record<DatasetName, Spellings>> = {
  customers: {
    customer_id: ['Customer ID', 'customerID', 'Customer Number', 'Client ID', 'Account ID', 'Account Number', 'Customer', 'Record ID', 'id'],
    name: ['Customer Name', 'Company Name', 'Account Name', 'Name', 'Full name'],
    acquired_at: [
      'Customer Since',
      'Acquired',
      'Acquired At',
      'Acquisition Date',
      'Signup Date',
      'Sign-up Date',
      'Became a Customer Date',
      'Date entered "Customer (Lifecycle Stage Pipeline)"',
      'Start Date',
      'Created',
    ],
    churned_at: ['Churned At', 'Churn Date', 'Churned On', 'Cancellation Date', 'Cancelled At', 'Canceled At', 'End Date'],
    churned: ['Churn', 'Churned', 'Is Churned', 'Exited', 'Churn Flag'],
    // An insurer's customers pay a monthly premium from the policy's inception (IBM's customer value sample).
    monthly_revenue: [
      'Monthly Revenue',
      'MonthlyCharges',
      'Monthly Charges',
      'MRR',
      'Monthly Fee',
      'Monthly Recurring Revenue',
      'Monthly Premium',
      'Monthly Premium Auto',
    ],
    tenure_months: ['Tenure (months)', 'Tenure Months', 'tenure', 'Months Since Policy Inception'],
    plan: ['Plan', 'Contract', 'Subscription Plan', 'Plan Name', 'Tier', 'Package'],
    segment: ['Segment', 'Customer Segment', 'Industry'],
    region: ['Region', 'Territory', 'Country', 'State'],
    owner: ['Account Owner', 'Customer Owner', 'Company owner', 'Contact owner', 'Owner'],
    source: ['Source', 'Lead Source', 'Original Source', 'Acquisition Channel', 'Sales Channel'],
    currency: ['Currency'],
    lifecycle_stage: ['Lifecycle Stage'],
  },
  leads: {
    lead_id: ['Lead ID', 'mql_id', 'LEAD_ID', 'Record ID', 'Id'],
    created_at: [
      'Created Date',
      'Create Date',
      'CreatedDate',
      'first_contact_date',
      'Created Time',
      'Created On',
      'Created at',
      'DATE_CREATED_UTC',
      'Lead Created',
      'Date Created',
    ],
    source: ['Lead Source', 'LeadSource', 'origin', 'Original Source', 'Source', 'LEAD_SOURCE'],
    owner: ['Lead Owner', 'Contact owner', 'Owner', 'OwnerId', 'OWNER_USER_ID'],
    status: ['Lead Status', 'Status', 'Lifecycle Stage'],
    converted_at: ['Converted Date', 'ConvertedDate', 'Conversion Date', 'Converted At', 'won_date', 'DATE_CONVERTED'],
    customer_id: ['ConvertedAccountId', 'Customer ID', 'Company'],
    region: ['Region', 'Territory'],
  },
  deals: {
    deal_id: ['Deal ID', 'Opportunity ID', 'opportunity_id', 'OPPORTUNITY_ID', 'OppID', 'Record ID', '(Do Not Modify) Opportunity', 'Id'],
    stage: ['Deal Stage', 'Stage', 'StageName', 'Stage Name', 'deal_stage', 'Sales Stage', 'Pipeline Phase', 'Phase'],
    status: ['Status', 'Deal Status', 'OPPORTUNITY_STATE', 'Opportunity State', 'Stav'],
    amount: ['Amount', 'Actual Revenue', 'Deal Value', 'Value', 'close_value', 'BID_AMOUNT', 'Opportunity Amount', 'Deal Amount', 'Wert', 'Hodnota'],
    estimated_amount: ['Est. revenue', 'Estimated Revenue', 'Estimated Amount', 'Estimated Value'],
    created_at: [
      'Create Date',
      'Created Date',
      'CreatedDate',
      'Created On',
      'Created Time',
      'Created at',
      'engage_date',
      'DATE_CREATED_UTC',
      'Deal created',
      'Add time',
      'Creation date',
      'Date Created',
    ],
    closed_at: [
      'Close Date',
      'CloseDate',
      'Closing Date',
      'Actual Close Date',
      'ACTUAL_CLOSE_DATE',
      'Closed Date',
      'close_date',
      'Deal closed on',
      'Closed on',
      'Won time',
      'Datum des gewonnenen Deals',
      'Date Closed',
    ],
    owner: ['Deal owner', 'Opportunity Owner', 'Owner', 'sales_agent', 'OwnerId', 'OWNER_USER_ID', 'Sales Rep', 'Salesperson', 'Besitzer'],
    source: ['Lead Source', 'LeadSource', 'Deal Source', 'Source'],
    customer_id: [
      'Account Name',
      'Account',
      'AccountId',
      'Potential Customer',
      'Organization',
      'Organization - Name',
      'Company',
      'Customer ID',
      'Customer',
      'Organisation',
    ],
    product: ['Product', 'Products', 'Associated Product', 'Product Name'],
    deal_type: ['Deal Type', 'Type', 'Opportunity Type'],
    region: ['Region', 'Territory', 'regional_office'],
    // Salesforce and Zoho 'Probability (%)', Pipedrive 'Deal - Probability', HubSpot 'Deal probability'.
    probability: ['Probability (%)', 'Probability', 'Deal probability', 'Deal Stage Probability', 'Win Probability'],
    currency: ['Currency', 'Currency of Value', 'BID_CURRENCY', 'CurrencyIsoCode', 'Opportunity Currency', 'Währung'],
  },
  orders: {
    // Shopify names an order '#1001' in its 'Name' column.
    order_id: ['Order ID', 'InvoiceNo', 'Invoice', 'Invoice No', 'Invoice Number', 'Order Number', 'Order No', 'Transaction ID', 'Name'],
    // A line's own ID, unique across the export (Superstore's Row ID); not Olist's order_item_id, which
    // numbers the lines within each order and so repeats.
    line_id: ['Line ID', 'Order Line ID', 'Line Item ID', 'Lineitem ID', 'Row ID'],
    customer_id: ['Customer ID', 'CustomerID', 'Client ID', 'Customer', 'Customer Email', 'Email', 'Customer Name'],
    ordered_at: ['Order Date', 'InvoiceDate', 'Invoice Date', 'Ordered At', 'Purchase Date', 'Order Time', 'Transaction Date', 'Created at', 'Date'],
    amount: ['Sales', 'Amount', 'Order Total', 'Total', 'Total Price', 'Line Total', 'Revenue', 'Net Sales', 'Gross Sales'],
    quantity: ['Quantity', 'Qty', 'Units', 'Lineitem quantity'],
    unit_price: ['UnitPrice', 'Unit Price', 'Price', 'Lineitem price', 'Price Each'],
    product: ['Product Name', 'Product', 'Description', 'Item', 'Lineitem name', 'StockCode', 'Product ID', 'SKU'],
    cancelled: ['Cancelled', 'Canceled', 'Is Cancelled', 'Is Canceled'],
    currency: ['Currency'],
    financial_status: ['Financial Status', 'Payment Status'],
    cancelled_at: ['Cancelled at', 'Canceled at'],
  },
  subscriptions: {
    // Stripe's 'id'; Chargebee's 'subscriptions.id' and 'customers.id' (headerKey drops 'subscriptions.').
    subscription_id: ['Subscription ID', 'Contract ID', 'Subscription Number', 'id'],
    customer_id: ['Customer ID', 'Customer', 'Account ID', 'Customer Email', 'customers.id'],
    // Chargebee's start_date is only the planned start of a future subscription; started_at is when it did.
    started_at: ['Started At', 'Start Date', 'Start', 'Subscription Start', 'Contract Start Date', 'Activated At'],
    ended_at: ['End Date', 'Ended At', 'Contract End Date'],
    renewal_due_at: ['Renewal Date', 'Renewal Due', 'Next Renewal', 'Current Period End', 'Current Term End'],
    renewed: ['Renewed'],
    mrr: ['MRR', 'Monthly Recurring Revenue', 'Monthly Amount'],
    plan: ['Plan', 'Plan Name', 'Tier', 'Plan ID'],
    currency: ['Currency'],
    status: ['Status', 'Subscription Status'],
    amount: ['Amount', 'Plan Amount', 'Plan Unit Price', 'Unit Price', 'Price'],
    quantity: ['Quantity', 'Plan Quantity', 'Seats'],
    interval: ['Interval', 'Billing Interval', 'Billing Period Unit', 'Plan Interval'],
    interval_count: ['Interval Count', 'Billing Period', 'Plan Interval Count'],
    period_started_at: ['Current Period Start', 'Current Term Start'],
    trial_ends_at: ['Trial End', 'Trial Ends At', 'Trial End Date'],
    canceled_at: ['Canceled At', 'Cancelled At', 'Cancellation Date'],
  },
  tickets: {
    ticket_id: ['Ticket ID', 'Ticket Number', 'number', 'Incident Number', 'Case Number', 'Case ID', 'Id'],
    customer_id: ['Requester id', 'Contact ID', 'Customer ID', 'Requester email', 'Customer Email', 'Email', 'caller_id', 'Requester'],
    created_at: ['Created at', 'Created time', 'opened_at', 'Opened', 'Date/Time Opened', 'Created Date', 'Created On', 'Date Created', 'Created'],
    first_response_at: ['Initial response time', 'First Response Time', 'First Responded At', 'First Response At', 'First reply at'],
    resolved_at: ['Solved at', 'Resolved time', 'resolved_at', 'Resolved', 'Resolved At', 'Time to Resolution', 'Date/Time Closed', 'Closed time', 'closed_at'],
    contacts: ['Contacts', 'Replies', 'Agent interactions', 'Number of Contacts', 'Interactions', 'Customer interactions'],
    channel: ['Via', 'Ticket Channel', 'Channel', 'contact_type', 'Source', 'Case Origin', 'Origin'],
    agent: ['Assignee', 'Agent', 'assigned_to', 'Assigned To', 'Case Owner', 'Ticket Owner', 'Owner'],
    status: ['Status', 'Ticket Status', 'state', 'incident_state'],
    priority: ['Priority', 'Ticket Priority'],
    satisfaction: ['Satisfaction Score', 'Customer Satisfaction Rating', 'Satisfaction Rating', 'Satisfaction', 'CSAT', 'Survey results'],
  },
  surveys: {
    // Typeform's first column, '#', holds each response's token.
    response_id: ['Response ID', 'Respondent ID', 'Submission ID', 'ResponseId', 'Token', '#'],
    customer_id: ['Customer ID', 'CustomerID', 'Contact ID', 'Email', 'Email Address', 'Respondent Email', 'Recipient Email', 'Customer'],
    // SurveyMonkey's 'End Date' is when the respondent finished; Typeform's 'Submit Date (UTC)' likewise.
    responded_at: [
      'Responded At',
      'Response Date',
      'Timestamp',
      'Submitted At',
      'Date Submitted',
      'Completed At',
      'RecordedDate',
      'Submit Date',
      'End Date',
      'Survey Date',
      'date',
    ],
    kind: ['Kind', 'Survey Type', 'Survey Kind', 'Question Type'],
    score: ['Score', 'NPS', 'NPS Score', 'CSAT', 'CSAT Score', 'CES', 'CES Score', 'rating', 'Star Rating', 'Stars', 'Likelihood to Recommend'],
    channel: ['Channel', 'Survey Channel'],
  },
  spend: {
    spent_at: ['Spent At', 'Date', 'Day', 'Reporting Starts', 'Period', 'Month'],
    amount: ['Amount Spent', 'Spent', 'Spend', 'Cost', 'Amount', 'Total Cost', 'Expense'],
    // QuickBooks books a purchase to the account in 'Split' (its 'Account' is the bank or payables account paid from).
    category: ['Category', 'Cost Category', 'Expense Category', 'Spend Category', 'Split'],
    channel: ['Channel', 'Platform', 'Network', 'Source', 'Vendor', 'Payee', 'Supplier'],
    currency: ['Currency'],
    posting: ['Posting', 'Posting (Y/N)'],
  },
  email_campaigns: {
    campaign_id: ['Campaign ID', 'Unique Id', 'Campaign Id'],
    sent_at: ['Send Date', 'Sent Date', 'Sent At', 'Send Time', 'Date Sent'],
    sent: ['Total Recipients', 'Emails Sent', 'Recipients', 'Sent', 'Sends', 'Total Sent'],
    delivered: ['Successful Deliveries', 'Delivered', 'Emails Delivered', 'Total Delivered'],
    bounced: ['Bounces', 'Bounced', 'Total Bounces'],
    opened: ['Unique Opens', 'Opens', 'Opened', 'Total Opens'],
    clicked: ['Unique Subscriber Clicks', 'Unique Clicks', 'Clicks', 'Clicked', 'Total Clicks'],
    unsubscribed: ['Unsubscribes', 'Unsubscribed', 'Total Unsubscribes'],
  },
  web_traffic: {
    day: ['Day', 'Date'],
    sessions: ['Sessions', 'Visits', 'Total Sessions'],
    conversions: ['Conversions', 'Goal Completions', 'Key events', 'Transactions'],
    channel: [
      'Default Channel Group',
      'Session primary channel group (Default Channel Group)',
      'Session primary channel group',
      'Session default channel group',
      'Channel',
      'Source / Medium',
    ],
  },
  quotas: {
    owner: ['Owner', 'Sales Rep', 'Rep', 'Salesperson', 'sales_agent'],
    period: ['Period', 'Quarter', 'Month', 'Fiscal Period', 'Year'],
    amount: ['Quota', 'Quota Amount', 'Target', 'Amount'],
    currency: ['Currency'],
  },
  crm_usage: {
    user: ['User', 'User Name', 'Username', 'User ID', 'User Email'],
    day: ['Day', 'Date', 'Login Date', 'Activity Date'],
    logins: ['Logins', 'Login Count', 'Number of Logins'],
    minutes: ['Minutes', 'Active Minutes', 'Usage Minutes', 'Session Minutes'],
    records_created: ['Records Created', 'Created Records'],
  },
};

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

for (const [name, fields] of Object.entries(synonyms) as [DatasetName, Spellings][]) {
  const table = new Map<string, Spelling>();
  for (const [fieldName, list] of Object.entries(fields)) {
    list.forEach((spelling, rank) => {
      const key = headerKey(spelling);
      const prior = table.get(key);
      if (prior && prior.field !== fieldName) throw new Error(`header "${spelling}" names both ${prior.field} and ${fieldName} in ${name}`);
      if (!prior) table.set(key, { field: fieldName, rank });
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
