import type { CanonicalRow } from '../store/batches';
import { salesReps, worksIn } from './company';
import { isoDay, monthsBetween, quarterOf, type Quarter } from './days';
import type { Sales } from './sales';
import type { Timeline } from './timeline';

/** The sales objects of sales.ts as canonical rows of customers, leads, deals, subscriptions and quotas. */

const day = (d: number | null): string | null => (d === null ? null : isoDay(d));

export function customerRows(s: Sales, tl: Timeline): CanonicalRow[] {
  return s.customers.map((c) => ({
    customer_id: c.id,
    name: c.name,
    acquired_at: isoDay(c.acquired),
    churned_at: day(c.churned),
    churned: c.churned === null ? 0 : 1,
    monthly_revenue: c.mrrNow,
    tenure_months: monthsBetween(c.acquired, c.churned ?? tl.end),
    plan: c.planNow.name,
    segment: c.planNow.segment,
    region: c.region,
    owner: c.owner,
    source: c.source,
  }));
}

export function leadRows(s: Sales): CanonicalRow[] {
  return s.leads.map((l) => ({
    lead_id: l.id,
    created_at: isoDay(l.created),
    source: l.source,
    owner: l.owner,
    status: l.status,
    converted_at: day(l.converted),
    customer_id: l.customer?.id ?? null,
    region: l.region,
  }));
}

export function dealRows(s: Sales): CanonicalRow[] {
  return s.deals.map((d) => ({
    deal_id: d.id,
    stage: d.stage,
    status: d.status,
    amount: d.amount,
    created_at: isoDay(d.created),
    // An open deal's close date is the one its rep expects, as a CRM's Close Date is.
    closed_at: day(d.closed ?? d.expected),
    owner: d.owner,
    source: d.source,
    customer_id: d.customer?.id ?? null,
    product: d.product,
    deal_type: d.type,
    region: d.region,
    probability: d.probability,
  }));
}

export function subscriptionRows(s: Sales): CanonicalRow[] {
  const terms = s.customers.flatMap((c) => c.terms.map((t) => ({ c, t })));
  terms.sort((a, b) => a.t.start - b.t.start || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  return terms.map(({ c, t }, i) => ({
    subscription_id: `S-${30001 + i}`,
    customer_id: c.id,
    started_at: isoDay(t.start),
    ended_at: day(t.ended),
    renewal_due_at: isoDay(t.due),
    renewed: t.renewed,
    mrr: t.mrr,
    plan: t.plan,
  }));
}

/**
 * Quotas as a small business sets them: one figure per rep and quarter, taken from the trend of
 * won revenue per rep (a log-linear fit over the quarters after the CRM warm-up) plus 5% stretch,
 * with new hires on half and then three-quarter quota while they ramp up; set for the story's
 * quarters and the three after it, which the forecast's gap to quota looks at.
 */
export function quotaRows(s: Sales, tl: Timeline): CanonicalRow[] {
  const n = tl.quarters.length;
  const won = new Array<number>(n).fill(0);
  for (const d of s.deals) {
    if (d.status !== 'won' || d.closed === null) continue;
    const q = tl.quarterIndex(d.closed);
    if (q >= 0 && q < n) won[q]! += d.amount;
  }
  const points: [number, number][] = [];
  for (let q = 2; q < n; q++) {
    const reps = salesReps.filter((p) => worksIn(p, q)).length;
    points.push([q, Math.log(won[q]! / reps)]);
  }
  const mx = points.reduce((a, p) => a + p[0], 0) / points.length;
  const my = points.reduce((a, p) => a + p[1], 0) / points.length;
  const slope = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  const rows: CanonicalRow[] = [];
  const ahead = [0, 1, 2].reduce<Quarter[]>((out) => [...out, quarterOf((out.at(-1) ?? tl.quarters.at(-1)!).end + 1)], []);
  [...tl.quarters, ...ahead].forEach((quarter, q) => {
    const perRep = Math.exp(my + slope * (q - mx)) * 1.05;
    for (const rep of salesReps) {
      if (!worksIn(rep, q)) continue;
      const tenure = q - rep.joined;
      const ramp = rep.joined === 0 || tenure >= 2 ? 1 : tenure === 0 ? 0.5 : 0.75;
      rows.push({
        owner: rep.name,
        period: quarter.id,
        period_end: isoDay(quarter.end),
        amount: Math.round((perRep * ramp) / 1000) * 1000,
      });
    }
  });
  return rows;
}
