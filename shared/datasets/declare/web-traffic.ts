import type { DatasetDef } from '../catalog';
import { seg } from './fields';

export const webTraffic: DatasetDef = {
  name: 'web_traffic',
  label: 'Web traffic',
  record: ['web traffic row', 'web traffic rows'],
  summary: 'Website visits from your analytics',
  description: 'One row per day (and channel): sessions and conversions.',
  hint: 'import daily web analytics (Day, Sessions, Conversions)',
  key: { fields: ['day', 'channel'] },
  events: [{ field: 'day' }],
  fields: [
    { name: 'day', label: 'Day', type: 'date', required: true, headers: ['Day', 'Date'] },
    { name: 'sessions', label: 'Sessions', type: 'count', required: true, headers: ['Sessions', 'Visits', 'Total Sessions'] },
    { name: 'conversions', label: 'Conversions', type: 'count', required: true, headers: ['Conversions', 'Goal Completions', 'Key events', 'Transactions'] },
    seg('channel', 'Channel', [
      'Default Channel Group',
      'Session primary channel group (Default Channel Group)',
      'Session primary channel group',
      'Session default channel group',
      'Channel',
      'Source / Medium',
    ]),
  ],
};
