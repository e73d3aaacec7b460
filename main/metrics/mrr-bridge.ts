/**
 * The MRR bridge of a period (metrics.movements with of 'mrr') and the customers behind each step,
 * from the customer timelines of mrr-movements.ts, read from the data the mrr KPI reads.
 */
import type { Database } from 'sql.js';
import type { Input, RowsPage, Settings } from '../../shared/api';
import { dataset } from '../../shared/datasets/catalog';
import { byId } from '../../shared/metrics/index';
import { mrrSteps, type MrrBridge, type MrrMovements, type MrrStep, type Step } from '../../shared/metrics/movements';
import type { Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { Sum } from './accumulate';
import { cacheFor } from './cache';
import { chooseWay } from './evaluate';
import { mrrData, ownId, segmentFieldsOf, signedMove, type CustomerMove, type MrrData, type MrrSource } from './mrr-movements';
import { bridgePeriod, env } from './period';

/** The step asked for, when it is one of the kind's; a step of the other bridge is refused. */
export function stepFor<S extends Step>(step: Step, steps: readonly S[], kind: string): S {
  if ((steps as readonly Step[]).includes(step)) return step as S;
  throw new AppFailure('invalid_input', `${step} is not a step of the ${kind} bridge, whose steps are ${steps.slice(0, -1).join(', ')} and ${steps.at(-1)}.`, {
    step,
  });
}

/** Where the mrr KPI reads MRR from for the period (subscriptions, else customers' monthly revenue), or why it cannot. */
function sourceOf(db: Database, settings: Settings, p: Period): MrrSource {
  const choice = chooseWay(env(db, settings, null), byId.get('mrr')!, p, new Map());
  if ('reason' in choice) throw new AppFailure('no_data', `This workbook has no recurring revenue to bridge: MRR ${choice.reason}.`);
  const m = choice.way.measures.mrr!;
  return m.kind === 'stock' && m.dataset === 'customers' ? 'customers' : 'subscriptions';
}

function bridgeOf(moves: readonly CustomerMove[]): MrrBridge {
  const start = new Sum();
  const end = new Sum();
  const steps = new Map(mrrSteps.map((id) => [id, new Sum()]));
  const customers = Object.fromEntries(mrrSteps.map((id) => [id, 0])) as Record<MrrStep, number>;
  for (const m of moves) {
    start.add(m.start);
    end.add(m.end);
    for (const id of mrrSteps) {
      const v = m.moved[id];
      if (v === undefined) continue;
      steps.get(id)!.add(signedMove(id, v));
      customers[id]++;
    }
  }
  return { start: start.value(), end: end.value(), steps: mrrSteps.map((id) => ({ id, value: steps.get(id)!.value() })), customers };
}

/** The bridge's period, its source and the source's MRR, each refused with what to do. */
function prepare(db: Database, text: string | undefined, settings: Settings): { p: Period; data: MrrData } {
  const p = bridgePeriod(db, text, settings);
  const source = sourceOf(db, settings, p);
  return { p, data: mrrData(db, source, settings, cacheFor(db, settings)) };
}

export function computeMrrMovements(db: Database, input: Input<'metrics.movements'>, settings: Settings): MrrMovements {
  const { p, data } = prepare(db, input.period, settings);
  const seg = input.segment ?? null;
  const fields = segmentFieldsOf(data.source);
  if (seg !== null && !fields.includes(seg))
    throw new AppFailure(
      'invalid_input',
      `${dataset(data.source).label} have no ${seg} field to split MRR by; split it by ${fields.length > 1 ? `${fields.slice(0, -1).join(', ')} or ${fields.at(-1)}` : fields[0]}.`,
      { segment: seg },
    );
  const moves = data.movesIn(p);
  const out: MrrMovements = { period: { id: p.id, start: p.start, end: p.end }, of: 'mrr', source: data.source, ...bridgeOf(moves) };
  if (seg === null) return out;
  const bySegment = new Map<string, CustomerMove[]>();
  for (const m of moves) {
    const key = data.segmentIn(m, seg, p);
    bySegment.set(key, [...(bySegment.get(key) ?? []), m]);
  }
  const segments = [...bySegment].map(([key, list]) => ({ key, ...bridgeOf(list) }));
  segments.sort((a, b) => b.end - a.end || b.start - a.start || a.key.localeCompare(b.key));
  return { ...out, segments };
}

/** The customers behind one step of the bridge. */
export function mrrMovementRows(db: Database, input: Input<'metrics.movementRows'>, settings: Settings): RowsPage {
  return mrrRows(db, input.period, [stepFor(input.step, mrrSteps, 'MRR')], input.limit, settings);
}

/**
 * The customers some steps moved, biggest first: what they moved for each (signed; named by the step
 * when there is one, else `mrr_change`), their MRR at both ends, the last day they moved it, their
 * segment values and the record behind that change.
 */
export function mrrRows(db: Database, period: string | undefined, steps: readonly MrrStep[], limit: number | undefined, settings: Settings): RowsPage {
  const { p, data } = prepare(db, period, settings);
  const moved = (m: CustomerMove): number => steps.reduce((t, s) => t + signedMove(s, m.moved[s] ?? 0), 0);
  const lastDay = (m: CustomerMove): string => steps.map((s) => m.on[s] ?? '').reduce((a, b) => (b > a ? b : a));
  const moves = data
    .movesIn(p)
    .filter((m) => steps.some((s) => m.moved[s] !== undefined))
    .sort((a, b) => Math.abs(moved(b)) - Math.abs(moved(a)) || a.c.id.localeCompare(b.c.id));
  const shown = moves.slice(0, limit ?? 100);
  const segs = segmentFieldsOf(data.source);
  const own = ownId(data.source);
  const behind = shown.map((m) => data.recordBehind(m.c, lastDay(m)));
  return {
    dataset: data.source,
    columns: [
      'customer_id',
      steps.length === 1 ? steps[0]! : 'mrr_change',
      'mrr_at_start',
      'mrr_at_end',
      'changed_on',
      ...segs,
      ...(own === 'customer_id' ? [] : [own]),
    ],
    rows: shown.map((m, i) => [
      behind[i]!.customer,
      moved(m),
      m.start,
      m.end,
      lastDay(m),
      ...segs.map((s) => data.segmentIn(m, s, p)),
      ...(own === 'customer_id' ? [] : [behind[i]!.id]),
    ]),
    keys: behind.map((v) => v.key),
    total: moves.length,
  };
}
