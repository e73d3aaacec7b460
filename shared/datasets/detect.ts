/**
 * Which dataset a file is, from its header row (and a few rows, when there are any): every dataset
 * maps the headers it knows, the mappings are scored, and the best one is suggested with a sentence
 * saying why. The user can override all of it (applyOverrides: `--as`, `--map`, `--set`).
 */
import { type DatasetName, datasets, dataset as datasetDef, mappableFields } from './catalog';
import { type Cell, isMissing, squash } from './cell';
import { durationMapping } from './durations';
import { parseNumber } from './numbers';
import { fieldLabel, recordNoun } from './words';
import { type SurveyKind, headerField, headerKey, headerSpread, questionKind } from './headers';

export interface Candidate {
  readonly dataset: DatasetName;
  readonly score: number;
  /** Source column index -> field. */
  readonly mapping: ReadonlyMap<number, string>;
  /** Required fields neither mapped nor covered by an alternative (deals.stage by status, orders.amount by quantity x unit_price). */
  readonly missingRequired: readonly string[];
  /** Constants detection proposes for fields the file lacks (`kind=nps` for a file of 0-10 answers). */
  readonly suggestedSet: ReadonlyArray<readonly [string, string]>;
}

export interface Detection {
  /** Every dataset that matched at least one column, best first. */
  readonly candidates: readonly Candidate[];
  /** The suggestion, or null when nothing matched well enough (the user picks one). */
  readonly chosen: Candidate | null;
  /** One line for the wizard and the CLI. */
  readonly explanation: string;
}

function columnValues(samples: readonly (readonly Cell[])[] | undefined, index: number): Cell[] {
  return (samples ?? []).map((row) => row[index] ?? null).filter((c) => !isMissing(c));
}

function allWithin(values: readonly Cell[], min: number, max: number): boolean {
  return values.every((c) => {
    const n = parseNumber(c);
    return n.ok && n.value >= min && n.value <= max;
  });
}

/** Fields that count as required when scoring: the required ones and their stand-ins. */
function requiredLike(name: DatasetName): Set<string> {
  const def = datasetDef(name);
  const out = new Set(def.fields.filter((f) => f.required).map((f) => f.name));
  for (const alts of Object.values(def.requiredAlternatives ?? {})) for (const alt of alts) for (const f of alt) out.add(f);
  return out;
}

/** Required fields not mapped and without a complete alternative. */
export function missingRequiredFields(name: DatasetName, mapped: ReadonlySet<string>): string[] {
  const def = datasetDef(name);
  return def.fields
    .filter((f) => f.required && !mapped.has(f.name))
    .filter((f) => !(def.requiredAlternatives?.[f.name] ?? []).some((alt) => alt.every((a) => mapped.has(a))))
    .map((f) => f.name);
}

const adMetrics = new Set(['impressions', 'clicks', 'cpc', 'ctr', 'cpm', 'reach', 'adid', 'adname', 'adsetname']);
const scoreKinds = new Map<string, SurveyKind>([
  ['nps', 'nps'],
  ['npsscore', 'nps'],
  ['likelihoodtorecommend', 'nps'],
  ['csat', 'csat'],
  ['csatscore', 'csat'],
  ['ces', 'ces'],
  ['cesscore', 'ces'],
]);

function candidateFor(name: DatasetName, headers: readonly string[], samples?: readonly (readonly Cell[])[]): Candidate {
  const best = new Map<string, { index: number; rank: number }>();
  const suggested: Array<readonly [string, string]> = [];
  let questionKindFound: SurveyKind | undefined;
  headers.forEach((header, index) => {
    let hit = headerField(name, header);
    if (!hit && name === 'surveys') {
      const kind = questionKind(header);
      const values = columnValues(samples, index);
      if (kind && allWithin(values, 0, kind === 'ces' ? 7 : 10)) {
        hit = { field: 'score', rank: 100 };
        questionKindFound ??= kind;
      }
    }
    if (!hit) return;
    const prior = best.get(hit.field);
    if (!prior || hit.rank < prior.rank) best.set(hit.field, { index, rank: hit.rank });
  });
  // Shopify writes a row per line item and the order's 'Total' on its first row only: a line's amount
  // is its quantity x price, never the order's total.
  const lineItem = (f: string): boolean => /^lineitem/.test(headerKey(headers[best.get(f)?.index ?? -1] ?? ''));
  if (name === 'orders' && lineItem('quantity') && lineItem('unit_price')) best.delete('amount');
  const mapping = new Map<number, string>();
  for (const [fieldName, { index }] of best) mapping.set(index, fieldName);
  for (const [index, fieldName] of durationMapping(name, headers, mapping)) mapping.set(index, fieldName);
  const weighty = requiredLike(name);
  let score = 0;
  for (const [index, fieldName] of mapping) {
    const spread = Math.max(1, headerSpread(headers[index]!));
    const distinct = spread === 1 ? 1 : spread <= 3 ? 0.6 : 0.35;
    score += (weighty.has(fieldName) ? 3 : 1) * distinct;
  }
  const mapped = new Set(mapping.values());
  const keys = new Set(headers.map(headerKey));
  if (name === 'surveys' && !mapped.has('kind')) {
    const scoreIndex = best.get('score')?.index;
    const scoreKey = scoreIndex === undefined ? '' : headerKey(headers[scoreIndex]!);
    const kind = questionKindFound ?? scoreKinds.get(scoreKey);
    if (kind) suggested.push(['kind', kind]);
    else if (scoreIndex !== undefined && ['rating', 'starrating', 'stars'].includes(scoreKey) && allWithin(columnValues(samples, scoreIndex), 1, 5)) {
      suggested.push(['kind', 'csat']);
    }
  }
  if (name === 'spend' && !mapped.has('category') && [...keys].some((k) => adMetrics.has(k))) suggested.push(['category', 'marketing']);
  const missingRequired = missingRequiredFields(name, mapped);
  // A required field neither mapped nor suggested counts against: Stripe's customer export (an Email
  // and a Description) is not an orders file without order dates and amounts.
  score -= missingRequired.filter((f) => !suggested.some(([s]) => s === f)).length;
  return { dataset: name, score: Math.round(score * 100) / 100, mapping, missingRequired, suggestedSet: suggested };
}

