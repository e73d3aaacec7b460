/**
 * Native Excel charts for the report. exceljs writes no charts, so this module takes the package it
 * wrote and adds DrawingML parts to it: one drawing per sheet that hosts charts, one chart part per
 * chart, the relationships between them, the `<drawing>` element in the worksheet and the content
 * types. Every series references worksheet cells (so the chart follows edits in Excel) and carries a
 * cache of their values (so it renders before any recalculation, and in viewers that never calculate).
 */
import { AppFailure } from '../../shared/result';
import { columnLetter } from '../sheet-columns';
import { elements, escapeXml } from './xml';
import { XlsxPackage } from './package';
import { REL, XML_DECL, freeRelId, readRels, relsPathOf, sheetParts, writeRels, type Rel } from './package-parts';

/** A rectangle of cells on one sheet; rows and columns count from 1 as in A1 notation. */
export interface CellRange {
  readonly sheet: string;
  readonly firstRow: number;
  readonly firstCol: number;
  readonly lastRow: number;
  readonly lastCol: number;
}

export interface ChartSeries {
  readonly name: string;
  /** The cell that holds the series name, so renaming it in Excel renames the legend entry. */
  readonly nameCell?: CellRange;
  readonly values: CellRange;
  /** The values of `values` as the report wrote them; null for an empty cell. */
  readonly cache: readonly (number | null)[];
  /**
   * Its colour (RRGGBB) instead of the palette's next, or null for a series drawn without fill or
   * line and left out of the legend: the invisible base a waterfall's steps stand on.
   */
  readonly colour?: string | null;
  /** A line drawn dashed: figures that are not actual ones, like a projection. */
  readonly dashed?: boolean;
}

export interface ChartSpec {
  /** The sheet the chart is drawn on. */
  readonly sheet: string;
  readonly kind: 'line' | 'column';
  /** Columns of the series stacked on each other instead of side by side. */
  readonly stacked?: boolean;
  readonly title: string;
  readonly categories: { readonly range: CellRange; readonly cache: readonly string[] };
  readonly series: readonly ChartSeries[];
  /** Excel number format of the values, for the cache (and the value axis unless axisNumFmt is given). */
  readonly numFmt: string;
  readonly axisNumFmt?: string;
  /** Top-left cell (0-based, as DrawingML counts) and size in whole cells. */
  readonly anchor: { readonly col: number; readonly row: number; readonly cols: number; readonly rows: number };
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
};
const CONTENT_TYPE = {
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
};
/** Office's default palette, so a chart looks the same in Excel and LibreOffice. */
const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

/**
 * Worksheet children that must come after `<drawing>` (CT_Worksheet, ECMA-376 Part 1 §18.3.1.99):
 * Excel refuses a sheet whose elements are out of order.
 */
