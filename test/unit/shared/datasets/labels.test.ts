import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnum, parseFlag, parsePeriod, parseStage, satisfactionLabel } from '../../../../shared/datasets/values';

const value = (r: { ok: boolean; value?: unknown; reason?: string }) => (r.ok ? r.value : `! ${r.reason}`);

test('parseFlag: the yes/no spellings, and a third value is refused', () => {
  for (const c of ['yes', 'Yes', 'YES', 'y', 'true', 'TRUE', 'True', '1', 'x', 'X', 'checked', ' Yes ', '✓', true, 1])
    assert.equal(value(parseFlag(c)), 1, String(c));
  for (const c of ['no', 'No', 'n', 'false', 'FALSE', '0', 'unchecked', false, 0]) assert.equal(value(parseFlag(c)), 0, String(c));
  assert.deepEqual(parseFlag('No internet service'), { ok: false, reason: 'is not a yes/no value' });
  assert.deepEqual(parseFlag('No phone service'), { ok: false, reason: 'is not a yes/no value' });
  assert.equal(parseFlag(2).ok, false);
  assert.equal(parseFlag('maybe').ok, false);
});

test('parseStage: won, lost, open from vendor labels; a label no vendor writes is refused, not guessed', () => {
  const won = ['Closed Won', 'closedwon', 'Won', 'won', 'Deal won', 'Closed-Won', 'CLOSED WON', 'Gewonnen'];
  const lost = [
    'Closed Lost',
    'closedlost',
    'Lost',
    'Closed Lost to Competition',
    'Closed-Lost to Competition',
    'Abandoned',
    'Canceled',
    'Cancelled',
    'Out-Sold',
    'Verloren',
    'lost',
  ];
  const open = [
    'Suspended',
    'Open',
    'Prospecting',
    'Negotiation/Review',
    'Engaging',
    'In Progress',
    'On Hold',
    'Appointment Scheduled',
    'Proposal/Price Quote',
  ];
  for (const s of won) assert.equal(value(parseStage(s)), 'won', s);
  for (const s of lost) assert.equal(value(parseStage(s)), 'lost', s);
  for (const s of open) assert.equal(value(parseStage(s)), 'open', s);
  // 'Closed' could be either; 'Signed' is a pipeline's own (won, most likely); 42 is no stage at all.
  for (const s of ['Closed', 'Signed', '42', 42]) {
    assert.deepEqual(
      parseStage(s),
      { ok: false, reason: "is not a stage known as won, lost or open: say which it counts as in the import's value mapping" },
      String(s),
    );
  }
  assert.equal(parseStage('').ok, false);
  assert.equal(parseStage(null).ok, false);
  // The user's value map (squashed label -> status) wins over the built-in spellings.
  const map = new Map([
    ['signed', 'won'],
    ['dead', 'lost'],
    ['won', 'open'],
  ]);
  assert.equal(value(parseStage('Signed', map)), 'won');
  assert.equal(value(parseStage('signed', map)), 'won');
  assert.equal(value(parseStage('DEAD', map)), 'lost');
  assert.equal(value(parseStage('Won', map)), 'open');
  assert.equal(value(parseStage('Closed Won', map)), 'won');
});

test('parseEnum: survey kinds, spend categories and deal types from clear synonyms only', () => {
  assert.equal(value(parseEnum('NPS', 'surveys.kind')), 'nps');
  assert.equal(value(parseEnum('Net Promoter', 'surveys.kind')), 'nps');
  assert.equal(value(parseEnum('Net Promoter Score', 'surveys.kind')), 'nps');
  assert.equal(value(parseEnum('CSAT', 'surveys.kind')), 'csat');
  assert.equal(value(parseEnum('CES', 'surveys.kind')), 'ces');
  assert.equal(value(parseEnum('Customer Effort', 'surveys.kind')), 'ces');
  assert.deepEqual(parseEnum('Poll', 'surveys.kind'), { ok: false, reason: 'is not one of nps, csat, ces' });
  assert.equal(value(parseEnum('Marketing', 'spend.category')), 'marketing');
  assert.equal(value(parseEnum('Advertising', 'spend.category')), 'marketing');
  assert.equal(value(parseEnum('CRM', 'spend.category')), 'crm');
  assert.equal(value(parseEnum('Sales', 'spend.category')), 'sales');
  assert.equal(value(parseEnum('Retention', 'spend.category')), 'retention');
  assert.deepEqual(parseEnum('Rent', 'spend.category'), { ok: false, reason: 'is not one of marketing, sales, retention, crm' });
  assert.equal(value(parseEnum('New Business', 'deals.deal_type')), 'new');
  assert.equal(value(parseEnum('Existing Business', 'deals.deal_type')), 'upsell');
  assert.equal(value(parseEnum('Renewal', 'deals.deal_type')), 'renewal');
  assert.equal(value(parseEnum('Upsell', 'deals.deal_type')), 'upsell');
  assert.equal(value(parseEnum('Cross-sell', 'deals.deal_type')), 'upsell');
  assert.equal(value(parseEnum('Existing Customer - Downgrade', 'deals.deal_type')), 'renewal');
  assert.equal(parseEnum('Partner deal', 'deals.deal_type').ok, false);
  assert.equal(value(parseEnum('Partner deal', 'deals.deal_type', new Map([['partnerdeal', 'new']]))), 'new');
});

