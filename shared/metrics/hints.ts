/** How a user gets each dataset into the workbook: the second half of every "needs ..." reason. */
import type { DatasetName } from '../datasets/catalog';

export const datasetHints: Readonly<Record<DatasetName, string>> = {
  customers: 'import a customer list (Customer ID, Acquired, Churned, Monthly revenue)',
  leads: 'import a CRM leads export (Created, Source, Converted)',
  deals: 'import a CRM deals export (Stage, Amount, Close Date)',
  orders: 'import an orders export from your shop or billing system (Order ID, Customer ID, Date, Amount)',
  subscriptions: 'import a subscriptions or contracts export (Customer ID, Start, End, Renewal date, MRR)',
  tickets: 'import a help-desk tickets export (Created, First response, Resolved, Contacts)',
  surveys: 'import survey responses (Kind nps/csat/ces, Score, Date)',
  spend: 'import a spreadsheet of costs (Date or period, Amount, Category marketing/sales/retention/crm)',
  email_campaigns: 'import an email campaign report (Sent date, Sent, Delivered, Opened, Clicked)',
  web_traffic: 'import daily web analytics (Day, Sessions, Conversions)',
  quotas: 'import sales quotas (Owner, Period, Amount)',
  crm_usage: 'import a CRM user activity export (User, Day, Logins)',
};

export const settingHints = {
  seats: 'set the number of licensed CRM seats in Settings',
  crm_gain: 'set the gain attributed to the CRM in Settings',
} as const;

/**
 * Why a KPI of a month or quarter has nothing from data whose rows have no dates (a snapshot export),
 * instead of a mapping hint such a file cannot satisfy: where it does count, or what would count.
 */
export const datelessHint = (ds: DatasetName, inAllTime: boolean): string =>
  inAllTime
    ? `the ${ds} data has no dates: see All time`
    : `the ${ds} data has no dates, and a month or quarter counts rows by their dates: import a ${ds} export that has them`;
