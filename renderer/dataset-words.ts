/** Each dataset as a person knows it: what it is and where it comes from, for the welcome checklist and the import page. */
import type { DatasetName } from '../shared/datasets/catalog';
import type { MetricInfo } from '../shared/api';

export const datasetWords: Record<DatasetName, string> = {
  customers: 'Customers from your CRM or billing tool',
  deals: 'Deals from your CRM',
  subscriptions: 'Subscriptions from your billing tool',
  tickets: 'Tickets from your help desk',
  spend: 'Marketing and sales costs from your accounts',
  surveys: 'NPS, CSAT or CES survey answers',
  orders: 'Orders from your shop',
  email_campaigns: 'Email campaign reports',
  leads: 'Leads from your CRM',
  quotas: 'Sales quotas per owner',
  crm_usage: 'CRM logins per user and day',
  web_traffic: 'Website visits from your analytics',
};

/** The KPIs of the catalogue that read a dataset. */
export const kpisUsing = (catalogue: readonly MetricInfo[], ds: DatasetName): number => catalogue.filter((m) => ds in m.needs).length;

/** The words within a sentence: a capital only where it starts a name (NPS stays). */
export const inSentence = (words: string): string => (/^[A-Z][a-z]/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words);
