/**
 * The shared strings table, read by the XML scanner: the text of each <si>, rich text runs joined,
 * phonetic guides (rPh) left out. Plain items, `<si><t>text</t></si>`, are matched whole in one step.
 */
import { AppFailure } from '../../shared/result';
import { MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_BYTES } from './limits';
import { partChunks, refuseOver, unescapeOoxml } from './xlsx-parts';
import { localOf, XmlScanner } from './xlsx-xml-scan';
import type { Zip } from './zip-preflight';

// eslint-disable-next-line no-control-regex -- the characters a plain text may not hold
const PLAIN_ITEM = /<si><t(?: xml:space="preserve")?>([^<&\x00-\x08\x0B-\x1F\uFFFE\uFFFF]*)<\/t><\/si>/y;

export class SharedStringsScanner extends XmlScanner {
  readonly strings: string[] = [];
  private inItem = false;
  private inPhonetic = false;

  protected opened(local: string): void {
    if (local === 'si') {
      this.inItem = true;
      this.value = '';
    } else if (local === 't') this.capture = this.inItem && !this.inPhonetic;
    else if (local === 'rPh') this.inPhonetic = true;
  }

  protected closed(name: string): void {
    const local = localOf(name);
    if (local === 't') this.capture = false;
    else if (local === 'rPh') this.inPhonetic = false;
    else if (local === 'si' && this.inItem) {
      this.inItem = false;
      this.push(this.value);
    }
  }

  protected override shortcut(s: string, lt: number): number {
    if (s.charCodeAt(lt + 1) !== 115 || s.charCodeAt(lt + 2) !== 105) return -1;
    PLAIN_ITEM.lastIndex = lt;
    const m = PLAIN_ITEM.exec(s);
    if (m === null) return -1;
    this.push(m[1] as string);
    return PLAIN_ITEM.lastIndex;
  }

  private push(text: string): void {
    if (this.strings.length >= MAX_SHARED_STRINGS) {
      throw new AppFailure(
        'import_too_large',
        `${this.fileName} holds more than ${MAX_SHARED_STRINGS.toLocaleString('en-US')} distinct texts, more than this app reads`,
        { file: this.fileName },
      );
    }
    this.strings.push(unescapeOoxml(text));
  }
}

/** The shared strings, held in memory while a sheet is read (so their part's size is capped). */
export async function readSharedStrings(zip: Zip, part: string | undefined, fileName: string): Promise<string[]> {
  const entry = part === undefined ? undefined : zip.entries.get(part);
  if (part === undefined || entry === undefined) return [];
  refuseOver(entry.uncompressedSize, MAX_SHARED_STRINGS_BYTES, part, fileName);
  const scanner = new SharedStringsScanner(fileName, part);
  for await (const text of partChunks(zip, part, fileName)) scanner.write(text);
  scanner.end();
  return scanner.strings;
}
