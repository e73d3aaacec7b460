import type { DatasetDef } from '../catalog';
import { checkRecurring } from '../derive-row';
import { crmContact } from '../vendor-fields';
import { currency, seg } from './fields';

export const customers: DatasetDef = {
  name: 'customers',
  label: 'Customers',
  record: ['customer', 'customers'],
  summary: 'Customers from your CRM or billing tool',
  description: 'One row per customer: when they were acquired and lost, their plan and monthly revenue.',
  hint: 'import a customer list (Customer ID, Acquired, Churned, Monthly revenue)',
  key: { fields: ['customer_id'] },
  events: [{ field: 'acquired_at' }, { field: 'churned_at' }],
  fields: [
    {
      name: 'customer_id',
      label: 'Customer ID',
      type: 'id',
      required: true,
      headers: ['Customer ID', 'customerID', 'Customer Number', 'Client ID', 'Account ID', 'Account Number', 'Customer', 'Record ID', 'id'],
    },
    { name: 'name', label: 'Name', type: 'text', headers: ['Customer Name', 'Company Name', 'Account Name', 'Name', 'Full name'] },
    {
      name: 'acquired_at',
      label: 'Acquired',
      type: 'date',
      headers: [
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
    },
    {
      name: 'churned_at',
      label: 'Churned',
      type: 'date',
      headers: ['Churned At', 'Churn Date', 'Churned On', 'Cancellation Date', 'Cancelled At', 'Canceled At', 'End Date'],
    },
    { name: 'churned', label: 'Churned (yes/no)', type: 'flag', headers: ['Churn', 'Churned', 'Is Churned', 'Exited', 'Churn Flag'] },
    // An insurer's customers pay a monthly premium from the policy's inception (IBM's customer value sample).
    {
      name: 'monthly_revenue',
      label: 'Monthly revenue',
      type: 'money',
      headers: [
        'Monthly Revenue',
        'MonthlyCharges',
        'Monthly Charges',
        'MRR',
        'Monthly Fee',
        'Monthly Recurring Revenue',
        'Monthly Premium',
        'Monthly Premium Auto',
      ],
    },
    {
      name: 'tenure_months',
      label: 'Tenure (months)',
      type: 'number',
      headers: ['Tenure (months)', 'Tenure Months', 'tenure', 'Months Since Policy Inception'],
    },
    seg('plan', 'Plan', ['Plan', 'Contract', 'Subscription Plan', 'Plan Name', 'Tier', 'Package']),
    seg('segment', 'Segment', ['Segment', 'Customer Segment', 'Industry']),
    seg('region', 'Region', ['Region', 'Territory', 'Country', 'State']),
    seg('owner', 'Owner', ['Account Owner', 'Customer Owner', 'Company owner', 'Contact owner', 'Owner']),
    seg('source', 'Source', ['Source', 'Lead Source', 'Original Source', 'Acquisition Channel', 'Sales Channel']),
    currency(),
    // A CRM's contacts: only those at the customer stage are customers (HubSpot 'Lifecycle Stage').
    { name: 'lifecycle_stage', label: 'Lifecycle stage', type: 'text', importOnly: true, headers: ['Lifecycle Stage'] },
  ],
  derive(row) {
    crmContact(row);
    checkRecurring(row, 'monthly_revenue');
  },
};
