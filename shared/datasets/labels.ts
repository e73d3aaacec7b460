/**
 * Text values with a meaning: yes/no flags, deal stages and the catalogue's enum fields. Labels are
 * compared squashed (case, spaces and punctuation ignored), so 'Closed Won', 'closedwon' and
 * 'Closed-Won' are one spelling.
 */
import { type Cell, type Parsed, bad, good, squash } from './cell';

const yes = new Set(['yes', 'y', 'true', 't', '1', 'x', 'checked', 'on', 'ja', 'j', 'wahr', 'oui', 'si', 'sí']);
const no = new Set(['no', 'n', 'false', 'f', '0', 'unchecked', 'off', 'nein', 'falsch', 'non']);

/**
 * A user's reading of one field's labels, squashed label -> value ('Existing Customer - Replacement' ->
 * 'renewal'), ahead of the built-in spellings. The values are the field's own (yes or no for a flag).
 */
export type LabelMap = ReadonlyMap<string, string>;

/** 1 or 0 from yes/no, true/false, 1/0, y/n, x/checked, TRUE/FALSE; any other text ('No internet service') is refused. */
export function parseFlag(cell: Cell, overrides?: LabelMap): Parsed<0 | 1> {
  if (typeof cell === 'boolean') return good(cell ? 1 : 0);
  const chosen = overrides && cell !== null ? overrides.get(squash(String(cell))) : undefined;
  if (chosen) return good(chosen === 'yes' ? 1 : 0);
  if (typeof cell === 'number') return cell === 1 ? good(1) : cell === 0 ? good(0) : bad('is not a yes/no value');
  if (cell === null) return bad('is not a yes/no value');
  const t = cell.trim();
  if (t === '✓' || t === '✔') return good(1);
  const key = squash(t);
  if (yes.has(key)) return good(1);
  if (no.has(key)) return good(0);
  return bad('is not a yes/no value');
}

export type DealStatus = 'won' | 'lost' | 'open';

/** Squashed spelling -> value, from each value's spellings. */
function lookupOf<V extends string>(spellings: Readonly<Record<V, readonly string[]>>): Map<string, V> {
  const m = new Map<string, V>();
  for (const [value, list] of Object.entries(spellings) as [V, readonly string[]][]) for (const s of [value, ...list]) m.set(squash(s), value);
  return m;
}

/*
 * The stage and status labels exports write, by what they count as: Salesforce's default stages,
 * HubSpot's default pipeline, Zoho's stages, Dynamics' Status and Status Reason, Insightly's states,
 * Pipedrive's statuses (also in German), Freshsales' New and Negotiation, and Maven's Engaging. A label
 * named nowhere here is not guessed: a pipeline's own 'Signed' may well be won, and read as open it
 * would move every such deal out of the win rate without a word.
 */
const stageLookup = lookupOf<DealStatus>({
  won: ['closed won', 'deal won', 'win', 'gewonnen', 'gagné', 'gagne', 'ganado', 'vinto', 'gewonnener deal'],
  lost: [
    'closed lost',
    'deal lost',
    'loss',
    'abandoned',
    'canceled',
    'cancelled',
    'out-sold',
    'verloren',
    'perdu',
    'perdido',
    'perso',
    'closed lost to competition',
  ],
  open: [
    'new',
    'in progress',
    'on hold',
    'suspended',
    'pending',
    'offen',
    'engaging',
    'negotiation',
    'prospecting',
    'qualification',
    'needs analysis',
    'value proposition',
    'id. decision makers',
    'identify decision makers',
    'perception analysis',
    'proposal/price quote',
    'negotiation/review',
    'appointment scheduled',
    'qualified to buy',
    'presentation scheduled',
    'decision maker bought-in',
    'contract sent',
    // The early steps of every sales process, by the names spreadsheets and small CRMs give them.
    'lead',
    'new lead',
    'contacted',
    'qualified',
    'discovery',
    'demo',
    'proposal',
  ],
});

/** Why a stage is refused: the row needs a status, and the user is the one who knows the label. */
const unknownStage = "is not a stage known as won, lost or open: say which it counts as in the import's value mapping";

/**
 * won / lost / open from a stage or status label: Closed Won, closedwon, Won, Deal won, Gewonnen are won;
 * Closed Lost (to Competition), Lost, Abandoned, Canceled, Out-Sold, Verloren are lost; the vendors' open
 * stages (Prospecting, Contract Sent, In Progress, Suspended ...) are open. The user's reading of a
 * label wins; any other label is refused.
 */
export function parseStage(cell: Cell, overrides?: LabelMap): Parsed<DealStatus> {
  if (cell === null || typeof cell === 'boolean') return bad('is not a stage');
  const key = squash(String(cell));
  if (key === '') return bad('is not a stage');
  const status =
    (overrides?.get(key) as DealStatus | undefined) ??
    stageLookup.get(key) ??
    // A closed type with a suffix of the org's own ('Closed Won - Paid', 'Closed Lost - No Budget').
    (key.startsWith('closedwon') ? 'won' : key.startsWith('closedlost') ? 'lost' : undefined);
  return status ? good(status) : bad(unknownStage);
}

