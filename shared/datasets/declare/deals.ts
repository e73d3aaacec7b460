/*
 * Headers left unmapped on purpose:
 * - Salesforce IsWon/IsClosed (and the 'Won'/'Closed' checkboxes): status comes from the stage, and in
 *   the real export the flags disagree with StageName in 86 of 219 rows.
 * - Estimates of a close date (Dynamics 'Est. close date', Freshsales 'Expected close date', Insightly
 *   FORECAST_CLOSE_DATE) are not closed_at: KPIs use the dates deals actually closed.
 * - Salesforce 'Expected Revenue' is amount x probability, not an estimate of the amount.
 */
import type { DatasetDef } from '../catalog';
import { cellText } from '../cell';
import { type DeriveRow, shown } from '../derive-row';
import type { DealStatus } from '../labels';
import { currency, seg } from './fields';

export const deals: DatasetDef = {
  name: 'deals',
  label: 'Deals',
  record: ['deal', 'deals'],
  summary: 'Deals from your CRM',
  description: 'One row per deal or opportunity: stage, amount, owner, and when it was created and closed.',
  hint: 'import a CRM deals export (Stage, Amount, Close Date)',
  key: { fields: ['deal_id'] },
  // An open deal's close date is only expected.
  events: [{ field: 'created_at' }, { field: 'closed_at', whenStatus: ['won', 'lost'] }],
  fields: [
    {
      name: 'deal_id',
      label: 'Deal ID',
      type: 'id',
      headers: ['Deal ID', 'Opportunity ID', 'opportunity_id', 'OPPORTUNITY_ID', 'OppID', 'Record ID', '(Do Not Modify) Opportunity', 'Id'],
    },
    // A segment too: the pipeline split by the stage its deals stand at.
    {
      name: 'stage',
      label: 'Stage',
      type: 'text',
      required: true,
      segment: true,
      headers: ['Deal Stage', 'Stage', 'StageName', 'Stage Name', 'deal_stage', 'Sales Stage', 'Pipeline Phase', 'Phase'],
      writtenFrom: ['status'],
    },
    {
      name: 'status',
      label: 'Status',
      type: 'enum',
      values: ['won', 'lost', 'open'],
      headers: ['Status', 'Deal Status', 'OPPORTUNITY_STATE', 'Opportunity State', 'Stav'],
      writtenFrom: ['stage'],
    },
    {
      name: 'amount',
      label: 'Amount',
      type: 'money',
      headers: ['Amount', 'Actual Revenue', 'Deal Value', 'Value', 'close_value', 'BID_AMOUNT', 'Opportunity Amount', 'Deal Amount', 'Wert', 'Hodnota'],
      writtenFrom: ['estimated_amount'],
    },
    {
      name: 'estimated_amount',
      label: 'Estimated amount',
      type: 'money',
      importOnly: true,
      headers: ['Est. revenue', 'Estimated Revenue', 'Estimated Amount', 'Estimated Value'],
    },
    {
      name: 'created_at',
      label: 'Created',
      type: 'date',
      headers: [
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
    },
    {
      name: 'closed_at',
      label: 'Closed',
      type: 'date',
      headers: [
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
    },
    seg('owner', 'Owner', ['Deal owner', 'Opportunity Owner', 'Owner', 'sales_agent', 'OwnerId', 'OWNER_USER_ID', 'Sales Rep', 'Salesperson', 'Besitzer']),
    seg('source', 'Source', ['Lead Source', 'LeadSource', 'Deal Source', 'Source']),
    {
      name: 'customer_id',
      label: 'Customer ID',
      type: 'id',
      headers: [
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
    },
    seg('product', 'Product', ['Product', 'Products', 'Associated Product', 'Product Name']),
    { name: 'deal_type', label: 'Deal type', type: 'enum', values: ['new', 'upsell', 'renewal'], headers: ['Deal Type', 'Type', 'Opportunity Type'] },
    seg('region', 'Region', ['Region', 'Territory', 'regional_office']),
    // 0 to 1, read from 0-100 or 0-1 (dealProbability below); a deal without one takes its stage's from
    // the settings. Salesforce and Zoho 'Probability (%)', Pipedrive 'Deal - Probability', HubSpot 'Deal probability'.
    {
      name: 'probability',
      label: 'Probability',
      type: 'number',
      headers: ['Probability (%)', 'Probability', 'Deal probability', 'Deal Stage Probability', 'Win Probability'],
    },
    currency(['Currency', 'Currency of Value', 'BID_CURRENCY', 'CurrencyIsoCode', 'Opportunity Currency', 'Währung']),
  ],
  requiredAlternatives: { stage: [['status']] },
  derive(row) {
    const stage = row.get('stage');
    const statusSource = row.source('status');
    if (stage === undefined && row.has('status')) row.set('stage', statusSource ? cellText(statusSource.cell) : String(row.get('status')));
    const stageText = row.get('stage');
    if (!row.has('status') && !row.failed('status') && typeof stageText === 'string') {
      const s = row.stage(stageText);
      if (s.ok) row.set('status', s.value);
      else row.problem(row.source('stage')?.col ?? { index: -1, header: 'stage', field: 'stage', type: 'text' }, stageText, s.reason);
    }
    const status = row.get('status') as DealStatus | undefined;
    const actual = row.num('amount');
    const estimate = row.num('estimated_amount');
    const amount = status === 'open' ? (estimate ?? actual) : status === 'won' ? (actual ?? estimate) : actual;
    if (amount === undefined) row.delete('amount');
    else row.set('amount', amount);
    dealProbability(row);
  },
};

/**
 * A deal's probability on the 0-1 scale. "20%" is read as written; a column headed with "%"
 * (Salesforce's and Zoho's "Probability (%)") holds 0-100; any other holds 0-1 (HubSpot) unless the
 * value is above 1, which only 0-100 (Pipedrive) writes. Outside its scale the row is rejected, by
 * this rule and not by the field's reading (an optional field's unreadable value is only left out):
 * a deal at 250% or -20% would move the weighted forecast without a word.
 */
function dealProbability(row: DeriveRow): void {
  const p = row.num('probability');
  if (p === undefined) return;
  const from = row.source('probability');
  const cell = from ? from.cell : p;
  const written = typeof cell === 'string' && /%\s*$/.test(cell);
  const value = !written && (from?.col.header.includes('%') === true || p > 1) ? p / 100 : p;
  if (value >= 0 && value <= 1) {
    row.set('probability', value);
    return;
  }
  row.delete('probability');
  row.add({
    row: row.rowNumber,
    column: from?.col.header ?? 'probability',
    value: shown(cell),
    reason: 'is not a probability: give 0 to 100 (or 0 to 1, or a percentage such as 40%)',
  });
}
