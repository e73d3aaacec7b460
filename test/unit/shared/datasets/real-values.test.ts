/**
 * The value rules against the real exports: the same data re-saved in other formats must normalise to
 * the same canonical rows, and the per-column decisions must come out as the files' SOURCE.md says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { planColumns } from '../../../../shared/datasets/columns';
import { detectDataset } from '../../../../shared/datasets/detect';
import { normaliseRow, type RowValues } from '../../../../shared/datasets/rows';
import { detectDateOrder, detectDecimalSeparator, parseDate, parseDateTime, parseMoney } from '../../../../shared/datasets/values';
import { realData, withoutRealData } from '../../../support/real-data';

const root = realData();

function table(file: string, delimiter = ',', encoding: BufferEncoding = 'utf8'): { headers: string[]; rows: string[][] } {
  const records: string[][] = parse(readFileSync(root + file, encoding), { bom: true, delimiter, relax_column_count: true });
  return { headers: records[0]!, rows: records.slice(1) };
}

function importAll(file: string, delimiter?: string): RowValues[] {
  const { headers, rows } = table(file, delimiter);
  const chosen = detectDataset(headers, rows.slice(0, 20)).chosen;
  assert.ok(chosen, file);
  const planned = planColumns(chosen.dataset, headers, chosen.mapping, rows, { currency: 'USD' });
  assert.ok(planned.ok, planned.ok ? '' : planned.error);
  return rows.map((r, i) => {
    const n = normaliseRow(planned.plan, r, i + 2);
    assert.ok(n.ok, `${file} row ${i + 2}: ${n.ok ? '' : JSON.stringify(n.problems)}`);
    return n.values;
  });
}

test('Maven pipeline: the ISO original and its M/D/YYYY and DD-MM-YYYY re-saves give the same deals', { skip: withoutRealData }, () => {
  const original = importAll('maven-crm-sales/sales_pipeline.csv');
  const mdy = importAll('maven-crm-sales/variants/sales_pipeline_mdy_dates.csv');
  const dmy = importAll('maven-crm-sales/variants/sales_pipeline_dmy_dates_null_strings.csv');
  assert.equal(original.length, 8800);
  assert.deepEqual(mdy, original);
  // The dmy re-save wrote blank accounts as 'null' (read as missing, like the original's blanks) and
  // blank close values as 0, so only open deals' amounts differ: null in the original, 0 there.
  const differing = dmy.flatMap((row, i) => (JSON.stringify(row) === JSON.stringify(original[i]) ? [] : [i]));
  for (const i of differing) {
    assert.equal(original[i]!.status, 'open');
    assert.deepEqual({ ...dmy[i], amount: null }, original[i]);
  }
  // SOURCE.md: Won 4,238, Lost 2,473, Engaging 1,589, Prospecting 500 (the last two open).
  const count = (s: string) => original.filter((r) => r.status === s).length;
  assert.deepEqual([count('won'), count('lost'), count('open')], [4238, 2473, 1589 + 500]);
});

test('IBM CLV "Effective To Date": M/D/YY and MM-DD-YY read as one month-first column, all in Jan-Feb 2011', { skip: withoutRealData }, () => {
  const { headers, rows } = table('ibm-marketing-clv/WA_Fn-UseC_-Marketing-Customer-Value-Analysis.csv');
  const column = rows.map((r) => r[headers.indexOf('Effective To Date')]!);
  const decision = detectDateOrder(column);
  assert.equal(decision.order, 'mdy');
  assert.equal(decision.ambiguous, false);
  for (const cell of column) {
    const d = parseDate(cell, decision.order);
    assert.ok(d.ok && d.value >= '2011-01-01' && d.value <= '2011-02-28', `${cell} -> ${JSON.stringify(d)}`);
  }
});

test('Superstore: day-first Ship Date and decimal-comma Sales agree with the ISO/decimal-point copy row by row', { skip: withoutRealData }, () => {
  const comma = table('superstore/variants/superstore_semicolon_decimal_comma_cp1252.csv', ';', 'latin1');
  const mixed = table('superstore/variants/superstore_cp1252_mixed_date_formats.csv', ',', 'latin1');
  const col = (t: typeof comma, name: string) => t.rows.map((r) => r[t.headers.indexOf(name)]!);
  const order = detectDateOrder(col(mixed, 'Ship Date'));
  assert.equal(order.order, 'dmy');
  const decimal = detectDecimalSeparator(col(comma, 'Sales'), ';');
  assert.equal(decimal.decimal, ',');
  assert.equal(decimal.ambiguous, false);
  const byRowId = new Map(mixed.rows.map((r) => [r[0]!, r]));
  const shipAt = mixed.headers.indexOf('Ship Date');
  const salesAt = mixed.headers.indexOf('Sales');
  for (const r of comma.rows) {
    const other = byRowId.get(r[0]!)!;
    assert.deepEqual(parseDate(other[shipAt]!, order.order), { ok: true, value: r[comma.headers.indexOf('Ship Date')]! });
    const a = parseMoney(r[comma.headers.indexOf('Sales')]!, { decimal: ',' });
    const b = parseMoney(other[salesAt]!, { decimal: '.' });
    assert.ok(a.ok && b.ok && a.value === b.value, `row ${r[0]}: ${JSON.stringify([a, b])}`);
  }
});

test(
  'vendor date spellings in real files all parse: Mailchimp, Salesforce UK dates, Alexa D-Mon-YY, Sudzilla M/D/YYYY H:MM:SS',
  { skip: withoutRealData },
  () => {
    const mail = table('crm-tool-exports/mailchimp_campaigns.csv');
    const sent = mail.rows.map((r) => parseDateTime(r[3]!));
    assert.deepEqual(sent[0], { ok: true, value: '2023-06-01T21:46:00' });
    assert.ok(sent.every((d) => d.ok));
    const sf = table('crm-tool-exports/salesforce_opportunity.csv');
    const created = sf.rows.map((r) => r[sf.headers.indexOf('CreatedDate')]!);
    assert.equal(detectDateOrder(created).order, 'dmy');
    assert.deepEqual(parseDate(created[0]!, 'dmy'), { ok: true, value: '2022-03-14' });
    const modified = sf.rows.map((r) => r[sf.headers.indexOf('LastModifiedDate')]!);
    assert.ok(modified.every((m) => parseDateTime(m, 'dmy').ok));
    const alexa = table('amazon-alexa-reviews/amazon_alexa.tsv', '\t');
    assert.ok(alexa.rows.every((r) => parseDate(r[1]!).ok));
    const sud = table('nps-surveys-preppin/sudzilla_conference_survey.csv');
    const stamps = sud.rows.map((r) => parseDateTime(r[0]!, 'mdy'));
    assert.deepEqual(stamps[0], { ok: true, value: '2019-11-01T08:51:12' });
    assert.ok(stamps.every((s) => s.ok && s.value >= '2019-11-01' && s.value < '2019-11-05'));
  },
);
