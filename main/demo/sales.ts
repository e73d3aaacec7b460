import type { Random } from './random';
import {
  accountSource,
  addOn,
  blipQuarter,
  companyNameFor,
  leadSources,
  lostStage,
  openStages,
  plans,
  regions,
  salesReps,
  trend,
  wonStage,
  worksIn,
  type Plan,
  type Source,
} from './company';
import { addMonths, isWeekend, weekday } from './days';
import type { Timeline } from './timeline';

/**
 * The sales side of the story as objects: leads become deals, won deals become customers, and
 * customers live through yearly contract terms (renewed or not, some on another plan) with add-on
 * seats sold on the way; some who leave come back later. Rows are made from these objects elsewhere;
 * ids are given once everything is known, in date order.
 */

export interface Term {
  readonly plan: string;
  readonly start: number;
  /** The renewal date: the day the next term would start. */
  readonly due: number;
  /** Null while the term runs at the end of the story. */
  ended: number | null;
  /** Null while the renewal is not yet due. */
  renewed: 0 | 1 | null;
  readonly mrr: number;
}

export interface Customer {
  id: string;
  readonly name: string;
  readonly acquired: number;
  churned: number | null;
  /** The plan the customer signed up for, which sets how their contracts are sold and renewed. */
  readonly plan: Plan;
  /** The plan they are on when the story ends or they leave. */
  planNow: Plan;
  readonly region: string | null;
  readonly owner: string;
  readonly source: string | null;
  /** Main contract terms and add-on seat contracts, in start order. */
  readonly terms: Term[];
  /** Monthly revenue when the story ends, or when the customer left. */
  mrrNow: number;
  /** Orders and tickets a month: some customers buy and ask far more than others. */
  readonly orderRate: number;
  readonly ticketRate: number;
}

export interface Lead {
  id: string;
  readonly created: number;
  readonly source: string;
  readonly owner: string;
  readonly region: string | null;
  status: string;
  converted: number | null;
  customer: Customer | null;
}

export interface Deal {
  id: string;
  readonly created: number;
  closed: number | null;
  stage: string;
  status: 'won' | 'lost' | 'open';
  readonly amount: number;
  readonly owner: string;
  readonly source: string;
  customer: Customer | null;
  readonly product: string;
  readonly type: 'new' | 'upsell' | 'renewal';
  readonly region: string | null;
  /** For a deal open when the story ends: the day it would close (forecast.ts turns it into the rep's expectation). */
  expected: number | null;
  /** The rep's own probability, where they set one (forecast.ts); otherwise the stage's applies. */
  probability: number | null;
}

export interface Sales {
  readonly customers: Customer[];
  readonly leads: Lead[];
  readonly deals: Deal[];
}

const round10 = (x: number): number => Math.round(x / 10) * 10;

/** Moves a weekend day to the Friday before, or the Monday after when that would precede `notBefore`. */
function workday(day: number, notBefore: number): number {
  if (!isWeekend(day)) return day;
  const friday = day - (weekday(day) === 6 ? 1 : 2);
  return friday >= notBefore ? friday : day + (weekday(day) === 6 ? 2 : 1);
}

function repsIn(quarter: number): string[] {
  const q = Math.max(0, quarter);
  return salesReps.filter((p) => worksIn(p, q)).map((p) => p.name);
}

/** The rep who handles an account in a quarter: its owner while they work here, else a stable colleague. */
function accountRep(c: Customer, quarter: number, tl: Timeline): string {
  const reps = repsIn(Math.min(quarter, tl.quarters.length - 1));
  if (reps.includes(c.owner)) return c.owner;
  return reps[c.acquired % reps.length]!;
}

function renewalChance(quarter: number, plan: Plan): number {
  let base = 0.87;
  if (quarter === blipQuarter) base = 0.68;
  else if (quarter > blipQuarter) base = 0.86 + 0.012 * (quarter - blipQuarter);
  return Math.min(0.98, base * plan.renew);
}

function pickPlan(rng: Random, quarter: number): Plan {
  // The business moves upmarket: Scale's share grows over the story.
  return rng.weighted(plans, (p) => (p.name === 'Scale' ? trend(0.12, 0.22, Math.max(0, quarter)) : p.weight));
}

