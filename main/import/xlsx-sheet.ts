/**
 * The worksheet reader: the XML scanner (xlsx-xml-scan.ts) told what SpreadsheetML rows and cells
 * look like. Only the r, s and t attributes of <row> and <c> and the text of <v> and inline <t> are
 * read; cells of the usual plain shape are matched whole in one step.
 */
import type { Cell } from '../../shared/datasets/cell';
import { AppFailure } from '../../shared/result';
import { columnNumber } from '../sheet-columns';
import { MAX_COLUMNS } from './limits';
import { cancelled, type RawRow } from './table-shape';
import { serialToIso, type DateKind } from './xlsx-dates';
import { partChunks, unescapeOoxml } from './xlsx-parts';
import { localOf, XmlScanner } from './xlsx-xml-scan';
import type { Zip } from './zip-preflight';

/** Cells that held an error (#DIV/0!): read as empty. */
export interface FormulaCounts {
  formulaErrors: number;
}

export interface SheetContext {
  fileName: string;
  shared: string[];
  dateKinds: DateKind[];
  date1904: boolean;
  counts: FormulaCounts;
}

/**
 * The shape nearly every cell has as Excel and most libraries write it, matched whole in one step:
 * `<c r="B2" s="1" t="s"><v>12</v></c>`, s, t and the value optional. The value may hold no
 * reference, CR or character XML forbids; a cell of any other shape, or one a chunk cuts, takes the
 * general way.
 */
// eslint-disable-next-line no-control-regex -- the characters a plain value may not hold
const PLAIN_CELL = /<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?>(?:<v>([^<&\x00-\x08\x0B-\x1F\uFFFE\uFFFF]*)<\/v>)?<\/c>/y;

/** "A1" -> 0, "XFD7" -> 16383: the 0-based column of a cell reference. */
const refColumn = (ref: string): number => columnNumber(ref) - 1;

export class SheetScanner extends XmlScanner {
  private readonly ctx: SheetContext;
  private out: RawRow[] = [];

  private rowNumber = 0;
  private cells: Cell[] = [];
  private unsaved: number[] | undefined;
  private filled = false;
  private col = -1;
  private type = 'n';
  private style = 0;
  private hasValue = false;
  private hasFormula = false;
  private inInline = false;
  private inPhonetic = false;
  /** Attributes of the tag being read, when it is a <row> or <c>. */
  private attrR: string | undefined;
  private attrS: string | undefined;
  private attrT: string | undefined;

  constructor(ctx: SheetContext, part: string) {
    super(ctx.fileName, part);
    this.ctx = ctx;
  }

  /** The rows completed so far, handed over once. */
  take(): RawRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  /** Every start tag comes through here first, so the previous tag's attributes are forgotten here. */
  protected override wantsAttributes(local: string): boolean {
    this.attrR = this.attrS = this.attrT = undefined;
    return local === 'c' || local === 'row';
  }

  protected override attribute(name: number, value: string): void {
    if (name === 114) this.attrR = value;
    else if (name === 115) this.attrS = value;
    else if (name === 116) this.attrT = value;
  }

  protected opened(local: string): void {
    switch (local) {
      case 'row': {
        const r = this.attrR;
        this.rowNumber = r !== undefined ? Number(r) : this.rowNumber + 1;
        this.cells = [];
        this.unsaved = undefined;
        this.col = -1;
        this.filled = false;
        break;
      }
      case 'c': {
        const r = this.attrR;
        this.col = r !== undefined ? refColumn(r) : this.col + 1;
        if (this.col >= MAX_COLUMNS || this.col < 0) this.beyondXfd();
        this.type = this.attrT ?? 'n';
        const st = this.attrS;
        this.style = st !== undefined ? Number(st) : 0;
        this.value = '';
        this.hasValue = false;
        this.hasFormula = false;
        break;
      }
      case 'v':
        this.capture = true;
        this.hasValue = true;
        break;
      case 'f':
        this.hasFormula = true;
        break;
      case 'is':
        this.inInline = true;
        this.hasValue = true;
        break;
      case 't':
        this.capture = this.inInline && !this.inPhonetic;
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
    }
  }

