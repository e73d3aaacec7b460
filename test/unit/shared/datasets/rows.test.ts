import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetName } from '../../../../shared/datasets/catalog';
import { type ImportPlan, type ImportSettings, planColumns } from '../../../../shared/datasets/columns';
import type { Cell } from '../../../../shared/datasets/values';
import { normaliseRow } from '../../../../shared/datasets/rows';
import { ValueTally } from '../../../../shared/datasets/value-map';

function plan(
  name: DatasetName,
  headers: string[],
  fields: (string | null)[],
  rows: Cell[][],
  extra: Partial<ImportSettings> = {},
  constants: [string, string][] = [],
): ImportPlan {
  const mapping = new Map(fields.flatMap((f, i) => (f ? [[i, f] as [number, string]] : [])));
  const r = planColumns(name, headers, mapping, rows, { currency: 'USD', ...extra }, new Map(constants));
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.plan;
}

function values(p: ImportPlan, cells: Cell[], row = 2) {
  const r = normaliseRow(p, cells, row);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r.values;
}

function problems(p: ImportPlan, cells: Cell[], row = 2, tally?: ValueTally) {
  const r = normaliseRow(p, cells, row, tally);
  assert.ok(!r.ok, 'expected problems');
  return r.problems;
}

test('deals: Maven rows, status from stage, empty optional fields stay null', () => {
  const headers = ['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value'];
  const fields = ['deal_id', 'owner', 'product', 'customer_id', 'stage', 'created_at', 'closed_at', 'amount'];
  const rows: Cell[][] = [
    ['1C1I7A6R', 'Moses Frase', 'GTX Plus Basic', 'Cancity', 'Won', '2016-10-20', '2017-03-01', '1054'],
    ['HAXMC4IX', 'James Ascencio', 'MG Advanced', '', 'Engaging', '2017-03-20', '', ''],
  ];
  const p = plan('deals', headers, fields, rows);
  assert.deepEqual(values(p, rows[0]!), {
    deal_id: '1C1I7A6R',
    stage: 'Won',
    status: 'won',
    amount: 1054,
    created_at: '2016-10-20',
    closed_at: '2017-03-01',
    owner: 'Moses Frase',
    source: null,
    customer_id: 'Cancity',
    product: 'GTX Plus Basic',
    deal_type: null,
    region: null,
    probability: null,
  });
  const open = values(p, rows[1]!, 3);
  assert.equal(open.status, 'open');
  assert.equal(open.amount, null);
  assert.equal(open.customer_id, null);
  assert.equal(open.closed_at, null);
});

test('deals: a required stage missing or unknown is a row problem naming the column; an impossible optional date is left empty and counted', () => {
  const p = plan('deals', ['Deal Stage', 'Close Date'], ['stage', 'closed_at'], [['Won', '18/10/2024']]);
  const tally = new ValueTally();
  assert.deepEqual(problems(p, ['', '31/02/2024'], 17, tally), [{ row: 17, column: 'Deal Stage', value: '', reason: 'is required (Stage, or Status)' }]);
  assert.deepEqual(problems(p, ['Signed', '18/10/2024'], 18, tally), [
    {
      row: 18,
      column: 'Deal Stage',
      value: 'Signed',
      reason: "is not a stage known as won, lost or open: say which it counts as in the import's value mapping",
    },
  ]);
  const kept = normaliseRow(p, ['Won', '31/02/2024'], 19, tally);
  assert.ok(kept.ok);
  assert.equal(kept.values.closed_at, null);
  assert.equal(kept.values.status, 'won');
  // Only the kept row's value counts as left empty: row 17 was rejected whole.
  assert.deepEqual(tally.end().leftEmpty, [{ column: 'Close Date', field: 'closed_at', type: 'date', count: 1, samples: [{ row: 19, value: '31/02/2024' }] }]);
});

