import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOverrides, detectDataset } from '../../../../shared/datasets/detect';
import { headerField, headerKey, questionKind } from '../../../../shared/datasets/headers';
import { mappableFields } from '../../../../shared/datasets/catalog';

function mapped(headers: string[], samples?: (string | number | null)[][]) {
  const d = detectDataset(headers, samples);
  assert.ok(d.chosen, d.explanation);
  return { dataset: d.chosen.dataset, fields: Object.fromEntries([...d.chosen.mapping].map(([i, f]) => [headers[i], f])), d };
}

test('headerKey: case, spaces, punctuation, underscores and the object prefix do not matter', () => {
  const k = headerKey('Close Date');
  for (const h of ['close_date', 'CloseDate', 'CLOSE_DATE', 'close-date', ' Close  Date ', 'Deal - Close date', 'Opportunity - Close Date', '\ufeffclose_date'])
    assert.equal(headerKey(h), k, h);
  assert.equal(headerKey('Amount spent (EUR)'), headerKey('Amount Spent'));
  assert.equal(headerField('deals', 'Deal - Wert')?.field, 'amount');
  assert.equal(headerField('deals', 'Obchod - Hodnota')?.field, 'amount');
  assert.equal(headerField('deals', 'Deal - Datum des gewonnenen Deals')?.field, 'closed_at');
  assert.equal(headerField('deals', 'Deal - Status')?.field, 'status');
});

test('vendor deal exports map by their own headers', () => {
  const hubspot = mapped(['Record ID', 'Deal Name', 'Deal Stage', 'Close Date', 'Deal owner', 'Amount', 'Pipeline', 'Create Date', 'Associated Product']);
  assert.equal(hubspot.dataset, 'deals');
  assert.deepEqual(hubspot.fields, {
    'Record ID': 'deal_id',
    'Deal Stage': 'stage',
    'Close Date': 'closed_at',
    'Deal owner': 'owner',
    Amount: 'amount',
    'Create Date': 'created_at',
    'Associated Product': 'product',
  });
  assert.equal(hubspot.d.explanation, 'Deals: matched Record ID, Deal Stage, Close Date, Deal owner, Amount, Create Date, Associated Product (7 of 9 columns)');

  const salesforce = mapped([
    'Opportunity Owner',
    'Account Name',
    'Opportunity Name',
    'Stage',
    'Amount',
    'Close Date',
    'Created Date',
    'Probability (%)',
    'Expected Revenue',
    'Lead Source',
    'Type',
    'Won',
    'Closed',
  ]);
  assert.deepEqual(salesforce.fields, {
    'Opportunity Owner': 'owner',
    'Account Name': 'customer_id',
    Stage: 'stage',
    Amount: 'amount',
    'Close Date': 'closed_at',
    'Created Date': 'created_at',
    'Probability (%)': 'probability',
    'Lead Source': 'source',
    Type: 'deal_type',
  });

  const pipedrive = mapped([
    'Deal - ID',
    'Deal - Title',
    'Deal - Owner',
    'Deal - Value',
    'Deal - Currency',
    'Deal - Organization',
    'Deal - Stage',
    'Deal - Status',
    'Deal - Deal created',
    'Deal - Expected close date',
    'Deal - Won time',
    'Deal - Lost time',
    'Deal - Deal closed on',
  ]);
  assert.deepEqual(pipedrive.fields, {
    'Deal - ID': 'deal_id',
    'Deal - Owner': 'owner',
    'Deal - Value': 'amount',
    'Deal - Currency': 'currency',
    'Deal - Organization': 'customer_id',
    'Deal - Stage': 'stage',
    'Deal - Status': 'status',
    'Deal - Deal created': 'created_at',
    'Deal - Deal closed on': 'closed_at',
  });

  const german = mapped(['Deal - Titel', 'Deal - Wert', 'Deal - Status', 'Deal - Datum des gewonnenen Deals']);
  assert.deepEqual(german.fields, { 'Deal - Wert': 'amount', 'Deal - Status': 'status', 'Deal - Datum des gewonnenen Deals': 'closed_at' });

  const zoho = mapped([
    'Record Id',
    'Deal Owner',
    'Deal Owner.id',
    'Deal Name',
    'Account Name',
    'Type',
    'Lead Source',
    'Amount',
    'Closing Date',
    'Stage',
    'Created Time',
    'Currency',
  ]);
  assert.deepEqual(zoho.fields, {
    'Record Id': 'deal_id',
    'Deal Owner': 'owner',
    'Account Name': 'customer_id',
    Type: 'deal_type',
    'Lead Source': 'source',
    Amount: 'amount',
    'Closing Date': 'closed_at',
    Stage: 'stage',
    'Created Time': 'created_at',
    Currency: 'currency',
  });

  const dynamics = mapped([
    '(Do Not Modify) Opportunity',
    '(Do Not Modify) Row Checksum',
    'Topic',
    'Potential Customer',
    'Owner',
    'Est. close date',
    'Est. revenue',
    'Status',
    'Status Reason',
    'Actual Close Date',
    'Actual Revenue',
    'Created On',
  ]);
  assert.deepEqual(dynamics.fields, {
    '(Do Not Modify) Opportunity': 'deal_id',
    'Potential Customer': 'customer_id',
    Owner: 'owner',
    'Est. revenue': 'estimated_amount',
    Status: 'status',
    'Actual Close Date': 'closed_at',
    'Actual Revenue': 'amount',
    'Created On': 'created_at',
  });
  // Only a status column: stage comes from it (the catalogue's alternative), nothing is missing.
  assert.deepEqual([...dynamics.d.chosen!.missingRequired], []);

  const insightly = mapped([
    'OPPORTUNITY_ID',
    'OPPORTUNITY_NAME',
    'OPPORTUNITY_STATE',
    'BID_CURRENCY',
    'BID_AMOUNT',
    'FORECAST_CLOSE_DATE',
    'ACTUAL_CLOSE_DATE',
    'OWNER_USER_ID',
    'DATE_CREATED_UTC',
  ]);
  assert.deepEqual(insightly.fields, {
    OPPORTUNITY_ID: 'deal_id',
    OPPORTUNITY_STATE: 'status',
    BID_CURRENCY: 'currency',
    BID_AMOUNT: 'amount',
    ACTUAL_CLOSE_DATE: 'closed_at',
    OWNER_USER_ID: 'owner',
    DATE_CREATED_UTC: 'created_at',
  });

  const freshsales = mapped([
    'Name',
    'Deal Value',
    'Type',
    'Expected close date',
    'Closed date',
    'Product',
    'Owner',
    'Deal Pipeline',
    'Deal Stage',
    'Account',
    'Source',
    'Created at',
  ]);
  assert.deepEqual(freshsales.fields, {
    'Deal Value': 'amount',
    Type: 'deal_type',
    'Closed date': 'closed_at',
    Product: 'product',
    Owner: 'owner',
    'Deal Stage': 'stage',
    Account: 'customer_id',
    Source: 'source',
    'Created at': 'created_at',
  });
});