  private addCell(cell: Cell): void {
    if (cell === null) return;
    const cells = this.cells;
    while (cells.length < this.col) cells.push(null);
    cells[this.col] = cell;
    if (typeof cell !== 'string' || cell.trim() !== '') this.filled = true;
  }

  /** A cell of the plain shape (PLAIN_CELL) read in one step; -1 (nothing read) for any other. */
  protected override shortcut(s: string, lt: number): number {
    if (s.charCodeAt(lt + 1) !== 99 || s.charCodeAt(lt + 2) !== 32) return -1;
    PLAIN_CELL.lastIndex = lt;
    const m = PLAIN_CELL.exec(s);
    if (m === null) return -1;
    const style = m[2];
    const value = m[4];
    this.col = refColumn(m[1] as string);
    if (this.col >= MAX_COLUMNS) this.beyondXfd();
    this.addCell(cellValue(m[3] ?? 'n', value ?? '', value !== undefined, style !== undefined ? Number(style) : 0, this.ctx));
    return PLAIN_CELL.lastIndex;
  }

  private beyondXfd(): never {
    throw new AppFailure('import_too_large', `${this.ctx.fileName}, row ${this.rowNumber}: a cell lies beyond column XFD, the last column Excel has`, {
      file: this.ctx.fileName,
      row: this.rowNumber,
    });
  }

  protected closed(name: string): void {
    switch (localOf(name)) {
      case 'v':
      case 't':
        this.capture = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'c': {
        const cell = cellValue(this.type, this.value, this.hasValue, this.style, this.ctx);
        // An error value is a saved result (counted apart); anything else empty under a formula was never calculated.
        if (cell === null && this.hasFormula && this.type !== 'e') (this.unsaved ??= []).push(this.col);
        this.addCell(cell);
        break;
      }
      case 'row':
        if (this.filled)
          this.out.push(
            this.unsaved === undefined ? { row: this.rowNumber, cells: this.cells } : { row: this.rowNumber, cells: this.cells, unsaved: this.unsaved },
          );
        break;
    }
  }
}

/** Streams a worksheet part; yields the non-blank rows read from each inflated chunk. */
export async function* sheetRows(
  zip: Zip,
  part: string,
  ctx: SheetContext,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): AsyncGenerator<RawRow[]> {
  const scanner = new SheetScanner(ctx, part);
  for await (const text of partChunks(zip, part, ctx.fileName, onBytes)) {
    if (signal?.aborted) throw cancelled(ctx.fileName);
    scanner.write(text);
    const rows = scanner.take();
    if (rows.length > 0) yield rows;
  }
  scanner.end();
  const rows = scanner.take();
  if (rows.length > 0) yield rows;
}

export function cellValue(type: string, value: string, hasValue: boolean, style: number, ctx: SheetContext): Cell {
  switch (type) {
    case 's': {
      // Number('') is 0: a shared-string cell without an index would read as the first string.
      const s = value === '' ? undefined : ctx.shared[Number(value)];
      return s === undefined ? null : s;
    }
    case 'inlineStr':
      return unescapeOoxml(value);
    case 'str':
      return hasValue ? unescapeOoxml(value) : null;
    case 'b':
      return hasValue ? value === '1' || value === 'true' : null;
    case 'e':
      ctx.counts.formulaErrors++;
      return null;
    case 'd':
      return value === ''
        ? null
        : value
            .replace(/Z$/, '')
            .replace(/\.\d+$/, '')
            .replace(/T00:00:00$/, '');
    default: {
      if (!hasValue || value === '') return null;
      let n = Number(value);
      if (!Number.isFinite(n)) return value;
      // Excel shows and exports 15 significant digits: 72.947999999999979 is the 72.948 in the cell.
      if (value.length > 15) n = Number(n.toPrecision(15));
      const kind = ctx.dateKinds[style] ?? 0;
      return kind === 0 ? n : serialToIso(n, ctx.date1904, kind);
    }
  }
}
