/**
 * LibreOffice headless for the report tests: converts a workbook into another format in a scratch
 * folder, with a profile of its own so parallel runs do not share (and lock) one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';

export function sofficePath(): string | undefined {
  for (const bin of ['soffice', 'libreoffice']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return bin;
  }
  return undefined;
}

export const NO_SOFFICE = 'LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc';

/**
 * LibreOffice's default for .xlsx files is "never recalculate" on load (it shows the cached values);
 * this profile setting (Tools > Options > Calc > Formula > Recalculation on file load: Always) makes
 * it compute every formula itself.
 */
const ALWAYS_RECALCULATE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Converts `file` with `--convert-to filter`; returns the paths of the files LibreOffice wrote. */
export function convert(file: string, filter: string, opts: { recalculate?: boolean } = {}): string[] {
  const bin = sofficePath();
  if (bin === undefined) throw new Error(NO_SOFFICE);
  const outDir = mkdtempSync(join(tmpdir(), 'kpiw-soffice-out-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'kpiw-soffice-profile-'));
  if (opts.recalculate) {
    mkdirSync(join(profileDir, 'user'), { recursive: true });
    writeFileSync(join(profileDir, 'user', 'registrymodifications.xcu'), ALWAYS_RECALCULATE);
  }
  const profile = pathToFileURL(profileDir).href;
  const r = spawnSync(bin, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', outDir, file], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  const out = readdirSync(outDir).map((f) => join(outDir, f));
  if (out.length === 0) throw new Error(`soffice wrote nothing: ${r.stdout} ${r.stderr}`);
  return out;
}

/** What a cached formula result becomes before LibreOffice opens a report: no real figure is this. */
const SENTINEL = -987654321;

/**
 * The report with every cached formula result replaced by SENTINEL, so a value LibreOffice gives back
 * can only be its own calculation.
 */
export async function withoutCachedValues(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  for (const name of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))) {
    const xml = (await zip.file(name)?.async('string')) ?? '';
    zip.file(name, xml.replace(/(<f>[^<]*<\/f>)<v>[^<]*<\/v>/g, `$1<v>${SENTINEL}</v>`));
  }
  const out = join(mkdtempSync(join(tmpdir(), 'kpiw-tampered-')), 'tampered.xlsx');
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

export function pdfToPngs(pdf: string, dpi = 60): string[] {
  const outDir = mkdtempSync(join(tmpdir(), 'kpiw-png-'));
  const r = spawnSync('pdftoppm', ['-png', '-r', String(dpi), pdf, join(outDir, 'page')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  return readdirSync(outDir)
    .sort()
    .map((f) => join(outDir, f));
}
