import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId } from '../../../../shared/metrics/index';
import { reportDefinition } from '../../../../main/report/input';

const def = (id: string) => {
  const d = byId.get(id);
  assert.ok(d, id);
  return d;
};

test('CLV links its numerator to ARPU and, in dated periods, its denominator to the churn rate', () => {
  const dated = reportDefinition(def('clv'), false);
  assert.deepEqual(dated.numeratorKpis, ['arpu']);
  assert.deepEqual(dated.denominatorKpis, ['churn_rate']);
  // Period `all` computes the lifespan from tenure data instead: no KPI to link the denominator to.
  const all = reportDefinition(def('clv'), true);
  assert.deepEqual(all.numeratorKpis, ['arpu']);
  assert.deepEqual(all.denominatorKpis, []);
});

test('needs read as a person would: either field spelled out, composites name their KPIs', () => {
  const clv = reportDefinition(def('clv'), false);
  assert.ok(clv.needs.includes('customers.churned or churned_at'), clv.needs.join(' | '));
  assert.ok(
    clv.needs.some((n) => n.startsWith('the KPIs ') && n.includes(def('arpu').name)),
    clv.needs.join(' | '),
  );
  const winRate = reportDefinition(def('win_rate'), false);
  assert.ok(
    winRate.needs.every((n) => n.startsWith('deals.')),
    winRate.needs.join(' | '),
  );
  assert.deepEqual(winRate.numeratorKpis, []);
});
