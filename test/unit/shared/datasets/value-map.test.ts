/**
 * The value mapping: every vendor's documented picklist read as the vendor means it (the picklists
 * of each vendor's own documentation),
 * the user's readings over the built-in ones, the labels of a pass counted and grouped, and the one
 * warning per column of values an optional field left empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planColumns, type ImportPlan } from '../../../../shared/datasets/columns';
import type { DatasetName } from '../../../../shared/datasets/catalog';
import { normaliseRow } from '../../../../shared/datasets/rows';
import { labelField, labelFieldsOf, labelMaps, leftEmptyWarnings, readLabel, valueLabels, ValueTally } from '../../../../shared/datasets/value-map';

/** Each label as the import reads it for the field, without a reading of the user's. */
const readAll = (dataset: DatasetName, field: string, labels: readonly string[]) =>
  Object.fromEntries(labels.map((l) => [l, readLabel(dataset, field, l, undefined)]));

test('Salesforce: every standard Stage and Type picklist value', () => {
  const stages = [
    'Prospecting',
    'Qualification',
    'Needs Analysis',
    'Value Proposition',
    'Id. Decision Makers',
    'Perception Analysis',
    'Proposal/Price Quote',
    'Negotiation/Review',
  ];
  assert.deepEqual(readAll('deals', 'status', [...stages, 'Closed Won', 'Closed Lost']), {
    ...Object.fromEntries(stages.map((s) => [s, 'open'])),
    'Closed Won': 'won',
    'Closed Lost': 'lost',
  });
  // Replacement and Downgrade keep an existing customer's business without growing it: renewal, neither new nor upsell.
  assert.deepEqual(
    readAll('deals', 'deal_type', ['New Customer', 'Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade']),
    {
      'New Customer': 'new',
      'Existing Customer - Upgrade': 'upsell',
      'Existing Customer - Replacement': 'renewal',
      'Existing Customer - Downgrade': 'renewal',
    },
  );
});

test("HubSpot's default pipeline, Zoho's stages and Type, Freshsales' New and Negotiation", () => {
  assert.deepEqual(
    readAll('deals', 'status', [
      'Appointment Scheduled',
      'Qualified To Buy',
      'Presentation Scheduled',
      'Decision Maker Bought-In',
      'Contract Sent',
      'Closed Won',
      'Closed Lost',
    ]),
    {
      'Appointment Scheduled': 'open',
      'Qualified To Buy': 'open',
      'Presentation Scheduled': 'open',
      'Decision Maker Bought-In': 'open',
      'Contract Sent': 'open',
      'Closed Won': 'won',
      'Closed Lost': 'lost',
    },
  );
  const zohoOpen = ['Qualification', 'Needs Analysis', 'Value Proposition', 'Identify Decision Makers', 'Proposal/Price Quote', 'Negotiation/Review'];
  assert.deepEqual(readAll('deals', 'status', [...zohoOpen, 'Closed Won', 'Closed Lost', 'Closed Lost to Competition', 'Closed-Lost to Competition']), {
    ...Object.fromEntries(zohoOpen.map((s) => [s, 'open'])),
    'Closed Won': 'won',
    'Closed Lost': 'lost',
    'Closed Lost to Competition': 'lost',
    'Closed-Lost to Competition': 'lost',
  });
  assert.deepEqual(readAll('deals', 'deal_type', ['New Business', 'Existing Business']), { 'New Business': 'new', 'Existing Business': 'upsell' });
  assert.deepEqual(readAll('deals', 'status', ['New', 'Negotiation', 'Won', 'Lost']), { New: 'open', Negotiation: 'open', Won: 'won', Lost: 'lost' });
});