/** The enum fields of the catalogue whose values arrive in vendor spellings. */
export type EnumField = 'surveys.kind' | 'spend.category' | 'deals.deal_type' | 'tickets.status';

const enumSpellings: Record<EnumField, Record<string, readonly string[]>> = {
  'surveys.kind': {
    nps: ['nps', 'net promoter', 'net promoter score', 'promoter score', 'likelihood to recommend'],
    csat: ['csat', 'customer satisfaction', 'customer satisfaction score', 'satisfaction'],
    ces: ['ces', 'customer effort', 'customer effort score', 'effort'],
  },
  'spend.category': {
    // Advertising is a kind of marketing spend everywhere; nothing vaguer ('media', 'other') is guessed.
    // QuickBooks' expense accounts among them ('Advertising & Marketing', 'Commissions & fees').
    marketing: ['marketing', 'mkt', 'advertising', 'ads', 'paid ads', 'marketing spend', 'advertising & marketing', 'advertising and promotion', 'promotional'],
    sales: ['sales', 'sales spend', 'sales cost', 'commissions & fees', 'sales commissions'],
    retention: ['retention', 'customer retention', 'retention spend'],
    crm: ['crm', 'crm software', 'crm licence', 'crm license', 'crm subscription', 'crm cost'],
  },
  'deals.deal_type': {
    new: ['new', 'new business', 'new customer', 'new logo', 'new deal'],
    upsell: [
      'upsell',
      'up-sell',
      'cross-sell',
      'crosssell',
      'cross sell',
      'existing business',
      'existing customer - upgrade',
      'expansion',
      'upgrade',
      'add-on',
    ],
    // Salesforce's Replacement and Downgrade keep an existing customer's business without growing it:
    // as upsell they would lift the upsell rate with deals that shrink accounts, and they are not new.
    renewal: ['renewal', 'renew', 'existing customer - renewal', 'existing customer - replacement', 'existing customer - downgrade'],
  },
  'tickets.status': {
    // Zendesk New/Open/Pending/On-hold/Solved/Closed, Freshdesk Open/Pending/Resolved/Closed (and its
    // Waiting on Customer/Third Party), ServiceNow New/In Progress/On Hold/Resolved/Closed/Canceled.
    open: ['open', 'new', 'in progress'],
    pending: ['pending', 'on hold', 'waiting on customer', 'waiting on third party'],
    resolved: ['resolved', 'solved'],
    // A canceled incident is over without having been solved.
    closed: ['closed', 'canceled', 'cancelled'],
  },
};

const enumLookup = new Map<EnumField, Map<string, string>>(
  (Object.entries(enumSpellings) as [EnumField, Record<string, readonly string[]>][]).map(([fieldKey, values]) => [fieldKey, lookupOf(values)]),
);

/** The enum field of a dataset's field, when its values arrive in vendor spellings (else it is text as written). */
export function enumField(dataset: string, fieldName: string): EnumField | null {
  const key = `${dataset}.${fieldName}`;
  return key in enumSpellings ? (key as EnumField) : null;
}

/** The canonical value of an enum field from its vendor spellings ('Net Promoter' → nps, 'New Business' → new), the user's reading first. */
export function parseEnum(cell: Cell, fieldKey: EnumField, overrides?: LabelMap): Parsed<string> {
  const key = cell === null ? '' : squash(String(cell));
  const hit = overrides?.get(key) ?? enumLookup.get(fieldKey)!.get(key) ?? (fieldKey === 'spend.category' ? parentAccount(cell) : undefined);
  if (hit) return good(hit);
  return bad(`is not one of ${Object.keys(enumSpellings[fieldKey]).join(', ')}`);
}

/**
 * A bookkeeping sub-account's category is its top-level account's, whose number is left out
 * ('6000 Advertising & Marketing:Google Ads' -> marketing, as 'Advertising & Marketing' is).
 */
function parentAccount(cell: Cell): string | undefined {
  if (typeof cell !== 'string') return undefined;
  const parent = cell
    .split(':')[0]!
    .trim()
    .replace(/^\d+\s+/, '');
  return parent === cell.trim() ? undefined : enumLookup.get('spend.category')!.get(squash(parent));
}

/** A satisfaction rating given as a word: good/bad (Zendesk), Awesome/Just Okay/Not Good (Freshdesk classic). */
export type SatisfactionLabel = 'good' | 'bad' | 'not_rated';

const satisfactionWords = new Map<string, SatisfactionLabel>([
  ...['good', 'satisfied', 'awesome', 'positive', 'happy'].map((w) => [w, 'good'] as const),
  // 'Just Okay' is the neutral face: not satisfied, as a 3 on a 1-5 scale is below the threshold.
  ...['bad', 'unsatisfied', 'dissatisfied', 'notgood', 'justokay', 'negative', 'unhappy'].map((w) => [w, 'bad'] as const),
  ...['notoffered', 'offered', 'unoffered', 'norating', 'notrated'].map((w) => [w, 'not_rated'] as const),
]);

/** good / bad / not_rated for a worded satisfaction rating, undefined for anything else (numbers included). */
export function satisfactionLabel(text: string): SatisfactionLabel | undefined {
  return satisfactionWords.get(squash(text));
}