function newCustomer(rng: Random, acquired: number, plan: Plan, owner: string, source: string | null, region: string | null, mrr: number): Customer {
  return {
    id: '',
    name: companyNameFor(rng),
    acquired,
    churned: null,
    plan,
    planNow: plan,
    region,
    owner,
    source,
    terms: [],
    mrrNow: mrr,
    orderRate: rng.logNormal(0.16, 0.9),
    ticketRate: rng.logNormal(0.2, 0.7),
  };
}

/** The plan one step up (or down) the price list, or null at its end. */
function nextPlan(plan: Plan, step: 1 | -1): Plan | null {
  return plans[plans.indexOf(plan) + step] ?? null;
}

/**
 * How a renewal changes the contract, from the customer's own stream of such choices (so that the
 * story's other draws stay as they are): most renew as they are, at the new prices; some move up or
 * down a plan, and some drop seats they no longer use.
 */
function renewedMrr(changes: Random, c: Customer, current: number, rise: number): number {
  const up = nextPlan(c.planNow, 1);
  const down = nextPlan(c.planNow, -1);
  const roll = changes.next();
  if (up && roll < 0.07) {
    const ratio = up.mrr / c.planNow.mrr;
    c.planNow = up;
    return round10(current * (1 + rise) * ratio);
  }
  if (down && roll < 0.13) {
    const ratio = down.mrr / c.planNow.mrr;
    c.planNow = down;
    return round10(current * ratio);
  }
  if (roll < 0.21) return round10(current * changes.between(0.7, 0.9));
  return round10(current * (1 + rise));
}

/**
 * Lives one customer's contract from acquisition (or a comeback on `anchor`) to churn or the end of
 * the story: a yearly term, a few add-on deals during it, then renewal (with a price rise, perhaps on
 * another plan) or churn, after which a customer may come back on a new contract months later.
 */
function liveContract(rng: Random, c: Customer, firstMrr: number, tl: Timeline, deals: Deal[], anchor = c.acquired): void {
  const changes = rng.fork(`contract changes of ${c.name} from ${anchor}`);
  let start = anchor;
  let mrr = firstMrr;
  for (let k = 1; ; k++) {
    const due = addMonths(anchor, 12 * k);
    const term: Term = { plan: c.planNow.name, start, due, ended: null, renewed: null, mrr };
    c.terms.push(term);
    const cancelChance = c.plan.name === 'Starter' ? 0.05 : 0.025;
    const cancelled = rng.chance(cancelChance) ? start + rng.int(30, due - start - 1) : null;
    const stop = Math.min(due, cancelled ?? due, tl.end + 1);
    const addOns = sellAddOns(rng, c, term, stop, tl, deals);
    const quarter = tl.quarterIndex(due);
    const renews = rng.chance(renewalChance(quarter, c.plan));
    if (c.plan.name === 'Scale') renewalDeal(c, term, cancelled, renews, tl, deals);
    const current = addOns.reduce((s, a) => s + a.mrr, mrr);
    if (cancelled !== null && cancelled <= tl.end) {
      endTerm(c, term, addOns, cancelled, 0);
      c.churned = cancelled;
      c.mrrNow = current;
      comeBack(changes, c, tl, deals);
      return;
    }
    if (due > tl.end) {
      c.mrrNow = current;
      return;
    }
    if (!renews) {
      endTerm(c, term, addOns, due, 0);
      c.churned = due;
      c.mrrNow = current;
      comeBack(changes, c, tl, deals);
      return;
    }
    endTerm(c, term, addOns, due, 1);
    // Add-on seats are folded into the renewed contract, at the new prices.
    mrr = renewedMrr(changes, c, current, quarter === blipQuarter ? 0.08 : 0.03);
    start = due;
  }
}

/**
 * A customer who left signs a new contract two to fourteen months later, three times in ten, on their
 * last plan or the one below it; they live it with their own stream, so the rest of the story keeps
 * its draws.
 */
function comeBack(changes: Random, c: Customer, tl: Timeline, deals: Deal[]): void {
  if (!changes.chance(0.3)) return;
  const day = workday(c.churned! + changes.int(60, 420), c.churned! + 1);
  if (day > tl.end) return;
  if (changes.chance(0.3)) c.planNow = nextPlan(c.planNow, -1) ?? c.planNow;
  c.churned = null;
  liveContract(changes, c, round10(c.planNow.mrr * (1 + 0.25 * changes.poisson(1))), tl, deals, day);
}