test('help-desk exports map by their own headers', () => {
  const servicenow = mapped([
    'number',
    'opened_at',
    'short_description',
    'caller_id',
    'priority',
    'state',
    'category',
    'assignment_group',
    'assigned_to',
    'resolved_at',
    'closed_at',
    'contact_type',
    'reassignment_count',
  ]);
  assert.equal(servicenow.dataset, 'tickets');
  assert.deepEqual(servicenow.fields, {
    number: 'ticket_id',
    opened_at: 'created_at',
    caller_id: 'customer_id',
    priority: 'priority',
    state: 'status',
    assigned_to: 'agent',
    resolved_at: 'resolved_at',
    contact_type: 'channel',
  });

  const zendesk = mapped([
    'Summation column',
    'Id',
    'Requester',
    'Requester id',
    'Requester email',
    'Assignee',
    'Group',
    'Subject',
    'Status',
    'Priority',
    'Via',
    'Created at',
    'Updated at',
    'Solved at',
    'Satisfaction Score',
    'Reopens',
    'Replies',
    'First reply time in minutes',
  ]);
  assert.equal(zendesk.dataset, 'tickets');
  assert.deepEqual(zendesk.fields, {
    Id: 'ticket_id',
    'Requester id': 'customer_id',
    Assignee: 'agent',
    Status: 'status',
    Priority: 'priority',
    Via: 'channel',
    'Created at': 'created_at',
    'Solved at': 'resolved_at',
    'Satisfaction Score': 'satisfaction',
    Replies: 'contacts',
    // The export has no first-reply time: it is the creation time plus these minutes.
    'First reply time in minutes': 'first_response_at',
  });

  const freshdesk = mapped([
    'Ticket ID',
    'Subject',
    'Status',
    'Priority',
    'Source',
    'Type',
    'Agent',
    'Group',
    'Created time',
    'Due by Time',
    'Resolved time',
    'Closed time',
    'Initial response time',
    'First response time (in hrs)',
    'Agent interactions',
    'Customer interactions',
    'Survey results',
    'Contact ID',
  ]);
  assert.deepEqual(freshdesk.fields, {
    'Ticket ID': 'ticket_id',
    Status: 'status',
    Priority: 'priority',
    Source: 'channel',
    Agent: 'agent',
    'Created time': 'created_at',
    'Resolved time': 'resolved_at',
    'Initial response time': 'first_response_at',
    'Agent interactions': 'contacts',
    'Survey results': 'satisfaction',
    'Contact ID': 'customer_id',
  });
});

