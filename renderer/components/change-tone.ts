/** Whether a KPI's change is good news: rising is good for an up-is-good KPI, falling for a down-is-good one. */
export function changeTone(delta: number, direction: 'up' | 'down'): 'good' | 'bad' | 'flat' {
  if (delta === 0) return 'flat';
  return delta > 0 === (direction === 'up') ? 'good' : 'bad';
}
