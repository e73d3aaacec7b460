/**
 * Targets per KPI, period and optional segment value, and the one rule for their status:
 * on track at or beyond the target in the KPI's good direction, at risk when short of it by at most
 * 10% of the target's size, off track beyond that.
 */
import type { Database } from 'sql.js';
import type { Input, Settings, TargetRow } from '../../shared/api';
import type { Direction, TargetStatus } from '../../shared/metrics/types';
import { byId } from '../../shared/metrics/index';
import { AppFailure } from '../../shared/result';
import { invalidPeriodMessage, parsePeriod } from '../../shared/periods';

export const AT_RISK_BAND = 0.1;

export function targetStatus(value: number | null, target: number | null, direction: Direction): TargetStatus | null {
  if (value === null || target === null) return null;
  const shortBy = direction === 'up' ? target - value : value - target;
  if (shortBy <= 0) return 'on_track';
  return shortBy <= AT_RISK_BAND * Math.abs(target) ? 'at_risk' : 'off_track';
}

export function listTargets(db: Database): TargetRow[] {
  const rows =
    db.exec('SELECT metric_id, period, segment_field, segment_value, value FROM targets ORDER BY period, metric_id, segment_field, segment_value')[0]?.values ??
    [];
  return rows.map((r) => ({
    metricId: String(r[0]),
    period: String(r[1]),
    segmentField: r[2] === '' ? null : String(r[2]),
    segmentValue: r[2] === '' ? null : String(r[3]),
    value: Number(r[4]),
  }));
}

/** Sets (a number) or clears (null) targets for one period and optional segment value. The caller saves. */
export function setTargets(db: Database, input: Input<'targets.set'>, settings: Settings): void {
  const period = parsePeriod(input.period, settings.fiscal_year_start_month);
  if (!period) throw new AppFailure('invalid_period', invalidPeriodMessage(input.period), { period: input.period });
  for (const [id] of input.values) {
    if (!byId.has(id))
      throw new AppFailure('unknown_metric', `There is no KPI "${id}": the ids are those in the JSON that kpiw metrics prints (win_rate, churn_rate ...).`, {
        id,
      });
  }
  const field = input.segment?.field ?? '';
  const value = input.segment?.value ?? '';
  db.run('BEGIN');
  try {
    for (const [id, v] of input.values) {
      if (v === null) {
        db.run('DELETE FROM targets WHERE metric_id = ? AND period = ? AND segment_field = ? AND segment_value = ?', [id, period.id, field, value]);
      } else {
        db.run('INSERT OR REPLACE INTO targets (metric_id, period, segment_field, segment_value, value) VALUES (?, ?, ?, ?, ?)', [
          id,
          period.id,
          field,
          value,
          v,
        ]);
      }
    }
    db.run('COMMIT');
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}

/** Targets of one period: metric id → value, and `${id}\u0000${field}\u0000${value}` → value for segments. */
export function targetsFor(db: Database, periodId: string): Map<string, number> {
  const out = new Map<string, number>();
  const stmt = db.prepare('SELECT metric_id, segment_field, segment_value, value FROM targets WHERE period = ?');
  try {
    stmt.bind([periodId]);
    while (stmt.step()) {
      const [id, field, value, v] = stmt.get();
      out.set(field === '' ? String(id) : `${String(id)}\u0000${String(field)}\u0000${String(value)}`, Number(v));
    }
  } finally {
    stmt.free();
  }
  return out;
}
