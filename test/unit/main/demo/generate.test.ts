import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dataset, datasetNames, storedFields, type DatasetName, type FieldDef } from '../../../../shared/datasets/catalog';
import type { CanonicalRow } from '../../../../main/store/batches';
import { generateDemo } from '../../../../main/demo/generate';

const demo = generateDemo();
const rows = (name: DatasetName): CanonicalRow[] => demo.get(name)!;
const str = (v: unknown): string => {
  assert.equal(typeof v, 'string');
  return v as string;
};
const num = (v: unknown): number => {
  assert.equal(typeof v, 'number');
  return v as number;
};
const hash = (m: Map<DatasetName, CanonicalRow[]>): string =>
  createHash('sha256')
    .update(JSON.stringify([...m]))
    .digest('hex');

/** The story's ten quarters, worked out by hand from the default end date 2026-09-30. */
const storyQuarters = ['2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];
const storyMonths = storyQuarters.flatMap((q) => {
  const first = (Number(q.slice(6)) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${q.slice(0, 4)}-${String(first + i).padStart(2, '0')}`);
});
const quarterOfDate = (d: string): string => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
const storyEnd = '2026-09-30';

test('the same seed gives the same company; another seed or end date another one', () => {
  assert.equal(hash(generateDemo()), hash(demo));
  assert.notEqual(hash(generateDemo({ seed: 7 })), hash(demo));
  // A day inside 2026-Q4 ends the story with the same last full quarter, 2026-Q3.
  assert.equal(hash(generateDemo({ endDate: '2026-11-15' })), hash(demo));
  const earlier = generateDemo({ endDate: '2025-12-31' });
  const created = earlier
    .get('deals')!
    .map((r) => str(r.created_at))
    .sort();
  // Ten quarters ending 2025-Q4 run from 2023-Q3.
  assert.ok(created[0]! >= '2023-07-01' && created[created.length - 1]! <= '2025-12-31');
});

test('every dataset of the catalogue is there, with exactly its stored fields', () => {
  assert.deepEqual([...demo.keys()], [...datasetNames]);
  for (const name of datasetNames) {
    const fields = storedFields(name)
      .map((f) => f.name)
      .sort();
    assert.ok(rows(name).length > 0, name);
    for (const r of rows(name)) assert.deepEqual(Object.keys(r).sort(), fields, name);
  }
});

function checkValue(dataset: DatasetName, f: FieldDef, v: string | number | null): void {
  const where = `${dataset}.${f.name} = ${JSON.stringify(v)}`;
  if (v === null) {
    assert.ok(!f.required, `required ${where}`);
    return;
  }
  switch (f.type) {
    case 'id':
    case 'text':
      assert.ok(typeof v === 'string' && v.trim() === v && v !== '', where);
      break;
    case 'date':
      assert.ok(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), where);
      break;
    case 'datetime':
      assert.ok(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v), where);
      break;
    case 'money':
      assert.ok(typeof v === 'number' && Math.round(v * 100) / 100 === v, where);
      break;
    case 'number':
    case 'score':
      assert.ok(typeof v === 'number' && Number.isFinite(v), where);
      break;
    case 'count':
      assert.ok(typeof v === 'number' && Number.isInteger(v) && v >= 0, where);
      break;
    case 'flag':
      assert.ok(v === 0 || v === 1, where);
      break;
    case 'enum':
      assert.ok(typeof v === 'string' && f.values!.includes(v), where);
      break;
    case 'period':
      assert.ok(typeof v === 'string' && /^(\d{4}-\d{2}-\d{2}|\d{4}-Q[1-4])$/.test(v), where);
      break;
  }
}

test('values are in the canonical stored form of their field type; required fields are always filled', () => {
  for (const name of datasetNames) {
    const fields = storedFields(name);
    for (const r of rows(name)) for (const f of fields) checkValue(name, f, r[f.name] ?? null);
  }
});

test('every dataset has rows in every month of the ten quarters (quotas: every quarter), none after the story', () => {
  // A row is placed in time by its dataset's first event date, or by its period where it has none (spend).
  const placedBy = (name: DatasetName): string | undefined => dataset(name).events[0]?.field ?? dataset(name).fields.find((f) => f.type === 'period')?.name;
  for (const name of datasetNames.filter((n) => n !== 'quotas')) {
    const field = placedBy(name);
    assert.ok(field, `${name} has no date to place its rows by`);
    const months = new Set(rows(name).map((r) => str(r[field]).slice(0, 7)));
    for (const m of storyMonths) assert.ok(months.has(m), `${name} has no ${field} in ${m}`);
  }
  // Quotas are set for the three quarters after the story too, which the forecast looks at.
  assert.deepEqual([...new Set(rows('quotas').map((r) => r.period))], [...storyQuarters, '2026-Q4', '2027-Q1', '2027-Q2']);
  // Renewal dates of running contracts, the expected close dates of open deals and the quotas set ahead
  // lie after the story's end; everything else happened by then.
  for (const name of datasetNames) {
    for (const f of storedFields(name)) {
      if ((f.type !== 'date' && f.type !== 'datetime') || f.name === 'renewal_due_at') continue;
      for (const r of rows(name)) {
        if ((name === 'deals' && f.name === 'closed_at' && r.status === 'open') || name === 'quotas') continue;
        const v = r[f.name];
        if (typeof v === 'string') assert.ok(v.slice(0, 10) <= storyEnd, `${name}.${f.name} ${v}`);
      }
    }
  }
});

test('ids are unique', () => {
  const ids: [DatasetName, string][] = [
    ['customers', 'customer_id'],
    ['leads', 'lead_id'],
    ['deals', 'deal_id'],
    ['subscriptions', 'subscription_id'],
    ['tickets', 'ticket_id'],
    ['surveys', 'response_id'],
    ['email_campaigns', 'campaign_id'],
  ];
  for (const [name, field] of ids) assert.equal(new Set(rows(name).map((r) => r[field])).size, rows(name).length, name);
});

const customers = new Map(rows('customers').map((c) => [str(c.customer_id), c]));

test('customers: churned flag and date agree, churn comes after acquisition', () => {
  for (const c of customers.values()) {
    assert.equal(c.churned, c.churned_at === null ? 0 : 1);
    if (c.churned_at !== null) assert.ok(str(c.churned_at) > str(c.acquired_at));
    assert.ok(num(c.monthly_revenue) > 0 && num(c.tenure_months) >= 0);
  }
});

test('every customer_id anywhere names a customer, and orders fall within the customer’s life', () => {
  for (const name of ['leads', 'deals', 'orders', 'subscriptions', 'tickets', 'surveys'] as const) {
    for (const r of rows(name)) {
      if (r.customer_id === null) continue;
      assert.ok(customers.has(str(r.customer_id)), `${name} ${JSON.stringify(r)}`);
    }
  }
  for (const o of rows('orders')) {
    const c = customers.get(str(o.customer_id))!;
    assert.ok(str(o.ordered_at) >= str(c.acquired_at));
    if (c.churned_at !== null) assert.ok(str(o.ordered_at) < str(c.churned_at));
  }
});

test('deals: status follows the stage; deals close (or are expected to) on or after they were created; open ones may have a probability', () => {
  const statusOf = (stage: string): string => (stage === 'Closed Won' ? 'won' : stage === 'Closed Lost' ? 'lost' : 'open');
  const types = new Set<unknown>();
  for (const d of rows('deals')) {
    types.add(d.deal_type);
    assert.equal(d.status, statusOf(str(d.stage)));
    // An open deal's close date is the one its rep expects: after its creation, some of them overdue.
    assert.ok(str(d.closed_at) >= str(d.created_at), JSON.stringify(d));
    if (d.status !== 'open') assert.equal(d.probability, null);
    else if (d.probability !== null) assert.ok(num(d.probability) > 0 && num(d.probability) < 1, JSON.stringify(d));
    assert.ok(num(d.amount) > 0);
    if (d.deal_type !== 'new') assert.notEqual(d.customer_id, null);
    // A won new-business deal is how a customer arrives: on the day it closes.
    if (d.deal_type === 'new' && d.status === 'won') {
      assert.equal(customers.get(str(d.customer_id))!.acquired_at, d.closed_at);
    }
  }
  assert.deepEqual([...types].sort(), ['new', 'renewal', 'upsell']);
});

test('leads: converted leads have a conversion date on or after creation; only they name a customer', () => {
  for (const l of rows('leads')) {
    assert.equal(l.status === 'Converted', l.converted_at !== null);
    if (l.converted_at !== null) assert.ok(str(l.converted_at) >= str(l.created_at));
    if (l.customer_id !== null) assert.notEqual(l.converted_at, null);
  }
});

test('subscriptions: terms follow each other or come back after a gap, and a running customer’s monthly revenue is its running MRR', () => {
  const running = new Map<string, number>();
  const mainTerms = new Map<string, CanonicalRow[]>();
  for (const s of rows('subscriptions')) {
    assert.ok(str(s.renewal_due_at) > str(s.started_at));
    if (s.ended_at !== null) assert.ok(str(s.ended_at) > str(s.started_at) && str(s.ended_at) <= str(s.renewal_due_at));
    // The renewal decision is known exactly when the term has ended or its due date has passed.
    assert.equal(s.renewed === null, s.ended_at === null && str(s.renewal_due_at) > storyEnd);
    if (s.renewed === 1) assert.equal(s.ended_at, s.renewal_due_at);
    const id = str(s.customer_id);
    if (s.ended_at === null) running.set(id, (running.get(id) ?? 0) + num(s.mrr));
    if (s.plan !== 'Extra seats') mainTerms.set(id, [...(mainTerms.get(id) ?? []), s]);
  }
  const price = ['Starter', 'Growth', 'Scale'];
  const seen = { up: 0, down: 0, comeBack: 0 };
  for (const terms of mainTerms.values()) {
    for (let i = 1; i < terms.length; i++) {
      const [before, next] = [terms[i - 1]!, terms[i]!];
      // A renewed term is followed on its last day by the next; a customer who left may sign again later.
      if (before.renewed === 1) assert.equal(next.started_at, before.ended_at);
      else {
        assert.ok(before.ended_at !== null && str(next.started_at) > str(before.ended_at), JSON.stringify([before, next]));
        seen.comeBack++;
      }
      const move = price.indexOf(str(next.plan)) - price.indexOf(str(before.plan));
      if (move > 0) seen.up++;
      if (move < 0) seen.down++;
    }
  }
  // Upgrades, downgrades and comebacks happen: the MRR bridge's expansion, contraction and reactivation.
  assert.ok(seen.up > 20 && seen.down > 20 && seen.comeBack > 20, JSON.stringify(seen));
  for (const c of customers.values()) {
    if (c.churned_at === null) assert.equal(c.monthly_revenue, running.get(str(c.customer_id)));
    else assert.equal(running.get(str(c.customer_id)), undefined);
  }
});

test('orders: line amount is quantity x unit price; the lines of an order share customer, date and state', () => {
  const orders = new Map<string, CanonicalRow>();
  for (const o of rows('orders')) {
    assert.equal(o.amount, Math.round(num(o.quantity) * num(o.unit_price) * 100) / 100);
    const first = orders.get(str(o.order_id));
    if (!first) orders.set(str(o.order_id), o);
    else for (const f of ['customer_id', 'ordered_at', 'cancelled']) assert.equal(o[f], first[f]);
  }
  const cancelled = [...orders.values()].filter((o) => o.cancelled === 1).length;
  assert.ok(cancelled > 0 && cancelled < orders.size / 10);
});

test('tickets: created, first response and resolution in order; ratings only on resolved tickets', () => {
  for (const t of rows('tickets')) {
    if (t.first_response_at !== null) assert.ok(str(t.first_response_at) >= str(t.created_at));
    if (t.resolved_at !== null) assert.ok(str(t.resolved_at) >= str(t.first_response_at));
    assert.equal(t.resolved_at !== null, t.status === 'resolved' || t.status === 'closed');
    assert.ok(num(t.contacts) >= 1);
    if (t.satisfaction !== null) {
      assert.ok(Number.isInteger(t.satisfaction) && num(t.satisfaction) >= 1 && num(t.satisfaction) <= 5);
      assert.notEqual(t.resolved_at, null);
    }
  }
});

test('surveys: scores are whole numbers on their scales (NPS 0-10, CSAT 1-5, CES 1-7)', () => {
  const scale = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as Record<string, [number, number]>;
  for (const s of rows('surveys')) {
    const [lo, hi] = scale[str(s.kind)]!;
    assert.ok(Number.isInteger(s.score) && num(s.score) >= lo && num(s.score) <= hi, JSON.stringify(s));
  }
});

test('spend: monthly periods run from the 1st to the month’s last day; all four categories every quarter', () => {
  const lastDay = (d: string): string => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const categories = new Map<string, Set<unknown>>();
  for (const s of rows('spend')) {
    const from = str(s.spent_at);
    const until = str(s.spent_until);
    assert.ok(until === from || (from.endsWith('-01') && until === lastDay(from)), JSON.stringify(s));
    const q = quarterOfDate(from);
    categories.set(q, (categories.get(q) ?? new Set()).add(s.category));
  }
  for (const q of storyQuarters) assert.deepEqual([...categories.get(q)!].sort(), ['crm', 'marketing', 'retention', 'sales']);
  assert.ok(rows('spend').some((s) => s.spent_at === s.spent_until));
});

test('email, web and usage counts are consistent', () => {
  for (const e of rows('email_campaigns')) {
    assert.equal(e.delivered, num(e.sent) - num(e.bounced));
    assert.ok(num(e.opened) <= num(e.delivered) && num(e.clicked) <= num(e.opened));
    assert.ok(num(e.unsubscribed) <= num(e.delivered));
  }
  for (const w of rows('web_traffic')) assert.ok(num(w.conversions) <= num(w.sessions));
  const userDays = new Set(rows('crm_usage').map((u) => `${u.user}|${u.day}`));
  assert.equal(userDays.size, rows('crm_usage').length);
  // Fifteen seats are licensed; the team never outgrows them.
  assert.ok(new Set(rows('crm_usage').map((u) => u.user)).size <= 15);
});

test('quotas: one per rep and quarter, ending on the quarter’s last day', () => {
  const seen = new Set<string>();
  for (const q of rows('quotas')) {
    const key = `${q.owner}|${q.period}`;
    assert.ok(!seen.has(key));
    seen.add(key);
    const [y, n] = [Number(str(q.period).slice(0, 4)), Number(str(q.period).slice(6))];
    assert.equal(q.period_end, new Date(Date.UTC(y, n * 3, 0)).toISOString().slice(0, 10));
  }
});

test('the story: more leads and customers, a churn blip in 2025-Q3, NPS and support improving', () => {
  const inQ = <T extends CanonicalRow>(list: T[], field: string, q: string): T[] =>
    list.filter((r) => typeof r[field] === 'string' && quarterOfDate(r[field] as string) === q);
  const first = '2024-Q4';
  const last = '2026-Q3';
  assert.ok(inQ(rows('leads'), 'created_at', last).length > inQ(rows('leads'), 'created_at', first).length);
  const acquired = (q: string): number => inQ(rows('customers'), 'acquired_at', q).length;
  assert.ok(acquired(last) > acquired(first));
  // Churn as the catalogue defines it: customers there at the start of Q and lost during it / those at the start.
  const churn = (q: string): number => {
    const start = `${q.slice(0, 4)}-${String((Number(q.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`;
    const atStart = [...customers.values()].filter((c) => str(c.acquired_at) < start && (c.churned_at === null || str(c.churned_at) >= start));
    return atStart.filter((c) => c.churned_at !== null && quarterOfDate(str(c.churned_at)) === q).length / atStart.length;
  };
  const lastEight = storyQuarters.slice(2);
  const worst = lastEight.reduce((a, q) => (churn(q) > churn(a) ? q : a));
  assert.equal(worst, '2025-Q3');
  const nps = (q: string): number => {
    const s = inQ(rows('surveys'), 'responded_at', q).filter((r) => r.kind === 'nps');
    return (100 * (s.filter((r) => num(r.score) >= 9).length - s.filter((r) => num(r.score) <= 6).length)) / s.length;
  };
  assert.ok(nps(last) > nps(first) && nps('2025-Q3') < nps('2025-Q2'));
  const firstResponse = (q: string): number => {
    const t = inQ(rows('tickets'), 'created_at', q).filter((r) => r.first_response_at !== null);
    return t.reduce((a, r) => a + Date.parse(str(r.first_response_at)) - Date.parse(str(r.created_at)), 0) / t.length;
  };
  assert.ok(firstResponse(last) < firstResponse(first));
});