test('deals: status column (Dynamics) gives the stage; won/lost use Actual Revenue, open deals Est. revenue', () => {
  const headers = ['Status', 'Est. revenue', 'Actual Revenue', 'Actual Close Date', 'Currency'];
  const fields = ['status', 'estimated_amount', 'amount', 'closed_at', 'currency'];
  const p = plan('deals', headers, fields, [['Won', 100, 90, '2026-01-31', 'USD']]);
  const won = values(p, ['Won', 100, 90, '2026-01-31', 'USD']);
  assert.equal(won.stage, 'Won');
  assert.equal(won.status, 'won');
  assert.equal(won.amount, 90);
  assert.ok(!('estimated_amount' in won) && !('currency' in won));
  // Won with no actual revenue: Dynamics fills actual from the estimate, so do we.
  assert.equal(values(p, ['Won', 100, null, '2026-01-31', 'USD']).amount, 100);
  assert.equal(values(p, ['Open', 100, null, null, 'USD']).amount, 100);
  assert.equal(values(p, ['Open', 100, null, null, 'USD']).status, 'open');
  assert.equal(values(p, ['Lost', 100, 0, '2026-02-01', 'USD']).amount, 0);
  assert.equal(values(p, ['Lost', 100, 0, '2026-02-01', 'USD']).status, 'lost');
  assert.deepEqual(problems(p, ['Won', 100, 90, '2026-01-31', 'EUR'], 5), [
    {
      row: 5,
      column: 'Currency',
      value: 'EUR',
      reason: 'is in EUR; this workbook is in USD: keep each currency in a workbook of its own, or convert the amounts to USD before importing',
    },
  ]);
  assert.deepEqual(problems(p, ['Won', '€90', 90, '2026-01-31', 'USD'], 6), [
    {
      row: 6,
      column: 'Est. revenue',
      value: '€90',
      reason: 'is in EUR; this workbook is in USD: keep each currency in a workbook of its own, or convert the amounts to USD before importing',
    },
  ]);
});

test('deals: Insightly states and the user value map', () => {
  const p = plan('deals', ['OPPORTUNITY_STATE', 'BID_AMOUNT'], ['status', 'amount'], [['Abandoned', '10']]);
  assert.equal(values(p, ['Abandoned', '10']).status, 'lost');
  assert.equal(values(p, ['Abandoned', '10']).stage, 'Abandoned');
  assert.equal(values(p, ['Suspended', '10']).status, 'open');
  const mapped = plan('deals', ['Stage'], ['stage'], [['Signed']], { labels: new Map([['status', new Map([['signed', 'won']])]]) });
  assert.equal(values(mapped, ['Signed']).status, 'won');
  assert.equal(values(mapped, ['Closed Won']).status, 'won');
});

test('orders: amount from quantity x unit price, UCI cancellations, NA customer ids', () => {
  const headers = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
  const fields = ['order_id', null, 'product', 'quantity', 'ordered_at', 'unit_price', 'customer_id', null];
  const rows: Cell[][] = [['557055', '23203', 'JUMBO BAG DOILEY PATTERNS', 20, '2011-06-16 14:45:00', 2.08, 12621, 'Germany']];
  const p = plan('orders', headers, fields, rows);
  // 20 x 2.08 = 41.6
  assert.deepEqual(values(p, rows[0]!), {
    order_id: '557055',
    line_id: null,
    customer_id: '12621',
    ordered_at: '2011-06-16',
    amount: 41.6,
    quantity: 20,
    unit_price: 2.08,
    product: 'JUMBO BAG DOILEY PATTERNS',
    cancelled: null,
  });
  // 6 x 2.95 = 17.7 exactly, not 17.700000000000003
  assert.equal(values(p, ['536365', '1', 'X', 6, '2010-12-01 08:26:00', 2.95, 17850, 'UK']).amount, 17.7);
  const cancel = values(p, ['C536379', 'D', 'Discount', -1, '2010-12-01 09:41:00', 27.5, 14527, 'UK']);
  assert.equal(cancel.cancelled, 1);
  assert.equal(cancel.amount, -27.5);
  assert.deepEqual(problems(p, ['546306', '21733', 'RED HANGING HEART', 2, '2011-03-10 16:16:00', 2.95, 'NA', 'UK'], 9), [
    { row: 9, column: 'CustomerID', value: 'NA', reason: 'is required (Customer ID)' },
  ]);
  // Superstore's 'CA-2016-152156' is not a cancellation.
  const superstore = plan('orders', ['Order ID', 'Customer ID', 'Order Date', 'Sales'], ['order_id', 'customer_id', 'ordered_at', 'amount'], []);
  assert.equal(values(superstore, ['CA-2016-152156', 'CG-12520', '2016-11-08', '261.96']).cancelled, null);
  assert.deepEqual(problems(p, ['1', 'x', 'y', '', '2011-01-01', 2, 5, 'UK'], 4), [
    { row: 4, column: 'Quantity', value: '', reason: 'is required (Amount, or Quantity x Unit price)' },
  ]);
});

