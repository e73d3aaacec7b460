/**
 * Reading and writing the parts of an .xlsx package (Open Packaging Conventions): relationships,
 * their targets, and the worksheet parts by sheet name. Used to add what exceljs cannot write.
 */
import type { XlsxPackage } from './package';
import { AppFailure } from '../../shared/result';
import { escapeXml, scanTags } from './xml';

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

export function readRels(xml: string | undefined): Rel[] {
  if (xml === undefined) return [];
  const rels: Rel[] = [];
  for (const t of scanTags(xml)) {
    if (t.name !== 'Relationship' || t.closing) continue;
    const mode = t.attrs.get('TargetMode');
    const rel = { id: t.attrs.get('Id') ?? '', type: t.attrs.get('Type') ?? '', target: t.attrs.get('Target') ?? '' };
    rels.push(mode === undefined ? rel : { ...rel, targetMode: mode });
  }
  return rels;
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
  const rels = new Map(readRels(pkg.text('xl/_rels/workbook.xml.rels')).map((r) => [r.id, r]));
  const out = new Map<string, string>();
  for (const t of scanTags(workbook)) {
    if (t.name !== 'sheet' || t.closing) continue;
    const rel = rels.get(t.attrs.get('r:id') ?? '');
    const name = t.attrs.get('name');
    if (rel && rel.type === REL.worksheet && name !== undefined) out.set(name, resolveTarget('xl/workbook.xml', rel.target));
  }
  return out;
}
