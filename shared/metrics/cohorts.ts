/**
 * Cohort retention: customers grouped by the month (or quarter) they first paid, and how many of them
 * still pay, and how much, at the end of each month (quarter) since. The shape the service table, the
 * CLI's --json, the dashboard's heat map and the report's sheet share.
 */

export const cohortUnits = ['month', 'quarter'] as const;
export type CohortUnit = (typeof cohortUnits)[number];

export interface Cohort {
  /** The month (`2025-01`) or quarter (`2025-Q1`, `FY2025-Q1` with a fiscal year) the customers first paid in. */
  cohort: string;
  /** Customers in the cohort. */
  size: number;
  /** k = 0 is the cohort's own month: the share of the cohort with MRR above 0 at the end of month c + k. */
  logo_retention: number[];
  /** The cohort's MRR at the end of month c + k over its MRR at the end of month c; null where that is 0. */
  revenue_retention: (number | null)[];
  /** Customers of the cohort with MRR above 0 at the end of month c + k (what logo_retention divides by size). */
  customers: number[];
  /** The cohort's MRR at the end of month c + k (what revenue_retention divides by its first). */
  mrr: number[];
}

export interface Cohorts {
  by: CohortUnit;
  /** Where MRR is read: subscriptions, or (a workbook without them) customers' monthly revenue. */
  source: 'subscriptions' | 'customers';
  /** The end of the last month (quarter) the grid reaches: the last with data, or the asked period's. */
  through: string;
  /** Oldest first; a month in which no customer first paid has no row. */
  cohorts: Cohort[];
  /**
   * Each k over the cohorts that reach it, pooled: their customers still paying over their sizes, their
   * MRR over their MRR at k = 0 (null where that is 0).
   */
  average: { logo_retention: (number | null)[]; revenue_retention: (number | null)[] };
  /** Something the reader should know about how the grid was obtained (month ends rebuilt before the first export). */
  note?: string;
}
