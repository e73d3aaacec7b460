/** The shade of a cohort cell's share: ten steps up to 100% (styles.css), and one above it (a cohort paying more than at first). */
export const heatClass = (share: number | null): string =>
  share === null ? '' : share > 1 + 1e-9 ? 'heat heat-over' : `heat heat-${Math.max(0, Math.min(10, Math.round(share * 10)))}`;
