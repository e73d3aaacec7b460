/**
 * The engine on real exports (../shared/datasets), checked against plain TypeScript over the parsed rows.
 * The rows are mapped to canonical fields here by hand so this test does not depend on the importer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { workbook, settingsOf } from '../../unit/main/metrics/fixture';
import { computeMetrics } from '../../../main/metrics/compute';
import type { CanonicalRow } from '../../../main/store/batches';
import { realData, withoutRealData } from '../../support/real-data';

const read = (rel: string): Record<string, string>[] => parse(readFileSync(realData(rel)), { columns: true, bom: true, skip_empty_lines: true });

const near = (a: number | null, b: number, what: string): void =>
  assert.ok(a !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);

const dayNo = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

test('Maven CRM pipeline, each quarter of 2017: win rate, sales cycle, deal size, won revenue, revenue per agent', { skip: withoutRealData }, async () => {
  const raw = read('maven-crm-sales/sales_pipeline.csv');
  const status = (stage: string): string => (stage === 'Won' ? 'won' : stage === 'Lost' ? 'lost' : 'open');
  const rows: CanonicalRow[] = raw.map((r) => ({
    deal_id: r.opportunity_id!,
    stage: r.deal_stage!,
    status: status(r.deal_stage!),
    amount: r.close_value === '' ? null : Number(r.close_value),
    created_at: r.engage_date || null,
    closed_at: r.close_date || null,
    owner: r.sales_agent || null,
    product: r.product || null,
  }));
  const db = await workbook({ deals: rows });
  const s = settingsOf(db);
  for (const q of [1, 2, 3, 4]) {
    const start = `2017-${String(q * 3 - 2).padStart(2, '0')}-01`;
    const end = ['2017-03-31', '2017-06-30', '2017-09-30', '2017-12-31'][q - 1]!;
    const inQ = raw.filter((r) => r.close_date && r.close_date >= start && r.close_date <= end);
    const won = inQ.filter((r) => r.deal_stage === 'Won');
    const lost = inQ.filter((r) => r.deal_stage === 'Lost');
    const withBoth = won.filter((r) => r.engage_date);
    const revenue = won.reduce((sum, r) => sum + Number(r.close_value || 0), 0);
    const withAmount = won.filter((r) => r.close_value !== '');
    const res = computeMetrics(db, { period: `2017-Q${q}`, segment: 'owner', ids: ['win_rate', 'sales_cycle_days', 'avg_deal_size', 'won_revenue'] }, s);
    const m = new Map(res.metrics.map((x) => [x.id, x]));
    if (won.length + lost.length === 0) {
      assert.equal(m.get('win_rate')!.status, 'no_data');
      continue;
    }
    near(m.get('win_rate')!.value, won.length / (won.length + lost.length), `win rate Q${q}`);
    near(m.get('sales_cycle_days')!.value, withBoth.reduce((sum, r) => sum + dayNo(r.close_date!) - dayNo(r.engage_date!), 0) / withBoth.length, `cycle Q${q}`);
    near(m.get('avg_deal_size')!.value, revenue / withAmount.length, `deal size Q${q}`);
    near(m.get('won_revenue')!.value, revenue, `won revenue Q${q}`);
    const perAgent = new Map<string, number>();
    for (const r of won) perAgent.set(r.sales_agent!, (perAgent.get(r.sales_agent!) ?? 0) + Number(r.close_value || 0));
    const segs = new Map(m.get('won_revenue')!.segments!.map((x) => [x.key, x.value]));
    for (const [agent, sum] of perAgent) near(segs.get(agent) ?? null, sum, `Q${q} ${agent}`);
  }
});

test('Telco churn snapshot (period all): churn overall and by contract, ARPU = mean monthly charge', { skip: withoutRealData }, async () => {
  const raw = read('ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv');
  const rows: CanonicalRow[] = raw.map((r) => ({
    customer_id: r.customerID!,
    churned: r.Churn === 'Yes' ? 1 : 0,
    monthly_revenue: Number(r.MonthlyCharges),
    tenure_months: Number(r.tenure),
    plan: r.Contract!,
  }));
  const db = await workbook({ customers: rows });
  const res = computeMetrics(db, { segment: 'plan', ids: ['churn_rate', 'arpu', 'mrr'] }, settingsOf(db));
  assert.equal(res.period.id, 'all');
  const m = new Map(res.metrics.map((x) => [x.id, x]));
  const churned = raw.filter((r) => r.Churn === 'Yes').length;
  near(m.get('churn_rate')!.value, churned / raw.length, 'churn');
  near(m.get('arpu')!.value, raw.reduce((s, r) => s + Number(r.MonthlyCharges), 0) / raw.length, 'arpu');
  near(
    m.get('mrr')!.value,
    raw.filter((r) => r.Churn !== 'Yes').reduce((s, r) => s + Number(r.MonthlyCharges), 0),
    'mrr',
  );
  const byContract = new Map(m.get('churn_rate')!.segments!.map((x) => [x.key, x.value]));
  for (const contract of new Set(raw.map((r) => r.Contract!))) {
    const group = raw.filter((r) => r.Contract === contract);
    near(byContract.get(contract) ?? null, group.filter((r) => r.Churn === 'Yes').length / group.length, contract);
  }
});
