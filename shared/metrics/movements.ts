/**
 * Movements (bridges): how a state on the day before a period became the state on its last day, as
 * signed steps that add up from the one to the other. The shapes the service table, the CLI's --json,
 * the dashboard and the report share, and the words each step is shown with.
 */
import type { PeriodRef } from './types';

/** What a bridge is of: the open pipeline (deals), or monthly recurring revenue (per customer). */
export const movementKinds = ['pipeline', 'mrr'] as const;
export type MovementKind = (typeof movementKinds)[number];

/** The pipeline's steps, in the order a bridge shows them: what adds to the pipeline first. */
export const pipelineSteps = ['created', 'increased', 'decreased', 'won', 'lost', 'removed'] as const;
export type PipelineStep = (typeof pipelineSteps)[number];

/**
 * MRR's steps, in the order a bridge shows them: gains, then losses. Each compares one customer's MRR
 * before and after a day it changed (shared with the KPIs of the same names in customers.ts).
 */
export const mrrSteps = ['new', 'expansion', 'reactivation', 'contraction', 'churned'] as const;
export type MrrStep = (typeof mrrSteps)[number];

export type Step = PipelineStep | MrrStep;

export const stepLabels: Readonly<Record<Step, string>> = {
  new: 'New',
  expansion: 'Expansion',
  reactivation: 'Reactivation',
  contraction: 'Contraction',
  churned: 'Churned',
  created: 'Created',
  increased: 'Increased',
  decreased: 'Decreased',
  won: 'Won',
  lost: 'Lost',
  removed: 'Removed',
};

/** The headers of the columns the rows behind a step add to the records' own fields. */
export const movementColumnLabels: Readonly<Record<string, string>> = {
  ...stepLabels,
  mrr_change: 'MRR change',
  mrr_at_start: 'MRR at the start',
  mrr_at_end: 'MRR at the end',
  changed_on: 'Changed on',
  stage_at_start: 'Stage at the start',
  stage_at_end: 'Stage at the end',
  amount_at_start: 'Amount at the start',
  amount_at_end: 'Amount at the end',
};

/** What each step counts, for tooltips, the panel and the report's notes. */
export const stepMeanings: Readonly<Record<Step, string>> = {
  new: 'customers paying for the first time ever: their MRR from 0 to more',
  expansion: 'MRR that went up, of customers paying before and after',
  reactivation: 'customers who paid before, stopped, and pay again: their MRR from 0 to more',
  contraction: 'MRR that went down, of customers still paying after',
  churned: 'customers who stopped paying: their MRR to 0',
  created: 'deals open at the end that were not open at the start, and deals created and closed within the period, at their amount',
  increased: 'amounts that went up, of deals open at the start and open (or won or lost) at the end',
  decreased: 'amounts that went down, of deals open at the start and open (or won or lost) at the end',
  won: 'deals won in the period, at their amount when won',
  lost: 'deals lost in the period, at their amount when lost',
  removed: 'deals open at the start that the export at the end lacks or no longer shows as open, won or lost in the period',
};

/** A deal's stage at an end where it did not exist (no version stood then, or it was created later). */
export const NO_STAGE = '(none)';
/**
 * A deal's stage on a day it was open by its dates while the version read then says it was won or
 * lost (a state rebuilt from today's values before the first export): its stage then is not known.
 */
export const OPEN_STAGE = '(open)';

/** How many deals went from one stage (at the start) to another (at the end). */
export interface StageMove {
  from: string;
  to: string;
  deals: number;
}

export interface BridgeStep<S extends Step = PipelineStep> {
  id: S;
  /** Signed: what the step adds to (or, negative, takes from) the pipeline or MRR. */
  value: number;
}

export interface Bridge {
  /** Open pipeline on the day before the period. */
  start: number;
  /** Open pipeline on the period's last day: start plus every step. */
  end: number;
  steps: BridgeStep[];
  stages: StageMove[];
}

export interface SegmentBridge extends Bridge {
  /** The value of the segment field (the deal's at the end, else at the start). */
  key: string;
}

export interface Movements extends Bridge {
  period: PeriodRef;
  of: 'pipeline';
  /** With a segment field: one bridge per value of it. */
  segments?: SegmentBridge[];
}

/** How MRR moved: each customer's MRR at the end of the day before the period, at the end of each day in it that changed it. */
export interface MrrBridge {
  /** MRR at the end of the day before the period. */
  start: number;
  /** MRR at the end of the period's last day (the mrr KPI): start plus every step. */
  end: number;
  steps: BridgeStep<MrrStep>[];
  /** How many customers each step counts (a customer may count in several). */
  customers: Record<MrrStep, number>;
}

export interface MrrSegmentBridge extends MrrBridge {
  /** The customer's value of the segment field: of their oldest subscription running at the end, else at the start, else of their latest one. */
  key: string;
}

export interface MrrMovements extends MrrBridge {
  period: PeriodRef;
  of: 'mrr';
  /** Where MRR is read from: subscriptions, or customers' monthly revenue in a workbook without them (as the mrr KPI). */
  source: 'subscriptions' | 'customers';
  segments?: MrrSegmentBridge[];
}
