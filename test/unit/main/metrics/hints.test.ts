/** Why a figure is empty, in the words a user reads on the card, in the CLI and in the report. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kpi, settingsOf, times, workbook } from './fixture';
import { computeMetrics } from '../../../../main/metrics/compute';
import { countWords, datasetWords, fieldWords, recordsWords } from '../../../../shared/datasets/words';

test('datasets, records and fields named as a sentence says them', () => {
  assert.equal(fieldWords('deals.deal_type'), "the deals' Deal type");
  assert.equal(fieldWords('web_traffic', 'sessions'), "the web traffic's Sessions");
  assert.equal(fieldWords('nothing.here'), 'nothing.here');
  assert.deepEqual(
    ['web_traffic', 'crm_usage', 'email_campaigns'].map((d) => datasetWords(d as 'web_traffic')),
    ['web traffic', 'CRM usage', 'email campaigns'],
  );
  assert.deepEqual([recordsWords('deals', 1), recordsWords('deals', 2084), recordsWords('surveys', 3)], ['1 deal', '2,084 deals', '3 survey responses']);
  assert.deepEqual([countWords(1, 'cell'), countWords(0, 'cell'), countWords(12, 'entry', 'entries')], ['1 cell', '0 cells', '12 entries']);
});

test('open deals none of which has an amount: no pipeline value, and the count and the field said', async () => {
  const open = { stage: 'Proposal', status: 'open', created_at: '2026-01-10' };
  const db = await workbook({
    deals: [...times(3, open), { stage: 'Won', status: 'won', amount: 500, created_at: '2026-01-05', closed_at: '2026-02-01' }],
  });
  const r = kpi(db, 'pipeline_value', '2026-Q1');
  assert.deepEqual([r.status, r.value], ['no_data', null]);
  assert.equal(r.reason, 'none of the 3 open deals has a value for Amount: if the export has a column with them, map it to Amount when importing');
  // The won deal has its amount: won revenue is there, and a quarter without open deals is a true zero.
  assert.equal(kpi(db, 'won_revenue', '2026-Q1').value, 500);
  assert.deepEqual([kpi(db, 'pipeline_value', '2025-Q4').status, kpi(db, 'pipeline_value', '2025-Q4').value], ['ok', 0]);
  const one = await workbook({ deals: [open, { stage: 'Won', status: 'won', amount: 500, created_at: '2026-01-05', closed_at: '2026-02-01' }] });
  assert.equal(
    kpi(one, 'pipeline_value', '2026-Q1').reason,
    'the only open deal has no value for Amount: if the export has a column with it, map it to Amount when importing',
  );
});

test('a field no row fills, a dataset not imported: each says what to do', async () => {
  const db = await workbook({ deals: times(2, { stage: 'Won', status: 'won', amount: 10, created_at: '2026-01-05', closed_at: '2026-02-01' }) });
  assert.equal(kpi(db, 'upsell_rate', '2026-Q1').reason, "needs the deals' Deal type: none of the 2 deals has one; map a column to Deal type when importing");
  assert.equal(kpi(db, 'active_user_rate', '2026-Q1').reason, 'needs CRM usage: import a CRM user activity export (User, Day, Logins)');
  assert.equal(kpi(db, 'website_conversion_rate', '2026-Q1').reason, 'needs web traffic: import daily web analytics (Day, Sessions, Conversions)');
});

test('nothing to divide by is said in words, with the period by its label; All time is never "period all"', async () => {
  const db = await workbook({ leads: [{ created_at: '2026-02-01', status: 'open' }] });
  assert.equal(kpi(db, 'lead_conversion_rate', '2026-01').reason, 'no leads were created in Jan 2026');
  const deals = await workbook({ deals: [{ stage: 'Proposal', status: 'open', amount: 10, created_at: '2026-01-10', closed_at: '2026-05-31' }] });
  assert.equal(kpi(deals, 'win_rate', '2026-Q1').reason, 'no deals were won or lost in Q1 2026, so there is no win rate');
  assert.equal(kpi(deals, 'win_rate', 'all').reason, 'no deals were won or lost in any period, so there is no win rate');
});

test('no reason of any KPI, in an empty workbook or a small one, reads in internal words', async () => {
  const books = [await workbook({}), await workbook({ deals: [{ stage: 'Proposal', status: 'open', amount: 10, created_at: '2026-01-10' }] })];
  for (const db of books)
    for (const period of ['2026-Q1', 'all'])
      for (const m of computeMetrics(db, { period }, settingsOf(db)).metrics) {
        assert.ok(m.status === 'ok' || m.reason, `${m.id} ${period}: no reason`);
        assert.doesNotMatch(m.reason ?? '', /period all|division by zero|\b[a-z]+_[a-z_]+\b|\{period\}|\b1 [a-z]+s\b/, `${m.id} ${period}: ${m.reason}`);
      }
});
