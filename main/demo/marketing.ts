import type { CanonicalRow } from '../store/batches';
import { emailCampaignKinds, marketingChannels, salesReps, seats, trend, webChannels, worksIn } from './company';
import { addMonths, isoDay, weekday, isWeekend } from './days';
import type { Random } from './random';
import type { Timeline } from './timeline';

/**
 * Spend, email campaigns and web traffic. Spend is booked per month as a period (spent_at the first
 * day, spent_until the last), with a few one-day costs (an event sponsorship, the CRM set-up).
 */

const cents = (x: number): number => Math.round(x * 100) / 100;

export function spendRows(rng: Random, tl: Timeline): CanonicalRow[] {
  const rows: CanonicalRow[] = [];
  const period = (start: number, end: number, category: string, channel: string, amount: number): void => {
    rows.push({ spent_at: isoDay(start), spent_until: isoDay(end), amount: cents(amount), category, channel });
  };
  period(tl.start + 3, tl.start + 3, 'crm', 'CRM implementation', 9500);
  for (let month = tl.start; month <= tl.end; month = addMonths(month, 1)) {
    const end = addMonths(month, 1) - 1;
    const quarter = tl.quarterIndex(month);
    const noise = (): number => 1 + 0.08 * rng.normal();
    for (const ch of marketingChannels) {
      period(month, end, 'marketing', ch.name, ch.monthly * Math.pow(1 + ch.growth, quarter) * noise());
    }
    const reps = salesReps.filter((p) => worksIn(p, quarter)).length;
    period(month, end, 'sales', 'Sales team (pay, commission, travel)', 16000 * reps * noise());
    period(month, end, 'retention', 'Customer success', 4200 * trend(1, 1.6, quarter) * noise());
    period(month, end, 'crm', 'CRM licence', seats * 89);
    // One sponsored trade show a quarter, in its middle month.
    if (addMonths(tl.quarters[quarter]!.start, 1) === month) {
      let day = month + rng.int(5, 20);
      while (isWeekend(day)) day++;
      period(day, day, 'marketing', 'Events', 5000 + 500 * rng.int(0, 8));
    }
  }
  return rows;
}

export function emailCampaignRows(rng: Random, tl: Timeline): CanonicalRow[] {
  const rows: CanonicalRow[] = [];
  const listFactor: Record<(typeof emailCampaignKinds)[number], number> = {
    Newsletter: 1,
    'Product update': 0.9,
    'Webinar invite': 0.6,
    Nurture: 0.3,
    'Customer tips': 0.5,
  };
  // Campaigns go out on Tuesdays, and on some Thursdays.
  let day = tl.start;
  while (weekday(day) !== 2) day++;
  for (; day <= tl.end; day += 7) {
    const quarter = tl.quarterIndex(day);
    const sends = rng.chance(0.45) && day + 2 <= tl.end ? [day, day + 2] : [day];
    for (const sentDay of sends) {
      const firstTuesday = sentDay === day && Number(isoDay(day).slice(8)) <= 7;
      const kind = firstTuesday ? 'Newsletter' : rng.pick(emailCampaignKinds);
      const sent = Math.round(trend(4200, 9800, quarter) * listFactor[kind] * (1 + 0.05 * rng.normal()));
      const bounced = Math.round(sent * rng.between(0.006, 0.025));
      const delivered = sent - bounced;
      const opened = Math.round(delivered * (trend(0.26, 0.34, quarter) + 0.03 * rng.normal()));
      rows.push({
        campaign_id: `EM-${String(rows.length + 1).padStart(4, '0')}`,
        sent_at: isoDay(sentDay),
        sent,
        delivered,
        bounced,
        opened,
        clicked: Math.round(opened * rng.between(0.1, 0.17)),
        unsubscribed: Math.round(delivered * rng.between(0.001, 0.004)),
      });
    }
  }
  return rows;
}

export function webTrafficRows(rng: Random, tl: Timeline): CanonicalRow[] {
  const rows: CanonicalRow[] = [];
  tl.quarters.forEach((q, quarter) => {
    for (let day = q.start; day <= q.end; day++) {
      const month = isoDay(day).slice(5, 7);
      const season = month === '08' ? 0.8 : month === '12' ? 0.75 : 1;
      const week = isWeekend(day) ? 0.55 : 1;
      for (const ch of webChannels) {
        const sessions = rng.poisson(ch.sessions * Math.pow(1 + ch.growth, quarter) * season * week);
        const conversions = rng.poisson(sessions * ch.conversion * trend(1, 1.35, quarter));
        rows.push({ day: isoDay(day), sessions, conversions, channel: ch.name });
      }
    }
  });
  return rows;
}
