import type { Database } from 'sql.js';
import { setTargets } from '../metrics/targets';
import { readSettings } from '../store/settings';

/**
 * The sample company's targets for its last four quarters, so a new user sees on-track, at-risk and
 * off-track statuses on the first dashboard. Values are the plan a small B2B team would set.
 */
const plan: [string, number][] = [
  ['win_rate', 0.5],
  ['won_revenue', 1_250_000],
  ['quota_attainment', 1],
  ['churn_rate', 0.02],
  ['renewal_rate', 0.85],
  ['nps', 40],
  ['csat', 0.8],
  ['first_contact_resolution', 0.75],
  ['avg_first_response_hours', 3],
  ['cac', 5_000],
];

export const demoTargetQuarters = ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];

export function writeDemoTargets(db: Database): void {
  const settings = readSettings(db);
  for (const period of demoTargetQuarters) setTargets(db, { period, values: plan }, settings);
}
