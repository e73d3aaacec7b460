/** A new workbook in a folder of its own, and the service calls the import tests make on it. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportOptions, ImportResult, Inspection } from '../../../shared/api';
import type { MetricResult } from '../../../shared/metrics/types';

/** `name` names the temporary folder, so a failed test's files are found by it. */
export async function newBook(name: string): Promise<{ dir: string; session: Session; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), `kpiw-${name}-`));
  const session = new Session('cli', dir);
  const path = join(dir, 'b.kpiw');
  const made = await callService(session, 'workbook.create', { file: { path } });
  assert.ok(made.ok, JSON.stringify(made));
  return { dir, session, path };
}

/** Writes a file the test made into `dir`; returns its path. */
export function fileIn(dir: string, name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export async function inspect(session: Session, path: string, options: ImportOptions = {}): Promise<Inspection> {
  const r = await callService(session, 'import.inspect', { file: { path }, options });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** Imports `path`, or with `check` only says what the import would do. */
export async function imp(session: Session, path: string, options: ImportOptions = {}, check = false): Promise<ImportResult> {
  const r = await callService(session, check ? 'import.preview' : 'import.run', { file: { path }, options });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

export async function kpis(session: Session, period: string): Promise<Map<string, MetricResult>> {
  const r = await callService(session, 'metrics.compute', { period });
  assert.ok(r.ok, JSON.stringify(r));
  return new Map(r.value.metrics.map((m) => [m.id, m]));
}
