import type { CanonicalRow } from '../store/batches';
import { blipQuarter, priorities, supportAgents, ticketChannels, trend, worksIn } from './company';
import { isoDay, isoMinute, isWeekend } from './days';
import type { Random } from './random';
import type { Customer } from './sales';
import type { Timeline } from './timeline';

/**
 * The help desk and the surveys. Support gets faster and solves more on the first contact over the
 * story; satisfaction and NPS rise, with a dip in the quarter of the price rise.
 */

const MINUTES_PER_DAY = 1440;

interface Ticket {
  readonly customer: Customer;
  readonly created: number;
  readonly row: Record<string, string | number | null>;
  /** Resolution day, for the customer-effort survey that follows it. */
  readonly resolvedDay: number | null;
  readonly contacts: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** The quarter's mood: the price rise costs a few tenths of a point, the quarter after half that. */
const blipPenalty = (quarter: number): number => (quarter === blipQuarter ? 1 : quarter === blipQuarter + 1 ? 0.5 : 0);

function isActive(c: Customer, day: number): boolean {
  return c.acquired <= day && (c.churned === null || c.churned > day);
}

function ticketFor(rng: Random, c: Customer, day: number, tl: Timeline): Ticket {
  const quarter = tl.quarterIndex(day);
  const offHours = rng.chance(0.1);
  const created = day * MINUTES_PER_DAY + (offHours ? rng.int(0, 1439) : rng.int(7 * 60, 18 * 60));
  const priority = rng.weighted(priorities, (p) => p.weight);
  const channel = rng.weighted(ticketChannels, (ch) => ch.weight);
  const live = channel.name === 'Chat' || channel.name === 'Phone' ? 0.3 : 1;
  const agents = supportAgents.filter((a) => worksIn(a, quarter));
  const agent = rng.pick(agents).name;
  const contacts = rng.chance(trend(0.6, 0.76, quarter)) ? 1 : 2 + rng.poisson(0.7);
  const firstResponse = created + 60 * rng.logNormal(trend(7, 2.5, quarter) * priority.speed * live, 0.8);
  const resolved = firstResponse + 60 * rng.logNormal(trend(20, 11, quarter) * priority.speed * (1 + 0.4 * (contacts - 1)), 0.9);
  const endMinute = (tl.end + 1) * MINUTES_PER_DAY - 1;
  const answered = firstResponse <= endMinute;
  const done = resolved <= endMinute;
  let satisfaction: number | null = null;
  if (done && rng.chance(0.4)) {
    const mean = trend(3.9, 4.4, quarter) - 0.35 * blipPenalty(quarter) - 0.25 * (contacts - 1);
    satisfaction = clamp(Math.round(mean + 0.95 * rng.normal()), 1, 5);
  }
  let status = 'open';
  if (done) status = resolved < endMinute - 4 * MINUTES_PER_DAY ? 'closed' : 'resolved';
  else if (answered) status = rng.chance(0.5) ? 'open' : 'pending';
  return {
    customer: c,
    created,
    contacts,
    resolvedDay: done ? Math.floor(resolved / MINUTES_PER_DAY) : null,
    row: {
      ticket_id: null,
      customer_id: c.id,
      created_at: isoMinute(created),
      first_response_at: answered ? isoMinute(firstResponse) : null,
      resolved_at: done ? isoMinute(resolved) : null,
      contacts,
      channel: channel.name,
      agent,
      status,
      priority: priority.name,
      satisfaction,
      satisfaction_good: null,
    },
  };
}

function simulateTickets(rng: Random, customers: readonly Customer[], tl: Timeline): Ticket[] {
  const out: Ticket[] = [];
  for (const c of customers) {
    tl.months.forEach((month, m) => {
      const to = (tl.months[m + 1] ?? tl.end + 1) - 1;
      // New customers ask more while they find their way around.
      const onboarding = c.acquired >= month - 60 && c.acquired <= to ? 2 : 1;
      const count = rng.poisson(c.ticketRate * onboarding);
      for (let i = 0; i < count; i++) {
        let day = rng.int(month, to);
        if (isWeekend(day) && rng.chance(0.7)) day = rng.int(month, to);
        if (isActive(c, day)) out.push(ticketFor(rng, c, day, tl));
      }
    });
  }
  out.sort((a, b) => a.created - b.created);
  out.forEach((t, i) => (t.row.ticket_id = `T-${5001 + i}`));
  return out;
}

interface Response {
  readonly day: number;
  readonly row: Record<string, string | number | null>;
}

/** An NPS score with promoters and detractors in the quarter's proportions (passives fixed at 35%). */
function npsScore(rng: Random, nps: number): number {
  const promoters = (0.65 + nps) / 2;
  const x = rng.next();
  if (x < promoters) return rng.chance(0.45) ? 10 : 9;
  if (x < 0.65) return rng.weighted([0, 1, 2, 3, 4, 5, 6], (s) => [1, 1, 1, 2, 3, 5, 7][s]!);
  return rng.chance(0.5) ? 8 : 7;
}

function surveyResponses(rng: Random, customers: readonly Customer[], tickets: readonly Ticket[], tl: Timeline): Response[] {
  const out: Response[] = [];
  const respond = (customer: Customer, day: number, kind: string, score: number, channel: string): void => {
    out.push({ day, row: { response_id: null, customer_id: customer.id, responded_at: isoDay(day), kind, score, channel } });
  };
  tl.quarters.forEach((q, quarter) => {
    const nps = (trend(18, 44, quarter) - 16 * blipPenalty(quarter)) / 100;
    for (const c of customers) {
      const day = q.start + rng.int(35, 55);
      if (!isActive(c, day) || !rng.chance(0.45)) continue;
      // Customers about to leave say so first.
      const leaving = c.churned !== null && c.churned - day < 180 && rng.chance(0.4);
      respond(c, day, 'nps', leaving ? rng.int(2, 6) : npsScore(rng, nps), 'Email');
    }
    const active = customers.filter((c) => isActive(c, q.start));
    const csatCount = rng.poisson(70 * trend(1, 1.4, quarter));
    for (let i = 0; i < csatCount; i++) {
      const day = rng.int(q.start, q.end);
      const mean = trend(3.9, 4.4, quarter) - 0.4 * blipPenalty(quarter);
      respond(rng.pick(active), day, 'csat', clamp(Math.round(mean + 0.9 * rng.normal()), 1, 5), 'In-app');
    }
  });
  for (const t of tickets) {
    if (t.resolvedDay === null || !rng.chance(0.25)) continue;
    const day = t.resolvedDay + rng.int(0, 2);
    if (day > tl.end) continue;
    const mean = trend(4.9, 5.8, tl.quarterIndex(day)) - 0.45 * (t.contacts - 1);
    respond(t.customer, day, 'ces', clamp(Math.round(mean + 1.1 * rng.normal()), 1, 7), 'Email');
  }
  out.sort((a, b) => a.day - b.day);
  out.forEach((r, i) => (r.row.response_id = `R-${70001 + i}`));
  return out;
}

export function serviceRows(rng: Random, customers: readonly Customer[], tl: Timeline): { tickets: CanonicalRow[]; surveys: CanonicalRow[] } {
  const tickets = simulateTickets(rng.fork('tickets'), customers, tl);
  const surveys = surveyResponses(rng.fork('surveys'), customers, tickets, tl);
  return { tickets: tickets.map((t) => t.row), surveys: surveys.map((r) => r.row) };
}
