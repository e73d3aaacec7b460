import { quarterCount } from './company';
import { addMonths, quartersBefore, type Quarter } from './days';

/** The span of the story: `quarterCount` full quarters, the last one ending on `end`. */
export interface Timeline {
  readonly quarters: readonly Quarter[];
  /** First and last day of the story (day numbers, both included). */
  readonly start: number;
  readonly end: number;
  /** First day of each month of the story, in order. */
  readonly months: readonly number[];
  /** The story's quarter index of a day: negative before the story, >= quarterCount after it. */
  quarterIndex(day: number): number;
}

export function timelineEnding(endDate: number): Timeline {
  const quarters = quartersBefore(endDate, quarterCount);
  const first = quarters[0]!;
  const last = quarters[quarters.length - 1]!;
  const months: number[] = [];
  for (let m = first.start; m <= last.end; m = addMonths(m, 1)) months.push(m);
  // Quarters counted from year 0, so that the story's index is a subtraction.
  const absolute = (day: number): number => {
    const d = new Date(day * 86_400_000);
    return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
  };
  const base = absolute(first.start);
  return {
    quarters,
    start: first.start,
    end: last.end,
    months,
    quarterIndex: (day: number): number => absolute(day) - base,
  };
}
