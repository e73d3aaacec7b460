/**
 * Text values with a meaning: yes/no flags, deal stages and the catalogue's enum fields. Labels are
 * compared squashed (case, spaces and punctuation ignored), so 'Closed Won', 'closedwon' and
 * 'Closed-Won' are one spelling.
 */
import { type Cell, type Parsed, bad, good, squash } from './cell';

const yes = new Set(['yes', 'y', 'true', 't', '1', 'x', 'checked', 'on', 'ja', 'j', 'wahr', 'oui', 'si', 'sí']);
const no = new Set(['no', 'n', 'false', 'f', '0', 'unchecked', 'off', 'nein', 'falsch', 'non']);

/** 1 or 0 from yes/no, true/false, 1/0, y/n, x/checked, TRUE/FALSE; any other text ('No internet service') is refused. */
export function parseFlag(cell: Cell): Parsed<0 | 1> {
  if (typeof cell === 'boolean') return good(cell ? 1 : 0);
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

const wonStages = new Set(['won', 'closedwon', 'dealwon', 'win', 'gewonnen', 'gagne', 'gagné', 'ganado', 'vinto', 'gewonnenerdeal']);
const lostStages = new Set([
  'lost', 'closedlost', 'deallost', 'loss', 'abandoned', 'canceled', 'cancelled', 'outsold',
  'verloren', 'perdu', 'perdido', 'perso', 'closedlosttocompetition', 'closedlostcompetition',
]);

/**
 * won / lost / open from a stage or status label: Closed Won, closedwon, Won, Deal won, Gewonnen are won;
 * Closed Lost (to Competition), Lost, Abandoned, Canceled, Out-Sold, Verloren are lost; everything else
 * (Suspended, Negotiation, In Progress ...) is open. A user's value map, keyed by the label as written, wins.
 */
export function parseStage(cell: Cell, overrides?: ReadonlyMap<string, DealStatus>): Parsed<DealStatus> {
  if (cell === null || typeof cell === 'boolean') return bad('is not a stage');
  const label = String(cell).trim();
  if (label === '') return bad('is not a stage');
  if (overrides) {
    const exact = overrides.get(label);
    if (exact) return good(exact);
    const key = squash(label);
    for (const [k, v] of overrides) if (squash(k) === key) return good(v);
  }
  const key = squash(label);
  if (wonStages.has(key) || key.startsWith('closedwon')) return good('won');
  if (lostStages.has(key) || key.startsWith('closedlost')) return good('lost');
  return good('open');
}

/** The enum fields of the catalogue whose values arrive in vendor spellings. */
export type EnumField = 'surveys.kind' | 'spend.category' | 'deals.deal_type';

const enumSpellings: Record<EnumField, Record<string, readonly string[]>> = {
  'surveys.kind': {
    nps: ['nps', 'net promoter', 'net promoter score', 'promoter score', 'likelihood to recommend'],
    csat: ['csat', 'customer satisfaction', 'customer satisfaction score', 'satisfaction'],
    ces: ['ces', 'customer effort', 'customer effort score', 'effort'],
  },
  'spend.category': {
    // Advertising is a kind of marketing spend everywhere; nothing vaguer ('media', 'other') is guessed.
    marketing: ['marketing', 'mkt', 'advertising', 'ads', 'paid ads', 'marketing spend'],
    sales: ['sales', 'sales spend', 'sales cost'],
    retention: ['retention', 'customer retention', 'retention spend'],
    crm: ['crm', 'crm software', 'crm licence', 'crm license', 'crm subscription', 'crm cost'],
  },
  'deals.deal_type': {
    new: ['new', 'new business', 'new customer', 'new logo', 'new deal'],
    upsell: ['upsell', 'up-sell', 'cross-sell', 'crosssell', 'cross sell', 'existing business', 'existing customer - upgrade', 'expansion', 'upgrade', 'add-on'],
    renewal: ['renewal', 'renew', 'existing customer - renewal'],
  },
};

const enumLookup = new Map<EnumField, Map<string, string>>();
for (const [fieldKey, values] of Object.entries(enumSpellings) as [EnumField, Record<string, readonly string[]>][]) {
  const m = new Map<string, string>();
  for (const [value, spellings] of Object.entries(values)) for (const s of [value, ...spellings]) m.set(squash(s), value);
  enumLookup.set(fieldKey, m);
}

/** The canonical value of an enum field from its vendor spellings ('Net Promoter' → nps, 'New Business' → new). */
export function parseEnum(cell: Cell, fieldKey: EnumField): Parsed<string> {
  const table = enumLookup.get(fieldKey)!;
  const hit = cell === null ? undefined : table.get(squash(String(cell)));
  if (hit) return good(hit);
  return bad(`is not one of ${Object.keys(enumSpellings[fieldKey]).join(', ')}`);
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
