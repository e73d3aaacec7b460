/**
 * A deal's probability as the CRMs export it: Salesforce's and Zoho's "Probability (%)" (0-100),
 * HubSpot's "Deal probability" (0-1), Pipedrive's "Deal - Probability" (0-100); "40%" as written.
 * Stored on the 0-1 scale; outside its scale the row is rejected, naming the column. Then the weighted
 * pipeline of 2026-Q4 from what was stored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportResult } from '../../../shared/api';

async function imported(lines: string[]): Promise<{ session: Session; result: ImportResult; stored: Map<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-probability-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'p.kpiw') } })).ok);
  const path = join(dir, 'deals.csv');
  writeFileSync(path, lines.join('\n'));
  const r = await callService(session, 'import.run', { file: { path }, options: { as: 'deals', asOf: '2026-09-30' } });
  assert.ok(r.ok, JSON.stringify(r));
  const rows = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 100 });
  assert.ok(rows.ok);
  const [id, p] = [rows.value.columns.indexOf('deal_id'), rows.value.columns.indexOf('probability')];
  return { session, result: r.value, stored: new Map(rows.value.rows.map((row) => [String(row[id]), row[p]])) };
}

const weighted = async (session: Session): Promise<number | null> => {
  const r = await callService(session, 'metrics.compute', { period: '2026-Q4' });
  assert.ok(r.ok);
  return r.value.metrics.find((m) => m.id === 'weighted_pipeline')!.value;
};

test('Salesforce "Probability (%)": 0-100, a percentage as written; 250 and -5 are rejected rows naming the column', async () => {
  const { session, result, stored } = await imported([
    'Opportunity ID,Stage,Amount,Close Date,Probability (%)',
    'O1,Prospecting,1000,2026-11-01,10',
    'O2,Negotiation/Review,2000,2026-12-01,90',
    'O3,Closed Won,3000,2026-05-01,100',
    'O4,Qualification,500,2026-11-20,1',
    'O5,Qualification,700,2026-11-20,250',
    'O6,Qualification,700,2026-11-20,-5',
    'O7,Perception Analysis,800,2026-10-15,40%',
  ]);
  assert.deepEqual(
    result.mapping.find((m) => m.field === 'probability'),
    { column: 'Probability (%)', field: 'probability' },
  );
  assert.deepEqual(
    [...stored],
    [
      ['O1', 0.1],
      ['O2', 0.9],
      ['O3', 1],
      ['O4', 0.01],
      ['O7', 0.4],
    ],
  );
  assert.equal(result.rejected, 2);
  assert.deepEqual(
    result.problems.map((p) => [p.row, p.column, p.value, p.reason]),
    [
      [6, 'Probability (%)', '250', 'is not a probability: give 0 to 100 (or 0 to 1, or a percentage such as 40%)'],
      [7, 'Probability (%)', '-5', 'is not a probability: give 0 to 100 (or 0 to 1, or a percentage such as 40%)'],
    ],
  );
  // 0.1 x 1,000 + 0.9 x 2,000 + 0.01 x 500 + 0.4 x 800 = 2,225: each open deal at its own probability.
  assert.equal(await weighted(session), 2_225);
  await callService(session, 'workbook.close', {});
});

test('HubSpot "Deal probability": 0-1 as written, a value above 1 read as 0-100', async () => {
  const { session, stored } = await imported([
    'Record ID,Deal Stage,Amount,Close Date,Deal probability',
    'H1,Appointment Scheduled,1000,2026-10-01,0.2',
    'H2,Contract Sent,2000,2026-10-02,0.9',
    'H3,Closed Won,3000,2026-06-02,1',
    'H4,Qualified To Buy,4000,2026-10-03,60',
    'H5,Presentation Scheduled,5000,2026-10-04,',
  ]);
  assert.deepEqual(
    [...stored],
    [
      ['H1', 0.2],
      ['H2', 0.9],
      ['H3', 1],
      ['H4', 0.6],
      ['H5', null],
    ],
  );
  // H5 has no probability of its own: Presentation Scheduled's 60%. 200 + 1,800 + 2,400 + 3,000 = 7,400.
  assert.equal(await weighted(session), 7_400);
  await callService(session, 'workbook.close', {});
});

test('Pipedrive "Deal - Probability", a plain "Probability" and "Win Probability" map to the probability', async () => {
  for (const [header, value, expected] of [
    ['Deal - Probability', '80', 0.8],
    ['Probability', '0.35', 0.35],
    ['Win Probability', '15', 0.15],
  ] as const) {
    const { session, stored, result } = await imported([`Deal ID,Stage,Amount,Close Date,${header}`, `P1,Qualified,1000,2026-10-01,${value}`]);
    assert.equal(result.mapping.find((m) => m.field === 'probability')?.column, header);
    assert.deepEqual([...stored], [['P1', expected]]);
    await callService(session, 'workbook.close', {});
  }
});
