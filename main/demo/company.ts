import type { Random } from './random';

/**
 * The sample company: Larkspur Analytics, an invented small firm that sells a reporting SaaS in
 * three plans and runs a web shop for add-ons (sensor kits, training days, report packs). Every
 * name here is made up. The story its numbers tell, over ten quarters:
 * - the team adopts its CRM in the first quarter (that quarter and the next warm the pipeline up);
 * - leads grow about 5% a quarter and shift from paid search to organic and referral;
 * - new business is won more often (from about a quarter of deals to a third) and faster;
 * - a price rise in the sixth quarter costs renewals (a churn blip) and dents NPS, which then
 *   recovers to its best level;
 * - support answers faster and solves more tickets on the first contact;
 * - two sales reps join and one leaves; CRM adoption grows towards the licensed seats.
 */

export const companyName = 'Larkspur Analytics';
export const currency = 'EUR';
export const seats = 15;
/**
 * Gain the team attributes to the CRM (time saved, deals not lost) for crm_roi. The engine reads the
 * setting as the gain of the period asked for, and the dashboard's period is a quarter: against a
 * licence of 15 x 89 x 3 = 4,005 a quarter this is an ROI of about 2.
 */
export const crmGain = 12_000;
export const grossMargin = 0.78;
/** How many quarters the story covers; the first two warm the pipeline up. */
export const quarterCount = 10;
/** The quarter of the price rise (index into the story's quarters). */
export const blipQuarter = 5;

export interface Person {
  readonly name: string;
  /** First quarter (index) the person works here; `left` is the first quarter they no longer do. */
  readonly joined: number;
  readonly left?: number;
}

export const salesReps: readonly Person[] = [
  { name: 'Ines Marlow', joined: 0 },
  { name: 'Tobias Reinholt', joined: 0 },
  { name: 'Priya Castellane', joined: 0 },
  { name: 'Ola Sundqvist', joined: 0, left: 7 },
  { name: 'Dario Fennimore', joined: 4 },
  { name: 'Hanne Brokstad', joined: 7 },
];

export const supportAgents: readonly Person[] = [
  { name: 'Lea Tamsin', joined: 0 },
  { name: 'Rafael Okonjo', joined: 0 },
  { name: 'Saskia Vell', joined: 0 },
  { name: 'Milan Dorsey', joined: 3 },
];

/** CRM users who are neither reps nor agents. */
export const otherUsers: readonly Person[] = [
  { name: 'Jonah Pryce', joined: 0 },
  { name: 'Greta Halvorsen', joined: 0 },
  { name: 'Nadia Ferreira', joined: 2 },
  { name: 'Yusuf Ambrose', joined: 5 },
];

export const worksIn = (p: Person, quarter: number): boolean => quarter >= p.joined && (p.left === undefined || quarter < p.left);

export const regions = [
  { name: 'DACH', weight: 0.28 },
  { name: 'Nordics', weight: 0.22 },
  { name: 'UK & Ireland', weight: 0.2 },
  { name: 'Benelux', weight: 0.18 },
  { name: 'Iberia', weight: 0.12 },
] as const;

export interface Source {
  readonly name: string;
  /** Share of leads in the first quarter and its change per quarter. */
  readonly weight: number;
  readonly drift: number;
  /** How much likelier than average a lead from here is to become a deal, and to be won. */
  readonly convert: number;
  readonly win: number;
}

export const leadSources: readonly Source[] = [
  { name: 'Paid search', weight: 0.27, drift: -0.012, convert: 0.8, win: 0.85 },
  { name: 'Organic search', weight: 0.2, drift: 0.014, convert: 1.0, win: 1.0 },
  { name: 'Outbound', weight: 0.18, drift: -0.008, convert: 0.7, win: 0.8 },
  { name: 'Events', weight: 0.12, drift: 0, convert: 1.1, win: 1.05 },
  { name: 'Referral', weight: 0.12, drift: 0.009, convert: 1.5, win: 1.35 },
  { name: 'Partner', weight: 0.11, drift: 0.005, convert: 1.3, win: 1.2 },
];

/** Deals with customers already on the books come from account management, not marketing. */
export const accountSource = 'Account management';

export interface Plan {
  readonly name: string;
  readonly segment: string;
  /** List price per month for the base package. */
  readonly mrr: number;
  readonly weight: number;
  /** Relative chance of winning a deal for this plan, and of renewing a contract on it. */
  readonly win: number;
  readonly renew: number;
}

export const plans: readonly Plan[] = [
  { name: 'Starter', segment: 'SMB', mrr: 290, weight: 0.5, win: 1.12, renew: 0.95 },
  { name: 'Growth', segment: 'Mid-market', mrr: 790, weight: 0.35, win: 0.95, renew: 1.0 },
  { name: 'Scale', segment: 'Enterprise', mrr: 1900, weight: 0.15, win: 0.75, renew: 1.04 },
];

