/**
 * A test reporter that adds one line per skip reason after the run ("27 tests skipped: ../shared/datasets
 * is not beside the project"), so a run that skipped whole groups of tests says so where it ends,
 * not only in the middle of the spec reporter's output. Plain JavaScript: Node loads reporters before
 * the TypeScript loader is in place.
 *
 * @param {AsyncIterable<{ type: string; data: { skip?: string | boolean; details?: { type?: string } } }>} source
 */
export default async function* skipSummary(source) {
  /** @type {Map<string, number>} */
  const reasons = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, details } = event.data;
    if (skip === undefined || skip === false || details?.type === 'suite') continue;
    const reason = skip === true ? 'no reason given' : skip;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const lines = [...reasons].map(([reason, n]) => `*** ${n} test${n === 1 ? '' : 's'} skipped: ${reason} ***`);
  if (lines.length > 0) yield `\n${lines.join('\n')}\n`;
}