test("Pipedrive's statuses (either case, and German), Dynamics' Status and Status Reason, Insightly's states", () => {
  assert.deepEqual(readAll('deals', 'status', ['open', 'won', 'lost', 'Open', 'Won', 'Lost', 'Offen', 'Gewonnen', 'Verloren']), {
    open: 'open',
    won: 'won',
    lost: 'lost',
    Open: 'open',
    Won: 'won',
    Lost: 'lost',
    Offen: 'open',
    Gewonnen: 'won',
    Verloren: 'lost',
  });
  assert.deepEqual(readAll('deals', 'status', ['In Progress', 'On Hold', 'Won', 'Canceled', 'Out-Sold']), {
    'In Progress': 'open',
    'On Hold': 'open',
    Won: 'won',
    Canceled: 'lost',
    'Out-Sold': 'lost',
  });
  // A suspended opportunity is still open; an abandoned one is closed without being won.
  assert.deepEqual(readAll('deals', 'status', ['Open', 'Suspended', 'Won', 'Lost', 'Abandoned']), {
    Open: 'open',
    Suspended: 'open',
    Won: 'won',
    Lost: 'lost',
    Abandoned: 'lost',
  });
});

test('Zendesk, Freshdesk and ServiceNow ticket statuses', () => {
  assert.deepEqual(readAll('tickets', 'status', ['New', 'Open', 'Pending', 'On-hold', 'Solved', 'Closed']), {
    New: 'open',
    Open: 'open',
    Pending: 'pending',
    'On-hold': 'pending',
    Solved: 'resolved',
    Closed: 'closed',
  });
  assert.deepEqual(readAll('tickets', 'status', ['Open', 'Pending', 'Resolved', 'Closed', 'Waiting on Customer', 'Waiting on Third Party']), {
    Open: 'open',
    Pending: 'pending',
    Resolved: 'resolved',
    Closed: 'closed',
    'Waiting on Customer': 'pending',
    'Waiting on Third Party': 'pending',
  });
  // A canceled incident is over without having been solved.
  assert.deepEqual(readAll('tickets', 'status', ['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Canceled']), {
    New: 'open',
    'In Progress': 'open',
    'On Hold': 'pending',
    Resolved: 'resolved',
    Closed: 'closed',
    Canceled: 'closed',
  });
});

test('a label no vendor writes is not guessed; the user reading it decides, over the built-in reading too', () => {
  assert.equal(readLabel('deals', 'status', 'Signed', undefined), null);
  assert.equal(readLabel('deals', 'deal_type', 'Partner Deal', undefined), null);
  const chosen = labelMaps('deals', [
    ['status', 'Signed', 'won'],
    ['status', 'Closed Won', 'open'],
    ['deal_type', ' partner deal ', 'new'],
  ]);
  assert.ok(chosen.ok);
  assert.equal(readLabel('deals', 'status', 'Signed', chosen.maps), 'won');
  assert.equal(readLabel('deals', 'status', 'closed-won', chosen.maps), 'open');
  assert.equal(readLabel('deals', 'deal_type', 'Partner Deal', chosen.maps), 'new');
  const churn = labelMaps('customers', [['churned', 'Gone', 'yes']]);
  assert.ok(churn.ok);
  assert.equal(readLabel('customers', 'churned', 'Gone', churn.maps), 'yes');
  assert.equal(readLabel('customers', 'churned', 'No internet service', undefined), null);
  assert.equal(readLabel('customers', 'churned', 'No', undefined), 'no');
});

test('a reading that cannot be is said with what would be; remembered ones that do not fit are dropped', () => {
  assert.deepEqual(labelMaps('deals', [['deal_type', 'Partner Deal', 'partner']]), {
    ok: false,
    error: 'the reading of Deal type "Partner Deal" as "partner": "partner" is not a deal type value; give one of new, upsell, renewal',
  });
  assert.deepEqual(labelMaps('deals', [['owner', 'Ann', 'new']]), {
    ok: false,
    error: 'the reading of owner "Ann" as "new": deals has no label field "owner" (its label fields: status, deal_type)',
  });
  const lenient = labelMaps(
    'deals',
    [
      ['owner', 'Ann', 'new'],
      ['deal_type', 'X', 'bad'],
      ['status', 'Signed', 'won'],
    ],
    true,
  );
  assert.ok(lenient.ok);
  assert.deepEqual(
    [...lenient.maps].map(([f, m]) => [f, [...m]]),
    [['status', [['signed', 'won']]]],
  );
});