test('satisfactionLabel: Zendesk good/bad and not-rated words', () => {
  assert.equal(satisfactionLabel('Good'), 'good');
  assert.equal(satisfactionLabel('Bad'), 'bad');
  assert.equal(satisfactionLabel('Not Offered'), 'not_rated');
  assert.equal(satisfactionLabel('Offered'), 'not_rated');
  assert.equal(satisfactionLabel('Awesome'), 'good');
  assert.equal(satisfactionLabel('Just Okay'), 'bad');
  assert.equal(satisfactionLabel('4'), undefined);
});

test('parsePeriod: months, quarters, years, fiscal periods and single dates', () => {
  const p = (c: Parameters<typeof parsePeriod>[0], fiscalStartMonth = 1) => value(parsePeriod(c, { fiscalStartMonth }));
  assert.deepEqual(p('2026-03'), { id: '2026-03', start: '2026-03-01', end: '2026-03-31' });
  assert.deepEqual(p('2024-02'), { id: '2024-02', start: '2024-02-01', end: '2024-02-29' });
  assert.deepEqual(p('03/2026'), { id: '2026-03', start: '2026-03-01', end: '2026-03-31' });
  assert.deepEqual(p('Mar 2026'), { id: '2026-03', start: '2026-03-01', end: '2026-03-31' });
  assert.deepEqual(p('September 2025'), { id: '2025-09', start: '2025-09-01', end: '2025-09-30' });
  assert.deepEqual(p('2026-Q1'), { id: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
  assert.deepEqual(p('Q4 2026'), { id: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
  assert.deepEqual(p('Q3-2026'), { id: '2026-Q3', start: '2026-07-01', end: '2026-09-30' });
  assert.deepEqual(p('2026'), { id: '2026', start: '2026-01-01', end: '2026-12-31' });
  assert.deepEqual(p(2026), { id: '2026', start: '2026-01-01', end: '2026-12-31' });
  // Fiscal year starting in July is named by the year it ends in: FY2026 = 2025-07-01..2026-06-30.
  assert.deepEqual(p('FY2026', 7), { id: 'FY2026', start: '2025-07-01', end: '2026-06-30' });
  assert.deepEqual(p('FY2026-Q1', 7), { id: 'FY2026-Q1', start: '2025-07-01', end: '2025-09-30' });
  assert.deepEqual(p('FY2026-Q3', 7), { id: 'FY2026-Q3', start: '2026-01-01', end: '2026-03-31' });
  // April start: FY2026 Q4 = Jan-Mar 2026.
  assert.deepEqual(p('FY2026 Q4', 4), { id: 'FY2026-Q4', start: '2026-01-01', end: '2026-03-31' });
  assert.deepEqual(p('FY2026-Q1', 1), { id: 'FY2026-Q1', start: '2026-01-01', end: '2026-03-31' });
  assert.deepEqual(p('2026-02-15'), { id: '2026-02-15', start: '2026-02-15', end: '2026-02-15' });
  assert.deepEqual(value(parsePeriod('15/02/2026', { order: 'dmy' })), { id: '2026-02-15', start: '2026-02-15', end: '2026-02-15' });
  assert.deepEqual(parsePeriod('2026-13'), { ok: false, reason: 'is not a valid month (13)' });
  assert.equal(parsePeriod('2026-Q5').ok, false);
  assert.equal(parsePeriod('next quarter').ok, false);
  assert.equal(parsePeriod('2026-02-30').ok, false);
});
