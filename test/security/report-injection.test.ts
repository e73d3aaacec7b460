/**
 * Untrusted text stays text in exported files: formula-like
 * owner and product names imported from a CSV must reach the report as string cells, never as a
 * <f> formula or a hyperlink. The app writes no CSV of its own (main/ has no CSV writer; only the
 * demo generator writes CSV), so there is no CSV output to check for the '-prefix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { kpiw, tempDir } from '../integration/cli/run-cli';

/** The payloads of OWASP's CSV-injection page, each as it would sit in a cell. */
const hostile = ['=HYPERLINK("http://x","y")', '+cmd|/C calc', '@SUM(1)', '-2+3', '\t=1', '\r=1'];

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** 12 deals, all won in 2024-Q1, owners and products cycling through the hostile texts. */
function dealsCsv(): string {
  const lines = ['deal_id,stage,amount,created_at,Close Date,owner,product,region'];
  for (let i = 0; i < 12; i++) {
    const owner = hostile[i % hostile.length]!;
    const product = hostile[(i + 3) % hostile.length]!;
    const day = String(1 + i).padStart(2, '0');
    lines.push(
      [
        `D${i + 1}`,
        'Won',
        String(100 * (i + 1)),
        `2024-01-${day}`,
        `2024-02-${day}`,
        quote(owner),
        quote(product),
        quote(hostile[(i + 1) % hostile.length]!),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const decodeXml = (s: string) =>
  s
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9A-Fa-f]+);/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

test('formula-like imported text is written as text in the report: no formula, no hyperlink', async () => {
  const dir = tempDir();
  const csv = join(dir, 'deals.csv');
  const book = join(dir, 'book.kpiw');
  const out = join(dir, 'report.xlsx');
  writeFileSync(csv, dealsCsv());
  const imported = kpiw(['import', csv, '--into', book, '--as', 'deals', '--json']);
  assert.equal(imported.code, 0, imported.stderr);
  const result = JSON.parse(imported.stdout) as { accepted: number };
  assert.equal(result.accepted, 12);

  const report = kpiw(['report', book, '--period', '2024-Q1', '--out', out]);
  assert.equal(report.code, 0, report.stderr);

  const zip = await JSZip.loadAsync(readFileSync(out));
  const xmlNames = Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
  const parts = new Map<string, string>();
  for (const n of xmlNames) parts.set(n, await zip.file(n)!.async('string'));

  // Every formula of the report, decoded. An injected text turned formula would appear without its
  // leading '=' (exceljs strips it), so look for the bodies: HYPERLINK, cmd|, SUM(1), 2+3, and "1" alone.
  const formulas: string[] = [];
  for (const [name, xml] of parts) {
    for (const m of xml.matchAll(/<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/g)) formulas.push(`${name}: ${decodeXml(m[1]!)}`);
  }
  assert.ok(formulas.length > 0, 'the report has live formulas of its own, so the check below is not vacuous');
  assert.match(parts.get('xl/workbook.xml') ?? '', /name="Data Deals"/, 'the deals rows are in the report');
  for (const f of formulas) {
    const body = f.slice(f.indexOf(': ') + 2).trim();
    assert.doesNotMatch(body, /HYPERLINK|cmd\||SUM\(1\)|^-?2\+3$|^=?1$/i, `imported text became a formula: ${f}`);
  }

  // No hyperlinks at all: the report builds none, so any would come from imported text.
  for (const [name, xml] of parts) {
    assert.doesNotMatch(xml, /<hyperlink\b/, `${name} holds a hyperlink`);
    if (name.endsWith('.rels')) assert.doesNotMatch(xml, /relationships\/hyperlink|Target="http:\/\/x/, `${name} links to imported text`);
  }

  // The texts are there, as strings (shared or inline), so the check above looked at the right file.
  const strings = [...parts.values()].flatMap((xml) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decodeXml(m[1]!)));
  for (const text of ['=HYPERLINK("http://x","y")', '+cmd|/C calc', '@SUM(1)', '-2+3']) {
    assert.ok(strings.includes(text), `${JSON.stringify(text)} should be in the report as a string`);
  }
  for (const text of ['\t=1', '\r=1']) {
    assert.ok(
      strings.some((s) => s === text || s.trim() === '=1'),
      `${JSON.stringify(text)} should be in the report as a string`,
    );
  }
});
