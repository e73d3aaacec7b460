import type { DatasetDef } from '../catalog';
import { campaignDeliveries } from '../vendor-fields';

export const emailCampaigns: DatasetDef = {
  name: 'email_campaigns',
  label: 'Email campaigns',
  record: ['email campaign', 'email campaigns'],
  summary: 'Email campaign reports',
  description: 'One row per email campaign: sent, delivered, bounced, opened, clicked.',
  hint: 'import an email campaign report (Sent date, Sent, Delivered, Opened, Clicked)',
  key: { fields: ['campaign_id'] },
  events: [{ field: 'sent_at' }],
  fields: [
    { name: 'campaign_id', label: 'Campaign ID', type: 'id', headers: ['Campaign ID', 'Unique Id', 'Campaign Id'] },
    { name: 'sent_at', label: 'Sent', type: 'date', required: true, headers: ['Send Date', 'Sent Date', 'Sent At', 'Send Time', 'Date Sent'] },
    {
      name: 'sent',
      label: 'Sent (count)',
      type: 'count',
      required: true,
      headers: ['Total Recipients', 'Emails Sent', 'Recipients', 'Sent', 'Sends', 'Total Sent'],
    },
    {
      name: 'delivered',
      label: 'Delivered',
      type: 'count',
      headers: ['Successful Deliveries', 'Delivered', 'Emails Delivered', 'Total Delivered'],
      writtenFrom: ['bounced'],
    },
    { name: 'bounced', label: 'Bounced', type: 'count', headers: ['Bounces', 'Bounced', 'Total Bounces'] },
    { name: 'opened', label: 'Opened', type: 'count', headers: ['Unique Opens', 'Opens', 'Opened', 'Total Opens'] },
    { name: 'clicked', label: 'Clicked', type: 'count', headers: ['Unique Subscriber Clicks', 'Unique Clicks', 'Clicks', 'Clicked', 'Total Clicks'] },
    { name: 'unsubscribed', label: 'Unsubscribed', type: 'count', headers: ['Unsubscribes', 'Unsubscribed', 'Total Unsubscribes'] },
  ],
  derive: campaignDeliveries,
};