/** The add-on sold to existing customers (an upsell deal), priced per seat and month. */
export const addOn = { name: 'Extra seats', mrrPerSeat: 45 } as const;

export interface ShopProduct {
  readonly name: string;
  readonly price: number;
  readonly maxQuantity: number;
  readonly weight: number;
}

export const shopProducts: readonly ShopProduct[] = [
  { name: 'Sensor kit', price: 149, maxQuantity: 12, weight: 0.3 },
  { name: 'Report pack', price: 79, maxQuantity: 5, weight: 0.3 },
  { name: 'Training day', price: 950, maxQuantity: 2, weight: 0.14 },
  { name: 'Data connector', price: 490, maxQuantity: 1, weight: 0.12 },
  { name: 'Premium support month', price: 250, maxQuantity: 3, weight: 0.14 },
];
export const onboardingPackage: ShopProduct = { name: 'Onboarding package', price: 1500, maxQuantity: 1, weight: 0 };

export const openStages = ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent'] as const;
export const wonStage = 'Closed Won';
export const lostStage = 'Closed Lost';

export const marketingChannels = [
  { name: 'Paid search', monthly: 24600, growth: 0.01 },
  { name: 'Content', monthly: 10800, growth: 0.05 },
  { name: 'Social', monthly: 7800, growth: 0.02 },
  { name: 'Events', monthly: 9000, growth: 0.03 },
] as const;

export const webChannels = [
  { name: 'Organic', sessions: 520, growth: 0.07, conversion: 0.018 },
  { name: 'Paid search', sessions: 310, growth: 0.015, conversion: 0.024 },
  { name: 'Direct', sessions: 260, growth: 0.04, conversion: 0.02 },
  { name: 'Referral', sessions: 90, growth: 0.06, conversion: 0.035 },
  { name: 'Social', sessions: 140, growth: 0.03, conversion: 0.008 },
  { name: 'Email', sessions: 70, growth: 0.05, conversion: 0.03 },
] as const;

export const ticketChannels = [
  { name: 'Email', weight: 0.45 },
  { name: 'Chat', weight: 0.3 },
  { name: 'Phone', weight: 0.15 },
  { name: 'Web form', weight: 0.1 },
] as const;

export const priorities = [
  { name: 'Low', weight: 0.25, speed: 1.6 },
  { name: 'Normal', weight: 0.5, speed: 1 },
  { name: 'High', weight: 0.2, speed: 0.5 },
  { name: 'Urgent', weight: 0.05, speed: 0.2 },
] as const;

export const emailCampaignKinds = ['Newsletter', 'Product update', 'Webinar invite', 'Nurture', 'Customer tips'] as const;

/** A value that moves linearly from `from` (first quarter) to `to` (last quarter). */
export const trend = (from: number, to: number, quarter: number): number => from + ((to - from) * quarter) / (quarterCount - 1);

const nameStems = [
  'Alder',
  'Birchwood',
  'Cobalt',
  'Dunmore',
  'Elmstead',
  'Foxglove',
  'Granite',
  'Hollin',
  'Ivybridge',
  'Juniper',
  'Kestrel',
  'Lindqvist',
  'Marram',
  'Northgate',
  'Oakhurst',
  'Pellow',
  'Quarry Lane',
  'Rowan',
  'Saltmarsh',
  'Thistle',
  'Umber',
  'Vantor',
  'Wexley',
  'Yarrow',
  'Zephyr',
  'Brightwater',
  'Calder',
  'Driftwood',
  'Emberly',
  'Fenwick',
  'Glenholm',
  'Harrowgate',
  'Inverkip',
  'Jessamy',
  'Kilbride',
  'Larchmont',
  'Millbrook',
  'Nettlebed',
  'Orrin',
  'Pinecrest',
];
const nameTrades = [
  'Logistics',
  'Dental',
  'Foods',
  'Engineering',
  'Studios',
  'Outdoor',
  'Pharma',
  'Retail',
  'Freight',
  'Architects',
  'Clinics',
  'Brewing',
  'Robotics',
  'Textiles',
  'Media',
  'Energy',
  'Labs',
  'Interiors',
];
const nameForms = ['GmbH', 'BV', 'AB', 'Ltd', 'S.L.', 'AS', 'Group', 'Oy', ''];
const partnerNames = ['Hale', 'Brook', 'Morrow', 'Teague', 'Lund', 'Ashby', 'Vane', 'Carrow'];

/** An invented company name; about one in eight has a comma ("Hale, Brook & Partners"). */
export function companyNameFor(rng: Random): string {
  if (rng.chance(0.125)) {
    const a = rng.pick(partnerNames);
    let b = rng.pick(partnerNames);
    if (b === a) b = 'Lindell';
    return `${a}, ${b} & Partners`;
  }
  const form = rng.pick(nameForms);
  return `${rng.pick(nameStems)} ${rng.pick(nameTrades)}${form ? ` ${form}` : ''}`;
}
