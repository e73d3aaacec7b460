/**
 * The rollup of the open deals' stage labels. Apart from stages.ts, which reads it, so that the list
 * of every rollup (dataset-rollups.ts) does not import the module that reads rollups.
 */
import type { Settings } from '../../shared/api';
import { open } from '../../shared/metrics/common';
import { compileWhere, fieldIndex, numberOf, textOf, type Value } from './compile';
import { defineRollup, Sum, type RollupDef, type Rows } from './accumulate';

/** Rows `[label, deals, amount, deals without a probability, their amount]` of the open deals. */
export function stagesRollupDef(settings: Settings): RollupDef {
  return defineRollup('deals', { kind: 'open stages' }, settings, null, [open], (sign) => {
    const index = fieldIndex('deals');
    const isOpen = compileWhere([open], index, settings);
    const [stage, amount, probability] = [index('stage'), index('amount'), index('probability')];
    const labels = new Map<string, { deals: number; amount: Sum; bare: number; bareAmount: Sum }>();
    return {
      add(vs: readonly Value[], at: number) {
        const label = textOf(vs[at + stage]!);
        if (label === null || !isOpen(vs, at)) return;
        let s = labels.get(label);
        if (!s) labels.set(label, (s = { deals: 0, amount: new Sum(), bare: 0, bareAmount: new Sum() }));
        const worth = numberOf(vs[at + amount]!) ?? 0;
        s.deals++;
        s.amount.add(worth);
        if (numberOf(vs[at + probability]!) !== null) return;
        s.bare++;
        s.bareAmount.add(worth);
      },
      rows: (): Rows => [...labels].map(([label, s]) => [label, sign * s.deals, sign * s.amount.value(), sign * s.bare, sign * s.bareAmount.value()]),
    };
  });
}