test('a whole-question header with 0-10 answers is an NPS score; with text answers it is not', () => {
  assert.equal(questionKind('On a scale of 0-10, how would you rate Sudzilla?'), 'nps');
  assert.equal(questionKind('How likely are you to recommend us to a friend?'), 'nps');
  assert.equal(questionKind('How satisfied were you with your support today?'), 'csat');
  assert.equal(questionKind('How easy was it to resolve your issue?'), 'ces');
  assert.equal(questionKind('How would you rate the food at Sudzilla (lunch)?'), undefined);
  assert.equal(questionKind('Score'), undefined);
  const headers = ['Timestamp', 'How likely are you to recommend Sudzilla?'];
  const numeric = detectDataset(headers, [
    ['11/1/2019 8:51:12', '9'],
    ['11/1/2019 9:05:13', 10],
  ]);
  assert.equal(numeric.chosen?.dataset, 'surveys');
  assert.deepEqual(numeric.chosen?.suggestedSet, [['kind', 'nps']]);
  const texty = detectDataset(headers, [['11/1/2019 8:51:12', 'Yum!']]);
  assert.ok(!texty.candidates.some((c) => [...c.mapping.values()].includes('score')));
});

test('ties and weights: required fields count most, distinctive headers more than generic ones', () => {
  // 'Date' and 'Amount' fit spend, orders, quotas...; 'Category' tips it to spend.
  assert.equal(detectDataset(['Date', 'Amount', 'Category']).chosen?.dataset, 'spend');
  assert.equal(detectDataset(['Date', 'Sessions', 'Conversions', 'Default Channel Group']).chosen?.dataset, 'web_traffic');
  assert.equal(detectDataset(['Owner', 'Quarter', 'Quota']).chosen?.dataset, 'quotas');
  assert.equal(detectDataset(['User', 'Date', 'Logins', 'Minutes']).chosen?.dataset, 'crm_usage');
  assert.equal(detectDataset(['Subscription ID', 'Customer ID', 'Start Date', 'End Date', 'MRR']).chosen?.dataset, 'subscriptions');
  const none = detectDataset(['foo', 'bar']);
  assert.equal(none.chosen, null);
  assert.equal(none.explanation, 'no column header is one we know; choose the dataset and map the columns');
});

test('applyOverrides: --map and --set on top of detection, with errors that list the valid names', () => {
  const headers = ['Deal Stage', 'Amount', 'Closed', 'Rep'];
  const d = detectDataset(headers);
  assert.equal(d.chosen?.dataset, 'deals');
  const r = applyOverrides(
    headers,
    'deals',
    d.chosen!.mapping,
    [
      ['Closed', 'closed_at'],
      ['rep', 'owner'],
      ['Amount', 'ignore'],
    ],
    [['deal_type', 'New Business']],
  );
  assert.ok(r.ok);
  assert.deepEqual([...r.mapping].sort(), [
    [0, 'stage'],
    [2, 'closed_at'],
    [3, 'owner'],
  ]);
  assert.deepEqual([...r.constants], [['deal_type', 'New Business']]);
  // Mapping a field already taken moves it; setting a field unmaps its column.
  const moved = applyOverrides(headers, 'deals', d.chosen!.mapping, [['Rep', 'stage']], [['amount', '100']]);
  assert.ok(moved.ok);
  assert.deepEqual([...moved.mapping].sort(), [
    [2, 'closed_at'],
    [3, 'stage'],
  ]);
  const badColumn = applyOverrides(headers, 'deals', new Map(), [['Owner', 'owner']], []);
  assert.deepEqual(badColumn, { ok: false, error: 'no column "Owner" in this file; the columns are: "Deal Stage", "Amount", "Closed", "Rep"' });
  const badField = applyOverrides(headers, 'deals', new Map(), [['Rep', 'salesman']], []);
  assert.ok(!badField.ok);
  assert.equal(
    badField.error,
    `"salesman" is not a field of deals; the fields of deals are: ${mappableFields('deals')
      .map((f) => f.name)
      .join(', ')}`,
  );
  const derived = applyOverrides(headers, 'spend', new Map(), [], [['spent_until', '2026-01-01']]);
  assert.ok(!derived.ok && derived.error.startsWith('"spent_until" is not a field of spend'));
});

test("the app's own field names and labels map in every dataset (closed_at and 'Closed' for deals)", () => {
  const d = detectDataset(['deal_id', 'stage', 'amount', 'created_at', 'closed_at', 'owner']);
  assert.equal(d.chosen?.dataset, 'deals');
  assert.equal([...d.chosen!.mapping.values()].includes('closed_at'), true);
  const labels = detectDataset(['Stage', 'Amount', 'Created', 'Closed', 'Owner']);
  assert.deepEqual(
    [...labels.chosen!.mapping.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f),
    ['stage', 'amount', 'created_at', 'closed_at', 'owner'],
  );
});