test('the label fields of a mapping: a deal stage and status are one (status), flags and vendor enums, not free text', () => {
  assert.deepEqual(
    labelFieldsOf('deals', ['deal_id', 'stage', 'status', 'deal_type', 'owner']).map((f) => [f.field, f.required, f.choices.join('/')]),
    [
      ['status', true, 'won/lost/open'],
      ['deal_type', false, 'new/upsell/renewal'],
    ],
  );
  assert.equal(labelField('surveys', 'kind')?.required, true);
  assert.deepEqual(labelField('customers', 'churned')?.choices, ['yes', 'no']);
  assert.equal(labelField('tickets', 'satisfaction_good'), null);
  assert.equal(labelField('tickets', 'channel'), null);
});

function dealPlan(): ImportPlan {
  const r = planColumns(
    'deals',
    ['Stage', 'Status', 'Type', 'Close Date'],
    new Map([
      [0, 'stage'],
      [1, 'status'],
      [2, 'deal_type'],
      [3, 'closed_at'],
    ]),
    [],
    { currency: 'USD' },
  );
  assert.ok(r.ok);
  return r.plan;
}

test("a pass's labels: the status column's, else the stage's; spellings grouped; most rows first, each read", () => {
  const plan = dealPlan();
  const tally = new ValueTally();
  const count = tally.counter(plan);
  for (const row of [
    ['Negotiation', 'open', 'New Customer', ''],
    ['Closed Won', 'Won', 'New Customer', ''],
    ['Closed Won', 'won', 'Existing Customer - Downgrade', ''],
    ['Closed Won', '', 'new customer', ''],
    ['Signed', '', '', ''],
    ['', '', 'Partner Deal', ''],
  ])
    count(row);
  assert.deepEqual(valueLabels(plan, tally.end()), [
    {
      field: 'status',
      label: 'Status',
      choices: ['won', 'lost', 'open'],
      required: true,
      columns: ['Status', 'Stage'],
      otherRows: 0,
      values: [
        // 'Won' and 'won' are one label, shown as its commonest spelling (the first seen of equals).
        { label: 'Won', rows: 2, value: 'won' },
        { label: 'Closed Won', rows: 1, value: 'won' },
        { label: 'open', rows: 1, value: 'open' },
        { label: 'Signed', rows: 1, value: null },
      ],
    },
    {
      field: 'deal_type',
      label: 'Deal type',
      choices: ['new', 'upsell', 'renewal'],
      required: false,
      columns: ['Type'],
      otherRows: 0,
      values: [
        { label: 'New Customer', rows: 3, value: 'new' },
        { label: 'Existing Customer - Downgrade', rows: 1, value: 'renewal' },
        { label: 'Partner Deal', rows: 1, value: null },
      ],
    },
  ]);
});

test('an optional label or date that cannot be read is left empty, the row kept; one warning per column, five samples with rows', () => {
  const plan = dealPlan();
  const tally = new ValueTally();
  const types = ['Partner', 'Partner', 'Reseller', 'OEM', 'Referral', 'Barter', 'Gift', 'Gift'];
  types.forEach((type, i) => {
    const r = normaliseRow(plan, ['Closed Won', '', type, i === 3 ? '2026-02-30' : '2026-02-01'], i + 2, tally);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.values.deal_type, null);
  });
  // A rejected row's values are not counted: it is not imported at all.
  assert.equal(normaliseRow(plan, ['Signed', '', 'Partner', ''], 20, tally).ok, false);
  const end = tally.end();
  assert.deepEqual(
    end.leftEmpty.map((e) => [e.column, e.count, e.samples.map((s) => `${s.row}:${s.value}`)]),
    [
      ['Type', 8, ['2:Partner', '4:Reseller', '5:OEM', '6:Referral', '7:Barter']],
      ['Close Date', 1, ['5:2026-02-30']],
    ],
  );
  assert.deepEqual(leftEmptyWarnings('deals', end.leftEmpty), [
    'Column "Type": 8 values left empty because they are not a deal type (new, upsell, renewal), e.g. row 2 "Partner", row 4 "Reseller", row 5 "OEM", row 6 "Referral", row 7 "Barter", …. ' +
      "To keep them, choose what each label means in the import's value mapping.",
    'Column "Close Date": 1 value left empty because it is not a date, row 5 "2026-02-30". To keep it, correct the file and import it again.',
  ]);
});