/** "each order line needs Ordered: map a column to it or give it one value for every row", in the wizard's words. */
export function missingFieldsError(name: DatasetName, missing: readonly string[]): string {
  const labels = missing.map((m) => fieldLabel(name, m));
  const listed = labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]!}`;
  const each = labels.length === 1 ? 'it' : 'each';
  return `each ${recordNoun(name, 1)} needs ${listed}: map a column to ${each} or give it one value for every row`;
}

/** Two matched columns including a required one, or four of any kind (a ticket export without a creation time is still tickets). */
function usable(c: Candidate): boolean {
  const mapped = new Set(c.mapping.values());
  return c.mapping.size >= 4 || (c.mapping.size >= 2 && [...requiredLike(c.dataset)].some((f) => mapped.has(f)));
}

/** A short sentence: what matched, out of how many columns, and what is still missing. */
export function explainCandidate(c: Candidate, headers: readonly string[]): string {
  const matched = [...c.mapping.keys()].sort((a, b) => a - b).map((i) => headers[i]!.trim());
  const parts = [`${datasetDef(c.dataset).label}: matched ${matched.join(', ')} (${matched.length} of ${headers.length} columns)`];
  for (const [f, v] of c.suggestedSet) parts.push(`${fieldLabel(c.dataset, f)} is not in the file: suggested ${v} for every row`);
  const unsuggested = c.missingRequired.filter((f) => !c.suggestedSet.some(([s]) => s === f));
  if (unsuggested.length > 0) parts.push(missingFieldsError(c.dataset, unsuggested));
  return parts.join('; ');
}

/** Ranks the datasets for a header row (samples: the first rows, as read) and picks the best usable one. */
export function detectDataset(headers: readonly string[], samples?: readonly (readonly Cell[])[]): Detection {
  const order = new Map(datasets.map((d, i) => [d.name, i]));
  const candidates = datasets
    .map((d) => candidateFor(d.name, headers, samples))
    .filter((c) => c.mapping.size > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.missingRequired.length - b.missingRequired.length ||
        b.mapping.size - a.mapping.size ||
        order.get(a.dataset)! - order.get(b.dataset)!,
    );
  const chosen = candidates.find(usable) ?? null;
  if (chosen) return { candidates, chosen, explanation: explainCandidate(chosen, headers) };
  const top = candidates[0];
  return {
    candidates,
    chosen: null,
    explanation: top
      ? `no dataset matched enough columns (best: ${explainCandidate(top, headers)}); choose the dataset`
      : 'no column header is one we know; choose the dataset and map the columns',
  };
}

export type Overridden =
  { readonly ok: true; readonly mapping: Map<number, string>; readonly constants: Map<string, string> } | { readonly ok: false; readonly error: string };

const unmapWords = new Set(['', '-', 'ignore', 'none', 'skip']);

/**
 * Applies `--map SOURCE=FIELD` (FIELD `ignore` or `-` unmaps the column) and `--set FIELD=VALUE` on top of
 * a mapping; a set field is no longer read from a column. FIELD is a field's name or its label. Unknown columns or
 * fields are errors listing the valid names.
 */
export function applyOverrides(
  headers: readonly string[],
  name: DatasetName,
  base: ReadonlyMap<number, string>,
  map: ReadonlyArray<readonly [string, string]>,
  set: ReadonlyArray<readonly [string, string]>,
): Overridden {
  const defs = mappableFields(name);
  const fields = defs.map((f) => f.name);
  // A field goes by its name or by the label the app's messages use ("Created" for created_at).
  const fieldNamed = (given: string): string | undefined =>
    fields.find((f) => f === given.trim()) ?? fields.find((f) => squash(f) === squash(given)) ?? defs.find((f) => squash(f.label) === squash(given))?.name;
  const fieldList = `the fields of ${name} are: ${fields.join(', ')}`;
  const mapping = new Map(base);
  const constants = new Map<string, string>();
  const unmapField = (fieldName: string): void => {
    for (const [i, f] of mapping) if (f === fieldName) mapping.delete(i);
  };
  for (const [source, target] of map) {
    let index = headers.findIndex((h) => h.trim() === source.trim());
    if (index < 0) {
      const matches = headers.flatMap((h, i) => (headerKey(h) === headerKey(source) && headerKey(h) !== '' ? [i] : []));
      if (matches.length === 1) index = matches[0]!;
    }
    if (index < 0) return { ok: false, error: `no column "${source}" in this file; the columns are: ${headers.map((h) => `"${h}"`).join(', ')}` };
    const targetName = target.trim();
    if (unmapWords.has(targetName.toLowerCase())) {
      mapping.delete(index);
      continue;
    }
    const fieldName = fieldNamed(targetName);
    if (!fieldName) return { ok: false, error: `"${targetName}" is not a field of ${name}; ${fieldList}` };
    unmapField(fieldName);
    mapping.set(index, fieldName);
  }
  for (const [target, value] of set) {
    const fieldName = fieldNamed(target);
    if (!fieldName) return { ok: false, error: `"${target}" is not a field of ${name}; ${fieldList}` };
    unmapField(fieldName);
    constants.set(fieldName, value);
  }
  return { ok: true, mapping, constants };
}
