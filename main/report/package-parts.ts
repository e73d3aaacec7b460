/**
 * Reading and writing the parts of an .xlsx package (Open Packaging Conventions): relationships,
 * their targets, and the worksheet parts by sheet name. Used to add what exceljs cannot write.
 */
import type { XlsxPackage } from './package';
import { AppFailure } from '../../shared/result';
import { elements, escapeXml } from './xml';

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const REL = {
  worksheet: `${REL_NS}/worksheet`,
  drawing: `${REL_NS}/drawing`,
  chart: `${REL_NS}/chart`,
  table: `${REL_NS}/table`,
};

export interface Rel {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly targetMode?: string;
}

/** The relationships of the .rels part at `path`; none when there is no such part. */
export function readRels(pkg: XlsxPackage, path: string): Rel[] {
  const xml = pkg.text(path);
  if (xml === undefined) return [];
  return elements(xml, path)
    .filter((e) => e.name === 'Relationship')
    .map(({ attrs }) => {
      const rel = { id: attrs.Id ?? '', type: attrs.Type ?? '', target: attrs.Target ?? '' };
      return attrs.TargetMode === undefined ? rel : { ...rel, targetMode: attrs.TargetMode };
    });
}

export function writeRels(rels: readonly Rel[]): string {
  const body = rels
    .map((r) => {
      const mode = r.targetMode === undefined ? '' : ` TargetMode="${escapeXml(r.targetMode)}"`;
      return `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"${mode}/>`;
    })
    .join('');
  return `${XML_DECL}<Relationships xmlns="${PKG_RELS_NS}">${body}</Relationships>`;
}

export function freeRelId(rels: readonly Rel[]): string {
  const used = new Set(rels.map((r) => r.id));
  let n = rels.length + 1;
  while (used.has(`rId${n}`)) n++;
  return `rId${n}`;
}

export function relsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash)}/_rels/${partPath.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the folder of the part that owns it. */
export function resolveTarget(ownerPath: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ownerPath.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Sheet name → worksheet part path, following workbook.xml and its relationships. */
export function sheetParts(pkg: XlsxPackage): Map<string, string> {
  const workbook = pkg.text('xl/workbook.xml');
  if (workbook === undefined) throw new AppFailure('report_failed', 'The report package has no xl/workbook.xml.');
  const rels = new Map(readRels(pkg, 'xl/_rels/workbook.xml.rels').map((r) => [r.id, r]));
  const out = new Map<string, string>();
  for (const { name, attrs } of elements(workbook, 'xl/workbook.xml')) {
    if (name !== 'sheet') continue;
    const rel = rels.get(attrs['r:id'] ?? '');
    if (rel && rel.type === REL.worksheet && attrs.name !== undefined) out.set(attrs.name, resolveTarget('xl/workbook.xml', rel.target));
  }
  return out;
}