function endTerm(c: Customer, term: Term, addOns: readonly Term[], day: number, renewed: 0 | 1): void {
  for (const t of [term, ...addOns]) {
    t.ended = day;
    t.renewed = renewed;
  }
  c.terms.sort((a, b) => a.start - b.start);
}

/** Upsell deals created in the CRM era during one term; the won ones become add-on contracts co-termed with it. */
function sellAddOns(rng: Random, c: Customer, term: Term, stop: number, tl: Timeline, deals: Deal[]): Term[] {
  const out: Term[] = [];
  const count = rng.poisson(c.plan.name === 'Starter' ? 0.3 : 0.55);
  for (let i = 0; i < count; i++) {
    const created = workday(term.start + rng.int(30, Math.max(31, term.due - term.start - 20)), term.start);
    if (created < tl.start || created >= stop) continue;
    const seats = rng.int(2, 10);
    const mrr = seats * addOn.mrrPerSeat;
    const quarter = tl.quarterIndex(created);
    const won = rng.chance(0.6);
    const closed = Math.min(term.due - 1, workday(created + Math.max(3, Math.round(rng.logNormal(18, 0.5))), created));
    const deal: Deal = {
      id: '',
      created,
      closed: null,
      stage: openStages[2],
      status: 'open',
      amount: mrr * 12,
      owner: accountRep(c, quarter, tl),
      source: accountSource,
      customer: c,
      product: addOn.name,
      type: 'upsell',
      region: c.region,
      expected: null,
      probability: null,
    };
    deals.push(deal);
    if (closed >= stop) {
      // Either the story ends first (the deal stays open) or the customer cancels first (lost).
      if (stop <= tl.end) close(deal, stop, false);
      else deal.expected = closed;
      continue;
    }
    close(deal, closed, won);
    if (won) out.push({ plan: addOn.name, start: closed, due: term.due, ended: null, renewed: null, mrr });
  }
  c.terms.push(...out);
  return out;
}

/** Scale contracts are renewed through a renewal deal opened 60 days before the due date. */
function renewalDeal(c: Customer, term: Term, cancelled: number | null, renews: boolean, tl: Timeline, deals: Deal[]): void {
  const created = workday(term.due - 60, term.start);
  if (created < tl.start || created > tl.end) return;
  if (cancelled !== null && cancelled < created) return;
  const deal: Deal = {
    id: '',
    created,
    closed: null,
    stage: openStages[4],
    status: 'open',
    amount: term.mrr * 12,
    owner: accountRep(c, tl.quarterIndex(created), tl),
    source: accountSource,
    customer: c,
    product: c.plan.name,
    type: 'renewal',
    region: c.region,
    expected: null,
    probability: null,
  };
  deals.push(deal);
  if (cancelled !== null && cancelled <= tl.end) close(deal, Math.max(created, cancelled), false);
  else if (term.due <= tl.end) close(deal, term.due, renews);
  else deal.expected = term.due;
}

function close(deal: Deal, day: number, won: boolean): void {
  deal.closed = day;
  deal.status = won ? 'won' : 'lost';
  deal.stage = won ? wonStage : lostStage;
}

/** Customers from before the CRM: three years of accounts, more of them recent. */
function existingCustomers(rng: Random, tl: Timeline, deals: Deal[]): Customer[] {
  const out: Customer[] = [];
  const founders = ['Jonah Pryce', ...repsIn(0)];
  for (let i = 0; i < 300; i++) {
    const acquired = tl.start - 1 - Math.floor(1100 * Math.pow(rng.next(), 1.3));
    const plan = pickPlan(rng, 0);
    const mrr = round10(plan.mrr * (1 + 0.25 * rng.poisson(1.2)));
    const source = rng.chance(0.15) ? null : rng.weighted(leadSources, (s) => s.weight).name;
    const region = rng.weighted(regions, (r) => r.weight).name;
    const c = newCustomer(rng, workday(acquired, acquired - 3), plan, rng.pick(founders), source, region, mrr);
    liveContract(rng, c, mrr, tl, deals);
    out.push(c);
  }
  return out;
}

function leadDay(rng: Random, start: number, end: number): number {
  for (;;) {
    const day = rng.int(start, end);
    if (!isWeekend(day) || rng.chance(0.15)) return day;
  }
}

