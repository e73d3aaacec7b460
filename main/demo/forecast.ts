import { defaultStageProbabilities } from '../../shared/metrics/forecast';
import type { Random } from './random';
import type { Deal } from './sales';
import type { Timeline } from './timeline';

/**
 * What the reps tell the CRM about the deals still open when the story ends: the day each is expected
 * to close (the CRM's Close Date of an open deal), and for some a probability of their own instead of
 * the stage's. Drawn from a fork of its own, so the rest of the story is the same with or without it.
 * - A deal under way is expected about when it would close, a quarter of them later (a procurement
 *   round, a budget in the next quarter); a renewal on the contract's due date.
 * - A stalled deal's date was set once and is overdue, or pushed out into the coming quarters.
 * - Two reps in five set their own probability, the stage's moved by 10 or 20 points; an overdue
 *   deal they no longer believe in gets 10%.
 */
export function planOpenDeals(rng: Random, deals: readonly Deal[], tl: Timeline): void {
  for (const d of deals) {
    if (d.status !== 'open') continue;
    const stalled = d.expected === null;
    if (stalled) d.expected = rng.chance(0.5) ? d.created + rng.int(45, 120) : tl.end + rng.int(20, 270);
    else if (d.type !== 'renewal' && rng.chance(0.25)) d.expected! += rng.int(45, 240);
    const overdue = d.expected! <= tl.end;
    if (!rng.chance(0.4)) continue;
    const base = defaultStageProbabilities[d.stage] ?? 0.5;
    d.probability = overdue ? 0.1 : Math.min(0.95, Math.max(0.05, Math.round((base + rng.pick([-0.2, -0.1, 0.1, 0.2])) * 100) / 100));
  }
}