test('tickets: worded and numeric satisfaction, CSAT scale, datetimes', () => {
  const headers = ['Id', 'Created at', 'Solved at', 'Satisfaction Score', 'Replies'];
  const fields = ['ticket_id', 'created_at', 'resolved_at', 'satisfaction', 'contacts'];
  const p = plan('tickets', headers, fields, [['1', '2024-03-15 10:22', '', 'Good', '1']]);
  const goodRow = values(p, ['1', '2024-03-15 10:22', '2024-03-16 09:00:05', 'Good', '1']);
  assert.equal(goodRow.created_at, '2024-03-15T10:22:00');
  assert.equal(goodRow.resolved_at, '2024-03-16T09:00:05');
  assert.equal(goodRow.satisfaction, null);
  assert.equal(goodRow.satisfaction_good, 1);
  assert.equal(goodRow.contacts, 1);
  assert.equal(values(p, ['2', '2024-03-15 10:22', '', 'Bad', '2']).satisfaction_good, 0);
  const notOffered = values(p, ['3', '2024-03-15 10:22', '', 'Not Offered', '0']);
  assert.equal(notOffered.satisfaction, null);
  assert.equal(notOffered.satisfaction_good, null);
  assert.equal(values(p, ['4', '2024-03-15 10:22', '', 'Offered', '0']).satisfaction_good, null);
  assert.equal(values(p, ['5', '2024-03-15 10:22', '', '4.0', '0']).satisfaction, 4);
  assert.deepEqual(problems(p, ['6', '2024-03-15 10:22', '', '6', '0'], 8), [
    { row: 8, column: 'Satisfaction Score', value: '6', reason: 'is outside the 1-5 CSAT scale' },
  ]);
  assert.deepEqual(problems(p, ['7', '2024-03-15 10:22', '', '4', '1.5'], 9), [{ row: 9, column: 'Replies', value: '1.5', reason: 'is not a whole number' }]);
});

test('surveys: kind by --set, scores held to the scale of their kind', () => {
  const nps = plan('surveys', ['CustomerID', 'How likely are you to recommend this airline?'], ['customer_id', 'score'], [['013d950', '6']], {}, [
    ['kind', 'nps'],
  ]);
  assert.deepEqual(values(nps, ['013d950', '6']), { response_id: null, customer_id: '013d950', responded_at: null, kind: 'nps', score: 6, channel: null });
  assert.equal(values(nps, ['x', 0]).score, 0);
  assert.deepEqual(problems(nps, ['x', '11'], 3), [
    { row: 3, column: 'How likely are you to recommend this airline?', value: '11', reason: 'is outside the 0-10 NPS scale' },
  ]);
  const csat = plan('surveys', ['rating', 'date', 'Kind'], ['score', 'responded_at', 'kind'], [['5', '31-Jul-18', 'CSAT']]);
  assert.equal(values(csat, ['5', '31-Jul-18', 'CSAT']).responded_at, '2018-07-31');
  assert.deepEqual(problems(csat, ['0', '31-Jul-18', 'CSAT'], 4), [{ row: 4, column: 'rating', value: '0', reason: 'is outside the 1-5 CSAT scale' }]);
  assert.deepEqual(problems(csat, ['8', '31-Jul-18', 'CES'], 5), [{ row: 5, column: 'rating', value: '8', reason: 'is outside the 1-7 CES scale' }]);
  // An unreadable required value is reported once, not again as missing.
  assert.deepEqual(problems(csat, ['3', '31-Jul-18', 'poll'], 6), [{ row: 6, column: 'Kind', value: 'poll', reason: 'is not one of nps, csat, ces' }]);
  const tenPoint = plan('surveys', ['rating', 'Kind'], ['score', 'kind'], [], { csatScaleMin: 1, csatScaleMax: 10 });
  assert.equal(values(tenPoint, ['8', 'csat']).score, 8);
});