const AFTER_DRAWING = new Set([
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

/** `'Sales'!$B$20:$I$20`: the sheet name always quoted, its apostrophes doubled. */
export function rangeFormula(r: CellRange): string {
  const sheet = `'${r.sheet.replace(/'/g, "''")}'`;
  const first = `$${columnLetter(r.firstCol)}$${r.firstRow}`;
  const last = `$${columnLetter(r.lastCol)}$${r.lastRow}`;
  return first === last ? `${sheet}!${first}` : `${sheet}!${first}:${last}`;
}

function cellCount(r: CellRange): number {
  return (r.lastRow - r.firstRow + 1) * (r.lastCol - r.firstCol + 1);
}

function strCache(values: readonly string[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join('');
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: readonly (number | null)[], numFmt: string): string {
  const pts = values.map((v, i) => (v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numCache><c:formatCode>${escapeXml(numFmt)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function seriesXml(spec: ChartSpec, s: ChartSeries, i: number): string {
  const colour = s.colour ?? PALETTE[i % PALETTE.length] ?? PALETTE[0];
  const tx = s.nameCell
    ? `<c:tx><c:strRef><c:f>${escapeXml(rangeFormula(s.nameCell))}</c:f>${strCache([s.name])}</c:strRef></c:tx>`
    : `<c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>`;
  // CT_LineProperties orders the fill, then the dash, then the join.
  const dash = s.dashed ? '<a:prstDash val="dash"/>' : '';
  const look =
    spec.kind === 'line'
      ? `<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>${dash}<a:round/></a:ln></c:spPr>` +
        `<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr></c:marker>`
      : s.colour === null
        ? '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:invertIfNegative val="0"/>'
        : `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
  const cat = `<c:cat><c:strRef><c:f>${escapeXml(rangeFormula(spec.categories.range))}</c:f>${strCache(spec.categories.cache)}</c:strRef></c:cat>`;
  const val = `<c:val><c:numRef><c:f>${escapeXml(rangeFormula(s.values))}</c:f>${numCache(s.cache, spec.numFmt)}</c:numRef></c:val>`;
  const tail = spec.kind === 'line' ? '<c:smooth val="0"/>' : '';
  return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${tx}${look}${cat}${val}${tail}</c:ser>`;
}

const textProps = (size: number, bold = false): string =>
  `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;

/** The chart part (c:chartSpace) for one spec. */
export function chartXml(spec: ChartSpec): string {
  const catAxId = 500000001;
  const valAxId = 500000002;
  const series = spec.series.map((s, i) => seriesXml(spec, s, i)).join('');
  const axIds = `<c:axId val="${catAxId}"/><c:axId val="${valAxId}"/>`;
  const plot =
    spec.kind === 'line'
      ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axIds}</c:lineChart>`
      : spec.stacked
        ? `<c:barChart><c:barDir val="col"/><c:grouping val="stacked"/><c:varyColors val="0"/>${series}<c:gapWidth val="60"/><c:overlap val="100"/>${axIds}</c:barChart>`
        : `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/>${axIds}</c:barChart>`;
  const gridLine = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>';
  const catAx =
    `<c:catAx><c:axId val="${catAxId}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>` +
    `<c:minorTickMark val="none"/><c:tickLblPos val="low"/>${textProps(900)}<c:crossAx val="${valAxId}"/>` +
    `<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  // Columns are read by their height, so their axis starts at zero (unless a value is negative).
  const allValues = spec.series.flatMap((s) => s.cache).filter((v): v is number => v !== null && Number.isFinite(v));
  const fromZero = spec.kind === 'column' && allValues.every((v) => v >= 0) ? '<c:min val="0"/>' : '';
  const valAx =
    `<c:valAx><c:axId val="${valAxId}"/><c:scaling><c:orientation val="minMax"/>${fromZero}</c:scaling><c:delete val="0"/>` +
    `<c:axPos val="l"/><c:majorGridlines>${gridLine}</c:majorGridlines>` +
    `<c:numFmt formatCode="${escapeXml(spec.axisNumFmt ?? spec.numFmt)}" sourceLinked="0"/><c:majorTickMark val="out"/>` +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${textProps(900)}<c:crossAx val="${catAxId}"/>` +
    `<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`;
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="1200" b="1"/><a:t>${escapeXml(spec.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title>`;
  const hidden = spec.series.flatMap((s, i) => (s.colour === null ? [`<c:legendEntry><c:idx val="${i}"/><c:delete val="1"/></c:legendEntry>`] : []));
  const legend =
    spec.series.length - hidden.length > 1 ? `<c:legend><c:legendPos val="b"/>${hidden.join('')}<c:overlay val="0"/>${textProps(900)}</c:legend>` : '';
  return (
    XML_DECL +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}${catAx}${valAx}</c:plotArea>` +
    `${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

function anchorXml(spec: ChartSpec, index: number, relId: string): string {
  const { col, row, cols, rows } = spec.anchor;
  const marker = (c: number, r: number): string => `<xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell"><xdr:from>${marker(col, row)}</xdr:from><xdr:to>${marker(col + cols, row + rows)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${index + 2}" name="Chart ${index + 1}" descr="${escapeXml(spec.title)}"/>` +
    `<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

function freeNumber(pkg: XlsxPackage, prefix: string, taken: Set<number>): number {
  let n = 1;
  while (taken.has(n) || pkg.has(`${prefix}${n}.xml`)) n++;
  taken.add(n);
  return n;
}

/** Puts `<drawing r:id>` where CT_Worksheet wants it: before the first element that must follow it. */
function insertDrawingElement(sheetXml: string, relId: string, sheet: string, part: string): string {
  let at = sheetXml.lastIndexOf('</worksheet>');
  for (const child of elements(sheetXml, part)) {
    if (child.depth !== 1) continue;
    if (child.name === 'drawing') {
      throw new AppFailure('report_failed', `Sheet "${sheet}" already has a drawing; charts cannot be added to it.`);
    }
    if (AFTER_DRAWING.has(child.name)) {
      at = child.start;
      break;
    }
  }
  if (at === -1) throw new AppFailure('report_failed', `Sheet "${sheet}" is not a worksheet part.`);
  return `${sheetXml.slice(0, at)}<drawing xmlns:r="${NS.r}" r:id="${relId}"/>${sheetXml.slice(at)}`;
}

function addOverrides(contentTypes: string, overrides: readonly { part: string; type: string }[]): string {
  const at = contentTypes.lastIndexOf('</Types>');
  const add = overrides.map((o) => `<Override PartName="/${escapeXml(o.part)}" ContentType="${o.type}"/>`).join('');
  return `${contentTypes.slice(0, at)}${add}${contentTypes.slice(at)}`;
}

/**
 * Draws `charts` on their sheets of the loaded package `zip`. Throws AppFailure('report_failed') when
 * a chart names a sheet the package does not have.
 */
export function drawCharts(pkg: XlsxPackage, charts: readonly ChartSpec[]): void {
  if (charts.length === 0) return;
  const parts = sheetParts(pkg);
  const bySheet = new Map<string, ChartSpec[]>();
  for (const spec of charts) {
    if (!parts.has(spec.sheet)) throw new AppFailure('report_failed', `A chart names sheet "${spec.sheet}", which the report does not have.`);
    for (const s of spec.series) {
      if (s.cache.length !== cellCount(s.values)) {
        throw new AppFailure(
          'report_failed',
          `Chart "${spec.title}": series "${s.name}" has ${s.cache.length} cached values for ${cellCount(s.values)} cells.`,
        );
      }
    }
    bySheet.set(spec.sheet, [...(bySheet.get(spec.sheet) ?? []), spec]);
  }

  const overrides: { part: string; type: string }[] = [];
  const drawingNumbers = new Set<number>();
  const chartNumbers = new Set<number>();
  for (const [sheet, specs] of bySheet) {
    const sheetPath = parts.get(sheet) ?? '';
    const drawingPath = `xl/drawings/drawing${freeNumber(pkg, 'xl/drawings/drawing', drawingNumbers)}.xml`;
    const drawingRels: Rel[] = [];
    const anchors: string[] = [];
    specs.forEach((spec, i) => {
      const chartPath = `xl/charts/chart${freeNumber(pkg, 'xl/charts/chart', chartNumbers)}.xml`;
      pkg.set(chartPath, chartXml(spec));
      overrides.push({ part: chartPath, type: CONTENT_TYPE.chart });
      const relId = `rId${i + 1}`;
      drawingRels.push({ id: relId, type: REL.chart, target: `../charts/${chartPath.split('/').pop() ?? ''}` });
      anchors.push(anchorXml(spec, i, relId));
    });
    pkg.set(drawingPath, `${XML_DECL}<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors.join('')}</xdr:wsDr>`);
    pkg.set(relsPathOf(drawingPath), writeRels(drawingRels));
    overrides.push({ part: drawingPath, type: CONTENT_TYPE.drawing });

    const sheetRelsPath = relsPathOf(sheetPath);
    const sheetRels = readRels(pkg, sheetRelsPath);
    const drawingRelId = freeRelId(sheetRels);
    sheetRels.push({ id: drawingRelId, type: REL.drawing, target: `../drawings/${drawingPath.split('/').pop() ?? ''}` });
    pkg.set(sheetRelsPath, writeRels(sheetRels));
    pkg.set(sheetPath, insertDrawingElement(pkg.text(sheetPath) ?? '', drawingRelId, sheet, sheetPath));
  }
  const contentTypes = pkg.text('[Content_Types].xml');
  if (contentTypes === undefined) throw new AppFailure('report_failed', 'The report package has no [Content_Types].xml.');
  pkg.set('[Content_Types].xml', addOverrides(contentTypes, overrides));
}

/** A copy of the .xlsx package `xlsx` with `charts` drawn on their sheets. */
export async function addCharts(xlsx: Uint8Array | ArrayBuffer, charts: readonly ChartSpec[]): Promise<Buffer> {
  const pkg = await XlsxPackage.load(xlsx);
  drawCharts(pkg, charts);
  return await pkg.toBuffer();
}
