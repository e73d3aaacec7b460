/**
 * The small parts of an XLSX package, found by following relationships (never by guessing part
 * names): the workbook's sheet list and date system and the styles (which cells are dates).
 */
import { posix } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppFailure } from '../../shared/result';
import { MAX_SMALL_PART_BYTES } from './limits';
import { builtinDateKind, formatDateKind, type DateKind } from './xlsx-dates';
import { notValidXml } from './xlsx-xml-text';
import { damaged, type Zip } from './zip-preflight';

export interface SheetEntry {
  name: string;
  hidden: boolean;
  /** Part name of the worksheet; undefined for chart sheets and dangling relationships. */
  part: string | undefined;
}

export interface WorkbookParts {
  sheets: SheetEntry[];
  date1904: boolean;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
}

/** Local name of a possibly prefixed XML name (`x:row` -> `row`). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** `_x000D_` escapes of OOXML strings. */
export function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** The decoded text of a part, chunk by chunk. */
export async function* partChunks(zip: Zip, part: string, fileName: string, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of partBytes(zip, part, fileName)) {
    onBytes?.(chunk.length);
    yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** The inflated bytes of a part, chunk by chunk. */
export async function* partBytes(zip: Zip, part: string, fileName: string): AsyncGenerator<Buffer> {
  const entry = zip.entries.get(part);
  if (entry === undefined) return;
  try {
    yield* zip.chunks(entry);
  } catch (e) {
    throw damaged(fileName, e);
  }
}

/** Runs a SAX parse of a whole part; returns false when the part is missing. */
export async function parsePart(
  zip: Zip,
  part: string,
  fileName: string,
  maxBytes: number,
  onOpen: (tag: SaxesTagPlain, local: string) => void,
  onText?: (text: string) => void,
  onClose?: (local: string) => void,
): Promise<boolean> {
  const entry = zip.entries.get(part);
  if (entry === undefined) return false;
  refuseOver(entry.uncompressedSize, maxBytes, part, fileName);
  const parser = xmlParser(fileName, part);
  parser.on('opentag', (tag) => onOpen(tag, localName(tag.name)));
  if (onText !== undefined) parser.on('text', onText);
  if (onClose !== undefined) parser.on('closetag', (tag) => onClose(localName(tag.name)));
  for await (const text of partChunks(zip, part, fileName)) parser.write(text);
  parser.close();
  return true;
}

/** Refuses a part whole parsing of which would hold more than `maxBytes` of it in memory. */
export function refuseOver(size: number, maxBytes: number, part: string, fileName: string): void {
  if (size > maxBytes) {
    throw new AppFailure(
      'import_too_large',
      `${fileName}: the part ${part} is ${Math.round(size / 1048576)} MB, more than this app reads (${Math.round(maxBytes / 1048576)} MB)`,
      { file: fileName, part },
    );
  }
}

export function xmlParser(fileName: string, part: string): SaxesParser<{ xmlns: false; position: false }> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (e) => {
    throw notValidXml(fileName, part, e.message);
  });
  return parser;
}

/** The attribute with this local name, whatever its prefix (`r:id`). */
function attr(tag: SaxesTagPlain, local: string): string | undefined {
  const direct = tag.attributes[local];
  if (direct !== undefined) return direct;
  for (const [k, v] of Object.entries(tag.attributes)) if (localName(k) === local) return v;
  return undefined;
}

interface Relationship {
  type: string;
  target: string;
}

async function relationships(zip: Zip, source: string, fileName: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  const relsPart = posix.join(posix.dirname(source), '_rels', `${posix.basename(source)}.rels`);
  await parsePart(zip, relsPart, fileName, MAX_SMALL_PART_BYTES, (tag, local) => {
    if (local !== 'Relationship' || attr(tag, 'TargetMode') === 'External') return;
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (id === undefined || target === undefined) return;
    const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(source), target));
    rels.set(id, { type: attr(tag, 'Type') ?? '', target: resolved });
  });
  return rels;
}

const notAWorkbook = (fileName: string): AppFailure =>
  new AppFailure('import_not_a_table', `${fileName} is a ZIP archive but not an Excel workbook: export the data as .xlsx or CSV and import that`, {
    file: fileName,
  });

export async function readWorkbook(zip: Zip, fileName: string): Promise<WorkbookParts> {
  const root = await relationships(zip, '', fileName);
  const office = [...root.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbookPart = office?.target ?? (zip.entries.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined);
  if (workbookPart === undefined || !zip.entries.has(workbookPart)) throw notAWorkbook(fileName);
  if (workbookPart.endsWith('.bin')) {
    throw new AppFailure('import_unreadable', `${fileName} is an Excel binary workbook (.xlsb): open it in Excel, save it as .xlsx or CSV, and import that`, {
      file: fileName,
    });
  }
  const rels = await relationships(zip, workbookPart, fileName);
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  let sawWorkbook = false;
  await parsePart(zip, workbookPart, fileName, MAX_SMALL_PART_BYTES, (tag, local) => {
    if (local === 'workbook') sawWorkbook = true;
    else if (local === 'workbookPr') {
      const v = attr(tag, 'date1904');
      date1904 = v === '1' || v === 'true';
    } else if (local === 'sheet') {
      const rel = rels.get(attr(tag, 'id') ?? '');
      const state = attr(tag, 'state');
      sheets.push({
        name: attr(tag, 'name') ?? `Sheet${sheets.length + 1}`,
        hidden: state === 'hidden' || state === 'veryHidden',
        part: rel !== undefined && rel.type.endsWith('/worksheet') && zip.entries.has(rel.target) ? rel.target : undefined,
      });
    }
  });
  if (!sawWorkbook) throw notAWorkbook(fileName);
  const byType = (suffix: string): string | undefined => {
    const rel = [...rels.values()].find((r) => r.type.endsWith(suffix));
    return rel !== undefined && zip.entries.has(rel.target) ? rel.target : undefined;
  };
  return { sheets, date1904, sharedStringsPart: byType('/sharedStrings'), stylesPart: byType('/styles') };
}

/** Date kind of each cell style (the `s` attribute of a cell indexes cellXfs). */
export async function readDateStyles(zip: Zip, part: string | undefined, fileName: string): Promise<DateKind[]> {
  if (part === undefined) return [];
  const formats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await parsePart(
    zip,
    part,
    fileName,
    MAX_SMALL_PART_BYTES,
    (tag, local) => {
      if (local === 'numFmt') {
        const id = Number(attr(tag, 'numFmtId'));
        if (Number.isInteger(id)) formats.set(id, attr(tag, 'formatCode') ?? '');
      } else if (local === 'cellXfs') {
        inCellXfs = !tag.isSelfClosing;
      } else if (local === 'xf' && inCellXfs) {
        xfFormats.push(Number(attr(tag, 'numFmtId') ?? 0));
      }
    },
    undefined,
    (local) => {
      if (local === 'cellXfs') inCellXfs = false;
    },
  );
  return xfFormats.map((id) => {
    const code = formats.get(id);
    return code !== undefined ? formatDateKind(code) : builtinDateKind(id);
  });
}
