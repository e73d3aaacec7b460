/**
 * The weighted forecast's settings: a win probability and a forecast category per stage label, for
 * exports whose deals carry no probability of their own (and a category none carries). HubSpot's
 * default pipeline gives the defaults; a workbook keeps its own per label, editable in Settings.
 */

/** HubSpot's forecast categories, from least to most likely to close. */
/** The forecast's KPIs, in the order the dashboard and the report show them. */
export const forecastIds = ['weighted_pipeline', 'commit_forecast', 'best_case_forecast', 'forecast_gap_to_quota'] as const;

/** How many periods after the one shown the forecast and MRR's projection look ahead. */
export const FORECAST_AHEAD = 3;

export const forecastCategories = ['pipeline', 'best_case', 'commit', 'closed_won'] as const;
export type ForecastCategory = (typeof forecastCategories)[number];

export const categoryLabels: Readonly<Record<ForecastCategory, string>> = {
  pipeline: 'Pipeline',
  best_case: 'Best case',
  commit: 'Commit',
  closed_won: 'Closed won',
};

/** HubSpot's default pipeline: each open stage's probability, as HubSpot ships it. */
export const defaultStageProbabilities: Readonly<Record<string, number>> = {
  'Appointment Scheduled': 0.2,
  'Qualified To Buy': 0.4,
  'Presentation Scheduled': 0.6,
  'Decision Maker Bought-In': 0.8,
  'Contract Sent': 0.9,
};

/**
 * The same stages in forecast categories: the last stage before signing is committed, the two that
 * have met the buyer are the best case, the rest pipeline. Won deals are closed won by their status.
 */
export const defaultForecastCategories: Readonly<Record<string, ForecastCategory>> = {
  'Appointment Scheduled': 'pipeline',
  'Qualified To Buy': 'pipeline',
  'Presentation Scheduled': 'best_case',
  'Decision Maker Bought-In': 'best_case',
  'Contract Sent': 'commit',
  'Closed Won': 'closed_won',
};

/**
 * A stage label as settings match it: letters and digits only, lower case. HubSpot writes its default
 * stages "Appointment scheduled" in newer exports and "appointmentscheduled" through its API, and a
 * setting made for one must hold for the others.
 */
export const stageKey = (label: string): string =>
  label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** A per-label setting looked up by stageKey: the label as the user wrote it stays the setting's name. */
export function byStage<T>(settings: Readonly<Record<string, T>>): (label: string) => T | undefined {
  const keyed = new Map(Object.entries(settings).map(([label, v]) => [stageKey(label), v]));
  return (label) => keyed.get(stageKey(label));
}

/** Stage labels of open deals that a forecast setting does not cover, with how many deals and how much. */
export interface UnsetStage {
  label: string;
  deals: number;
  amount: number;
}