function sourceWeight(s: Source, quarter: number): number {
  return Math.max(0.02, s.weight + s.drift * quarter);
}

/** The leads of one quarter, their deals, and the customers they win. */
function quarterOfLeads(rng: Random, quarter: number, tl: Timeline, out: Sales): void {
  const q = tl.quarters[quarter]!;
  const reps = repsIn(quarter);
  const count = rng.poisson(560 * Math.pow(1.05, quarter));
  for (let i = 0; i < count; i++) {
    const created = leadDay(rng, q.start, q.end);
    const source = rng.weighted(leadSources, (s) => sourceWeight(s, quarter));
    const owner = rng.pick(reps);
    const region = rng.chance(0.03) ? null : rng.weighted(regions, (r) => r.weight).name;
    const lead: Lead = { id: '', created, source: source.name, owner, region, status: '', converted: null, customer: null };
    out.leads.push(lead);
    const converted = created + 1 + Math.round(rng.logNormal(6, 0.8));
    if (!rng.chance(trend(0.17, 0.22, quarter) * source.convert) || converted > tl.end) {
      lead.status = created > tl.end - 45 ? 'Working' : rng.chance(0.65) ? 'Disqualified' : 'Nurturing';
      continue;
    }
    lead.status = 'Converted';
    lead.converted = converted;
    const c = newDeal(rng, lead, source, tl, out.deals);
    if (c) {
      lead.customer = c;
      out.customers.push(c);
    }
  }
}

/** A new-business deal from a converted lead; returns the customer when it is won. */
function newDeal(rng: Random, lead: Lead, source: Source, tl: Timeline, deals: Deal[]): Customer | null {
  const created = lead.converted!;
  const quarter = tl.quarterIndex(created);
  const plan = pickPlan(rng, quarter);
  const mrr = round10(plan.mrr * (1 + 0.25 * rng.poisson(1.2)));
  const deal: Deal = {
    id: '',
    created,
    closed: null,
    stage: openStages[0],
    status: 'open',
    amount: mrr * 12,
    owner: lead.owner,
    source: lead.source,
    customer: null,
    product: plan.name,
    type: 'new',
    region: lead.region,
    expected: null,
    probability: null,
  };
  deals.push(deal);
  // A few deals stall for good: they are why old quarters still show open pipeline.
  if (rng.chance(0.04)) {
    deal.stage = openStages[rng.int(0, 2)]!;
    return null;
  }
  const won = rng.chance(trend(0.25, 0.36, quarter) * source.win * plan.win);
  const cycle = won ? Math.max(5, Math.round(rng.logNormal(trend(50, 34, quarter), 0.45))) : Math.max(3, Math.round(rng.logNormal(28, 0.8)));
  const closed = workday(created + cycle, created);
  if (closed > tl.end) {
    const progress = (tl.end - created) / cycle;
    deal.stage = openStages[Math.min(openStages.length - 1, Math.floor(progress * openStages.length))]!;
    deal.expected = closed;
    return null;
  }
  close(deal, closed, won);
  if (!won) return null;
  const c = newCustomer(rng, closed, plan, lead.owner, lead.source, lead.region, mrr);
  deal.customer = c;
  liveContract(rng, c, mrr, tl, deals);
  return c;
}

/** Gives ids in date order, so every table reads naturally from top to bottom. */
function assignIds(s: Sales): void {
  const byDay = <T extends { created: number }>(a: T, b: T): number => a.created - b.created;
  s.customers.sort((a, b) => a.acquired - b.acquired);
  s.customers.forEach((c, i) => (c.id = `C-${1001 + i}`));
  s.leads.sort(byDay);
  s.leads.forEach((l, i) => (l.id = `L-${100001 + i}`));
  s.deals.sort(byDay);
  s.deals.forEach((d, i) => (d.id = `D-${20001 + i}`));
}

export function simulateSales(rng: Random, tl: Timeline): Sales {
  const out: Sales = { customers: [], leads: [], deals: [] };
  out.customers.push(...existingCustomers(rng.fork('existing'), tl, out.deals));
  const leadsRng = rng.fork('leads');
  for (let quarter = 0; quarter < tl.quarters.length; quarter++) quarterOfLeads(leadsRng, quarter, tl, out);
  assignIds(out);
  return out;
}
