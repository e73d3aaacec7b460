import type { DatasetDef } from '../catalog';
import { seg } from './fields';
import { surveyScale } from './surveys';

export const tickets: DatasetDef = {
  name: 'tickets',
  label: 'Tickets',
  record: ['ticket', 'tickets'],
  summary: 'Tickets from your help desk',
  description: 'One row per help-desk ticket: when it was opened, first answered and resolved, and how many contacts it took.',
  hint: 'import a help-desk tickets export (Created, First response, Resolved, Contacts)',
  key: { fields: ['ticket_id'] },
  events: [{ field: 'created_at' }, { field: 'resolved_at' }],
  fields: [
    { name: 'ticket_id', label: 'Ticket ID', type: 'id', headers: ['Ticket ID', 'Ticket Number', 'number', 'Incident Number', 'Case Number', 'Case ID', 'Id'] },
    {
      name: 'customer_id',
      label: 'Customer ID',
      type: 'id',
      headers: ['Requester id', 'Contact ID', 'Customer ID', 'Requester email', 'Customer Email', 'Email', 'caller_id', 'Requester'],
    },
    {
      name: 'created_at',
      label: 'Created',
      type: 'datetime',
      required: true,
      headers: ['Created at', 'Created time', 'opened_at', 'Opened', 'Date/Time Opened', 'Created Date', 'Created On', 'Date Created', 'Created'],
    },
    {
      name: 'first_response_at',
      label: 'First response',
      type: 'datetime',
      headers: ['Initial response time', 'First Response Time', 'First Responded At', 'First Response At', 'First reply at'],
    },
    {
      name: 'resolved_at',
      label: 'Resolved',
      type: 'datetime',
      headers: ['Solved at', 'Resolved time', 'resolved_at', 'Resolved', 'Resolved At', 'Time to Resolution', 'Date/Time Closed', 'Closed time', 'closed_at'],
    },
    // Zendesk 'Replies' (public agent replies) and Freshdesk 'Agent interactions' are contacts: first-contact
    // resolution is a ticket solved with one agent reply ("one-touch"); 'Customer interactions' only when
    // nothing better is there.
    {
      name: 'contacts',
      label: 'Contacts',
      type: 'count',
      headers: ['Contacts', 'Replies', 'Agent interactions', 'Number of Contacts', 'Interactions', 'Customer interactions'],
    },
    seg('channel', 'Channel', ['Via', 'Ticket Channel', 'Channel', 'contact_type', 'Source', 'Case Origin', 'Origin']),
    seg('agent', 'Agent', ['Assignee', 'Agent', 'assigned_to', 'Assigned To', 'Case Owner', 'Ticket Owner', 'Owner']),
    {
      name: 'status',
      label: 'Status',
      type: 'enum',
      values: ['open', 'pending', 'resolved', 'closed'],
      headers: ['Status', 'Ticket Status', 'state', 'incident_state'],
    },
    { name: 'priority', label: 'Priority', type: 'text', headers: ['Priority', 'Ticket Priority'] },
    {
      name: 'satisfaction',
      label: 'Satisfaction',
      type: 'score',
      headers: ['Satisfaction Score', 'Customer Satisfaction Rating', 'Satisfaction Rating', 'Satisfaction', 'CSAT', 'Survey results'],
    },
    { name: 'satisfaction_good', label: 'Satisfied (good/bad rating)', type: 'flag', derived: true, writtenFrom: ['satisfaction'] },
  ],
  // Durations are not timestamps: calendar ones become the timestamps the export lacks (durations.ts).
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
  derive(row) {
    const sat = row.num('satisfaction');
    const from = row.source('satisfaction');
    if (sat !== undefined) {
      const scale = surveyScale('csat', row.plan);
      if (sat < scale.min || sat > scale.max) {
        row.delete('satisfaction');
        if (from) row.problem(from.col, from.cell, `is outside the ${scale.min}-${scale.max} CSAT scale`);
      }
    }
  },
};