test('spend and quotas: periods become start and end', () => {
  // The sampled '31-08-2023' settles the column day-first.
  const spend = plan(
    'spend',
    ['Month', 'Spent'],
    ['spent_at', 'amount'],
    [
      ['Q1 2026', '1,000'],
      ['31-08-2023', '1.429999948'],
    ],
    {},
    [['category', 'Marketing']],
  );
  assert.deepEqual(values(spend, ['Q1 2026', '1,000']), {
    spent_at: '2026-01-01',
    spent_until: '2026-03-31',
    amount: 1000,
    category: 'marketing',
    channel: null,
  });
  assert.deepEqual(values(spend, ['31-08-2023', '1.429999948']), {
    spent_at: '2023-08-31',
    spent_until: '2023-08-31',
    amount: 1.429999948,
    category: 'marketing',
    channel: null,
  });
  assert.deepEqual(problems(spend, ['next month', '5'], 3), [
    { row: 3, column: 'Month', value: 'next month', reason: 'is not a date or a period (2026-03, 2026-Q1, FY2026-Q1)' },
  ]);
  const quotas = plan('quotas', ['Rep', 'Period', 'Quota'], ['owner', 'period', 'amount'], [], { fiscalStartMonth: 7 });
  assert.deepEqual(values(quotas, ['Anna Snelling', 'FY2026-Q1', '$50,000']), {
    owner: 'Anna Snelling',
    period: 'FY2026-Q1',
    period_end: '2025-09-30',
    amount: 50000,
  });
  assert.deepEqual(values(quotas, ['Anna Snelling', 'Mar 2026', '10']), { owner: 'Anna Snelling', period: '2026-03', period_end: '2026-03-31', amount: 10 });
});

test('customers: flags, and text stays verbatim (formula-looking text too)', () => {
  const p = plan(
    'customers',
    ['customerID', 'Churn', 'tenure', 'Contract', 'MonthlyCharges'],
    ['customer_id', 'churned', 'tenure_months', 'plan', 'monthly_revenue'],
    [],
  );
  assert.deepEqual(values(p, ['7590-VHVEG', 'No', '1', 'Month-to-month', '29.85']), {
    customer_id: '7590-VHVEG',
    name: null,
    acquired_at: null,
    churned_at: null,
    churned: 0,
    monthly_revenue: 29.85,
    tenure_months: 1,
    plan: 'Month-to-month',
    segment: null,
    region: null,
    owner: null,
    source: null,
  });
  assert.equal(values(p, ['=HYPERLINK("http://x","y")', 'Yes', '2', ' Two year ', '1']).customer_id, '=HYPERLINK("http://x","y")');
  assert.equal(values(p, ['a', 'Yes', '2', ' Two year ', '1']).plan, 'Two year');
  // An optional flag that is no yes/no is left empty, not the customer rejected.
  assert.equal(values(p, ['a', 'No internet service', '2', 'x', '1'], 12).churned, null);
  const long = 'x'.repeat(32768);
  const r = problems(p, [long, 'No', '1', 'x', '1'], 3);
  assert.equal(r.length, 1);
  assert.equal(r[0]!.reason, 'is longer than 32,767 characters');
  assert.equal(r[0]!.column, 'customerID');
  assert.ok(r[0]!.value.length < 300);
});

test('constants from --set apply to every row', () => {
  const p = plan('deals', ['Name', 'Amount'], [null, 'amount'], [], {}, [
    ['stage', 'Won'],
    ['deal_type', 'Renewal'],
  ]);
  const v = values(p, ['x', '10']);
  assert.equal(v.stage, 'Won');
  assert.equal(v.status, 'won');
  assert.equal(v.deal_type, 'renewal');
});

test('a status given by --set stands in for the stage', () => {
  const p = plan('deals', ['Amount'], ['amount'], [], {}, [['status', 'Closed Won']]);
  assert.deepEqual([values(p, ['10']).stage, values(p, ['10']).status], ['won', 'won']);
});
