/** Stage is a segment field: `kpiw metrics --segment stage` splits the open pipeline by the stage its deals stand at. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiw, tempDir } from './run-cli';

interface Json {
  metrics: { id: string; value: number | null; segments?: { key: string; value: number | null; numerator: number | null }[] }[];
}

test("pipeline value by stage: the open deals' amounts summed per stage, won and lost deals left out", () => {
  const dir = tempDir();
  const csv = join(dir, 'deals.csv');
  writeFileSync(
    csv,
    [
      'Opportunity ID,Stage,Amount,Created Date,Close Date,Opportunity Owner',
      'D-1,Prospecting,100,2026-01-05,,Ann',
      'D-2,Prospecting,250.50,2026-02-10,,Bob',
      'D-3,Negotiation/Review,1000,2026-01-20,,Ann',
      'D-4,Proposal/Price Quote,400,2026-03-01,,Bob',
      'D-5,Closed Won,700,2026-01-02,2026-02-15,Ann',
      'D-6,Closed Lost,300,2026-01-03,2026-03-10,Bob',
      // Open without an amount: in the stage's deals, adding nothing to its value.
      'D-7,Negotiation/Review,,2026-02-02,,Ann',
      // Created after the period: not in its pipeline.
      'D-8,Prospecting,5000,2026-04-02,,Ann',
    ].join('\n'),
  );
  const book = join(dir, 'stages.kpiw');
  const imported = kpiw(['import', csv, '--into', book, '--as-of', '2026-04-30']);
  assert.equal(imported.code, 0, imported.stderr);

  const r = kpiw(['metrics', book, '--period', '2026-Q1', '--segment', 'stage', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const pipeline = (JSON.parse(r.stdout) as Json).metrics.find((m) => m.id === 'pipeline_value')!;
  assert.equal(pipeline.value, 1750.5);
  assert.deepEqual(
    pipeline.segments?.map((s) => [s.key, s.value]),
    [
      ['Negotiation/Review', 1000],
      ['Proposal/Price Quote', 400],
      ['Prospecting', 350.5],
    ],
  );

  const text = kpiw(['metrics', book, '--period', '2026-Q1', '--segment', 'stage']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /Pipeline value by segment:\n\s+Negotiation\/Review: \$1,000(?:\.00)?\n\s+Proposal\/Price Quote: \$400\.00\n\s+Prospecting: \$350\.50/,
  );
});
