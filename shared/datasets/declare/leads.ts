import type { DatasetDef } from '../catalog';
import { seg } from './fields';

export const leads: DatasetDef = {
  name: 'leads',
  label: 'Leads',
  record: ['lead', 'leads'],
  summary: 'Leads from your CRM',
  description: 'One row per lead: when it was created and whether and when it converted.',
  hint: 'import a CRM leads export (Created, Source, Converted)',
  key: { fields: ['lead_id'] },
  events: [{ field: 'created_at' }, { field: 'converted_at' }],
  fields: [
    { name: 'lead_id', label: 'Lead ID', type: 'id', headers: ['Lead ID', 'mql_id', 'LEAD_ID', 'Record ID', 'Id'] },
    {
      name: 'created_at',
      label: 'Created',
      type: 'date',
      required: true,
      headers: [
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
    },
    seg('source', 'Source', ['Lead Source', 'LeadSource', 'origin', 'Original Source', 'Source', 'LEAD_SOURCE']),
    seg('owner', 'Owner', ['Lead Owner', 'Contact owner', 'Owner', 'OwnerId', 'OWNER_USER_ID']),
    { name: 'status', label: 'Status', type: 'text', headers: ['Lead Status', 'Status', 'Lifecycle Stage'] },
    {
      name: 'converted_at',
      label: 'Converted',
      type: 'date',
      headers: ['Converted Date', 'ConvertedDate', 'Conversion Date', 'Converted At', 'won_date', 'DATE_CONVERTED'],
    },
    { name: 'customer_id', label: 'Customer ID', type: 'id', headers: ['ConvertedAccountId', 'Customer ID', 'Company'] },
    seg('region', 'Region', ['Region', 'Territory']),
  ],
};
