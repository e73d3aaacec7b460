/**
 * The pipeline bridge of a period: each deal as its versions stood on
 * the day before the period (S) and on its last day (E), judged open or not by the rule pipeline_value
 * uses (dealSpan in shared/metrics/common.ts, aliveAtEndOf in stock.ts), and sorted into signed steps
 * that add up from the open pipeline on S to the open pipeline on E.
 */
import type { Database } from 'sql.js';
import type { Input, RowsPage, Settings } from '../../shared/api';
import { field, storedFields, systemColumns } from '../../shared/datasets/catalog';
import {
  NO_STAGE,
  OPEN_STAGE,
  pipelineSteps,
  type Bridge,
  type Movements,
  type MrrMovements,
  type PipelineStep,
  type StageMove,
} from '../../shared/metrics/movements';
import { addDays, type Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { q } from '../store/schema';
import { rebuiltOn, standsOn, validity, type Validity } from '../store/versions';
import { Sum } from './accumulate';
import { cacheFor, memo } from './cache';
import { dayOf, numberOf, segmentOf, textOf } from './compile';
import { bridgePeriod } from './period';
import { computeMrrMovements, mrrMovementRows, stepFor } from './mrr-bridge';
import { aliveAtEndOf } from './stock';

/** One version of a deal, as much of it as the bridge reads. */
interface Version {
  readonly rowid: number;
  readonly stage: string;
  /** Won or lost (the deal has ended, at its close date or at an unknown time), or null while open. */
  readonly ended: 'won' | 'lost' | null;
  readonly amount: number | null;
  readonly created: string | null;
  readonly closed: string | null;
  readonly segment: string;
}

/** One deal of the bridge: its versions at both ends, what it moved in each step, its stages then. */
interface DealMove {
  readonly s: Version | null;
  readonly e: Version | null;
  readonly moves: Partial<Record<PipelineStep, number>>;
  readonly from: string;
  readonly to: string;
  readonly segment: string;
}

/** Open at the end of `day`: the dealSpan rule (won or lost ends a deal at its close date, or at an unknown time without one). */
const openOn = (v: Version, day: string): boolean => aliveAtEndOf(v.created, v.ended ? v.closed : null, v.ended !== null && v.closed === null, day);

const amount = (v: Version): number => v.amount ?? 0;

const inPeriod = (day: string | null, p: Period): day is string => day !== null && day >= p.start && day <= p.end;

function stageOn(v: Version | null, day: string): string {
  if (v === null || (v.created !== null && v.created > day)) return NO_STAGE;
  return v.ended !== null && openOn(v, day) ? OPEN_STAGE : v.stage;
}

/** The SQL condition for the versions that may stand on `day` (standsOn decides; this only narrows the read). */
function standingSql(v: Validity, day: string): string {
  const until = q(systemColumns.until);
  if (rebuiltOn(v, day)) return `${until} IS NULL`;
  const ids = (keep: (asOf: string) => boolean) => [...v.asOf].filter(([, asOf]) => keep(asOf)).map(([id]) => id);
  const before = ids((asOf) => asOf <= day);
  const after = ids((asOf) => asOf > day);
  if (before.length === 0) return '0';
  return `${q(systemColumns.batch)} IN (${before.join(', ')}) AND (${until} IS NULL${after.length ? ` OR ${until} IN (${after.join(', ')})` : ''})`;
}

interface Row {
  /** The record key, or the row itself (`#rowid`) for a row without identity. */
  readonly key: string;
  readonly keyed: boolean;
  readonly batch: number;
  readonly until: number | null;
  readonly v: Version;
}

/**
 * Each deal's version standing on `day`, by record key; a row without identity is a record of its
 * own, and records an old import left twice stand as many times as they are there (as pipeline_value
 * counts them), told apart by their order.
 */
function standing(rows: readonly Row[], val: Validity, day: string): Map<string, Version> {
  const out = new Map<string, Version>();
  for (const r of rows) {
    if (!standsOn(val, r.batch, r.until, day)) continue;
    let id = r.key;
    for (let n = 2; out.has(id); n++) id = `${r.key}\u0000${n}`;
    out.set(id, r.v);
  }
  return out;
}

/**
 * The SQL condition a version meets when it can move the pipeline in `p`: created by its last day,
 * and open or closed no earlier than its first. Most deals of a long history closed before the
 * period; they are read only where one is the other end of a deal that moves, for its stage then.
 */
function movingSql(p: Period): string {
  const day = (f: string) => `substr(${q(f)}, 1, 10)`;
  // coalesce: a missing date makes the comparison NULL, which must read as false, never as unknown.
  return (
    `coalesce(${day('created_at')} <= '${p.end}' AND ` +
    `(${q('status')} IS NULL OR ${q('status')} NOT IN ('won', 'lost') OR ${day('closed_at')} >= '${p.start}'), 0)`
  );
}

function readVersions(db: Database, where: string, segField: string | null): Row[] {
  const cols = ['stage', 'status', 'amount', 'created_at', 'closed_at', ...(segField ? [segField] : [])].map(q).join(', ');
  const stmt = db.prepare(
    `SELECT rowid, ${q(systemColumns.key)}, ${q(systemColumns.batch)}, ${q(systemColumns.until)}, ${cols} FROM deals WHERE ${where} ORDER BY rowid`,
  );
  const out: Row[] = [];
  try {
    while (stmt.step()) {
      const [rowid, key, batch, until, stage, status, money, created, closed, seg] = stmt.get();
      const st = textOf(status);
      const k = textOf(key);
      out.push({
        key: k ?? `#${String(rowid)}`,
        keyed: k !== null,
        batch: Number(batch),
        until: until === null ? null : Number(until),
        v: {
          rowid: Number(rowid),
          stage: segmentOf(stage),
          ended: st === 'won' || st === 'lost' ? st : null,
          amount: numberOf(money),
          created: dayOf(textOf(created)),
          closed: dayOf(textOf(closed)),
          segment: segField ? segmentOf(seg) : '',
        },
      });
    }
  } finally {
    stmt.free();
  }
  return out;
}

/** Every deal that moves in the bridge of `p`, with the steps it moves. */
function dealMoves(db: Database, p: Period, segField: string | null): DealMove[] {
  const S = addDays(p.start, -1);
  const E = p.end;
  const val = validity(db, 'deals');
  const standingEither = `((${standingSql(val, S)}) OR (${standingSql(val, E)}))`;
  const rows = readVersions(db, `${standingEither} AND ${movingSql(p)}`, segField);
  const onS = standing(rows, val, S);
  const onE = standing(rows, val, E);
  // A deal with one end read may have a version standing on the other that closed before the period:
  // only a record with an earlier version can (its versions differ), so only those are read again.
  const missing = new Set(rows.filter((r) => r.keyed && (!onS.has(r.key) || !onE.has(r.key))).map((r) => r.key));
  const history = db.exec(`SELECT 1 FROM deals WHERE ${q(systemColumns.until)} IS NOT NULL LIMIT 1`).length > 0;
  if (missing.size > 0 && history) {
    const ended = `(SELECT ${q(systemColumns.key)} FROM deals WHERE ${q(systemColumns.until)} IS NOT NULL)`;
    for (const r of readVersions(db, `${standingEither} AND NOT ${movingSql(p)} AND ${q(systemColumns.key)} IN ${ended}`, segField)) {
      if (!missing.has(r.key)) continue;
      for (const [day, ends] of [
        [S, onS],
        [E, onE],
      ] as const)
        if (!ends.has(r.key) && standsOn(val, r.batch, r.until, day)) ends.set(r.key, r.v);
    }
  }
  const out: DealMove[] = [];
  for (const id of new Set([...onS.keys(), ...onE.keys()])) {
    const s = onS.get(id) ?? null;
    const e = onE.get(id) ?? null;
    const openS = s !== null && openOn(s, S);
    const openE = e !== null && openOn(e, E);
    const closedInP = e !== null && e.ended !== null && inPeriod(e.closed, p);
    const moves: Partial<Record<PipelineStep, number>> = {};
    const change = (diff: number) => {
      if (diff > 0) moves.increased = diff;
      else if (diff < 0) moves.decreased = diff;
    };
    if (openS && openE) change(amount(e) - amount(s));
    else if (openE) moves.created = amount(e);
    else if (openS && closedInP) {
      moves[e.ended!] = -amount(e);
      change(amount(e) - amount(s));
    } else if (openS) moves.removed = -amount(s);
    else if (closedInP && inPeriod(e.created, p)) {
      moves.created = amount(e);
      moves[e.ended!] = -amount(e);
    } else continue;
    out.push({ s, e, moves, from: stageOn(s, S), to: stageOn(e, E), segment: (e ?? s)!.segment });
  }
  return out;
}

/** Where a stage sorts in the matrix: absent first, then the open stages, the won and the lost ones, each by name. */
function stageOrder(deals: readonly DealMove[]): (stage: string) => number {
  const rank = new Map<string, number>([
    [NO_STAGE, 0],
    [OPEN_STAGE, 1],
  ]);
  for (const d of deals) for (const v of [d.s, d.e]) if (v !== null && !rank.has(v.stage)) rank.set(v.stage, v.ended === null ? 2 : v.ended === 'won' ? 3 : 4);
  return (stage) => rank.get(stage) ?? 2;
}

function bridgeOf(deals: readonly DealMove[], S: string, E: string, order: (stage: string) => number): Bridge {
  const start = new Sum();
  const end = new Sum();
  const steps = new Map(pipelineSteps.map((id) => [id, new Sum()]));
  const stages = new Map<string, StageMove>();
  for (const d of deals) {
    if (d.s !== null && openOn(d.s, S)) start.add(amount(d.s));
    if (d.e !== null && openOn(d.e, E)) end.add(amount(d.e));
    for (const id of pipelineSteps) if (d.moves[id] !== undefined) steps.get(id)!.add(d.moves[id]);
    const k = `${d.from}\u0000${d.to}`;
    const m = stages.get(k) ?? { from: d.from, to: d.to, deals: 0 };
    m.deals++;
    stages.set(k, m);
  }
  const byStage = (a: string, b: string) => order(a) - order(b) || a.localeCompare(b);
  return {
    start: start.value(),
    end: end.value(),
    steps: pipelineSteps.map((id) => ({ id, value: steps.get(id)!.value() })),
    stages: [...stages.values()].sort((a, b) => byStage(a.from, b.from) || byStage(a.to, b.to)),
  };
}

/** The refusals of a pipeline bridge the workbook cannot give: a split deals cannot make, no deals. */
function checkAsked(db: Database, segment: string | undefined): void {
  if (segment !== undefined && !field('deals', segment)?.segment) {
    const can = storedFields('deals')
      .filter((f) => f.segment)
      .map((f) => f.name);
    throw new AppFailure(
      'invalid_input',
      `Deals have no ${segment} field to split the pipeline by; split it by ${can.slice(0, -1).join(', ')} or ${can.at(-1)}.`,
      { segment },
    );
  }
  const [rows, dated] = db
    .exec(`SELECT EXISTS (SELECT 1 FROM deals), EXISTS (SELECT 1 FROM deals WHERE created_at IS NOT NULL)`)[0]!
    .values[0]!.map(Number) as [number, number];
  if (rows === 0) throw new AppFailure('no_data', 'This workbook has no deals, and the pipeline bridge is built from deals: import a CRM deals export first.');
  if (dated === 0)
    throw new AppFailure(
      'no_data',
      'No deal in this workbook has a created date, so none is ever open: import the deals again with the column of their created date mapped to Created.',
    );
}

export function computeMovements(db: Database, input: Input<'metrics.movements'> & { of: 'pipeline' }, settings: Settings): Movements;
export function computeMovements(db: Database, input: Input<'metrics.movements'>, settings: Settings): Movements | MrrMovements;
export function computeMovements(db: Database, input: Input<'metrics.movements'>, settings: Settings): Movements | MrrMovements {
  if (input.of === 'mrr') return computeMrrMovements(db, input, settings);
  checkAsked(db, input.segment);
  const p = bridgePeriod(db, input.period, settings);
  const S = addDays(p.start, -1);
  const seg = input.segment ?? null;
  return memo(cacheFor(db, settings), `movements\u0000${p.start}\u0000${p.end}\u0000${seg ?? ''}`, (): Movements => {
    const deals = dealMoves(db, p, seg);
    const order = stageOrder(deals);
    const total = bridgeOf(deals, S, p.end, order);
    const out: Movements = { period: { id: p.id, start: p.start, end: p.end }, of: 'pipeline', ...total };
    if (seg === null) return out;
    const keys = [...new Set(deals.map((d) => d.segment))];
    const segments = keys.map((key) => ({
      key,
      ...bridgeOf(
        deals.filter((d) => d.segment === key),
        S,
        p.end,
        order,
      ),
    }));
    segments.sort((a, b) => b.end - a.end || b.start - a.start || a.key.localeCompare(b.key));
    return { ...out, segments };
  });
}

/**
 * The deals behind one step, biggest movement first: what each moved, its stage and amount at both
 * ends, and its other fields as the version at the end (else at the start) has them.
 */
export function movementRows(db: Database, input: Input<'metrics.movementRows'>, settings: Settings): RowsPage {
  if (input.of === 'mrr') return mrrMovementRows(db, input, settings);
  const step = stepFor(input.step, pipelineSteps, 'pipeline');
  checkAsked(db, undefined);
  const p = bridgePeriod(db, input.period, settings);
  const deals = dealMoves(db, p, null)
    .filter((d) => d.moves[step] !== undefined)
    .sort((a, b) => Math.abs(b.moves[step]!) - Math.abs(a.moves[step]!) || (a.e ?? a.s)!.rowid - (b.e ?? b.s)!.rowid);
  const limit = input.limit ?? 100;
  const shown = deals.slice(0, limit);
  const rest = storedFields('deals')
    .map((f) => f.name)
    .filter((f) => f !== 'deal_id' && f !== 'stage' && f !== 'amount');
  const full = new Map<number, { key: string | null; values: (string | number | null)[] }>();
  const rowids = shown.map((d) => (d.e ?? d.s)!.rowid);
  if (rowids.length > 0) {
    const res =
      db.exec(`SELECT rowid, ${[systemColumns.key, 'deal_id', ...rest].map(q).join(', ')} FROM deals WHERE rowid IN (${rowids.join(', ')})`)[0]?.values ?? [];
    for (const [rowid, key, ...vs] of res) full.set(Number(rowid), { key: textOf(key), values: vs.map((v) => (v instanceof Uint8Array ? null : v)) });
  }
  const columns = ['deal_id', step, 'stage_at_start', 'stage_at_end', 'amount_at_start', 'amount_at_end', ...rest];
  const found = shown.map((d) => full.get((d.e ?? d.s)!.rowid)!);
  const rows = shown.map((d, i) => {
    const [id, ...others] = found[i]!.values;
    // A deal not there at an end (created later, or not in that day's export) has no amount then.
    const at = (v: Version | null, stage: string) => (stage === NO_STAGE ? null : (v?.amount ?? null));
    return [id ?? null, d.moves[step]!, d.from, d.to, at(d.s, d.from), at(d.e, d.to), ...others];
  });
  return { dataset: 'deals', columns, rows, keys: found.map((f) => f.key), total: deals.length };
}
