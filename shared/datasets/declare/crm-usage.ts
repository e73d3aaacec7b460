import type { DatasetDef } from '../catalog';

export const crmUsage: DatasetDef = {
  name: 'crm_usage',
  label: 'CRM usage',
  record: ['CRM usage row', 'CRM usage rows'],
  summary: 'CRM logins per user and day',
  description: 'One row per CRM user and day: logins, minutes, records created.',
  hint: 'import a CRM user activity export (User, Day, Logins)',
  key: { fields: ['user', 'day'] },
  events: [{ field: 'day' }],
  fields: [
    { name: 'user', label: 'User', type: 'text', required: true, headers: ['User', 'User Name', 'Username', 'User ID', 'User Email'] },
    { name: 'day', label: 'Day', type: 'date', required: true, headers: ['Day', 'Date', 'Login Date', 'Activity Date'] },
    { name: 'logins', label: 'Logins', type: 'count', headers: ['Logins', 'Login Count', 'Number of Logins'] },
    { name: 'minutes', label: 'Minutes', type: 'number', headers: ['Minutes', 'Active Minutes', 'Usage Minutes', 'Session Minutes'] },
    { name: 'records_created', label: 'Records created', type: 'count', headers: ['Records Created', 'Created Records'] },
  ],
};
