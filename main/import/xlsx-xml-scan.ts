/**
 * A streaming XML tokenizer for the big, regular parts of a workbook (worksheets, shared strings),
 * fed decoded text chunk by chunk. A general parser (saxes) builds an object per tag and attribute;
 * this one hands its subclass only element names, the one-letter attributes it asks for and the text
 * it captures, which made reading a 100,000-row sheet several times faster. It still checks what a
 * parser must: tags nest and close, one root, attribute syntax, entity references (predefined and
 * numeric only: nothing expands, so no "billion laughs"), characters XML forbids in captured text.
 * A DOCTYPE is refused outright: these parts never carry one.
 */
import { decodeXmlText, normaliseXmlText, notValidXml, safeTextEnd, XmlSyntaxError } from './xlsx-xml-text';

/** Longest single tag, processing instruction or DOCTYPE carried from one chunk to the next. */
const MAX_MARKUP_CHARS = 1 << 20;

const enum Mode {
  Markup,
  Comment,
  Cdata,
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;
/** Characters that end a tag or attribute name. */
const endsName = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 47 || c === 62 || c === 61 || c === 60;
const BLANK = /^[ \t\r\n]*$/;

export const localOf = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** The element names met once per cell, as constants rather than fresh one-character strings. */
function oneLetterName(c: number): string | undefined {
  return c === 99 ? 'c' : c === 118 ? 'v' : c === 102 ? 'f' : c === 116 ? 't' : c === 114 ? 'r' : undefined;
}

/** An attribute value with references decoded; the cell types of one letter as constants. */
function attributeValue(s: string, from: number, to: number): string {
  if (to - from === 1) {
    const c = s.charCodeAt(from);
    if (c === 115) return 's';
    if (c === 110) return 'n';
    if (c === 98) return 'b';
    if (c === 101) return 'e';
    if (c === 100) return 'd';
  }
  const raw = s.slice(from, to);
  if (raw.includes('<')) throw new XmlSyntaxError('a "<" in an attribute value');
  return raw.includes('&') ? decodeXmlText(raw) : raw;
}

export abstract class XmlScanner {
  protected readonly fileName: string;
  private readonly part: string;
  private carry = '';
  private mode = Mode.Markup;
  private readonly open: string[] = [];
  private rootSeen = false;
  /** While true, text (references decoded, CDATA as is) is appended to `value`. */
  protected capture = false;
  protected value = '';

  constructor(fileName: string, part: string) {
    this.fileName = fileName;
    this.part = part;
  }

  /** An element opened (a self-closing one is then closed at once). */
  protected abstract opened(local: string): void;
  /** An element closed, by its name as written (`x:row`). */
  protected abstract closed(name: string): void;
  /** Whether the one-letter attributes of this element are wanted (handed to attribute()). */
  protected wantsAttributes(_local: string): boolean {
    return false;
  }
  /** A one-letter attribute (by its character code) of the element about to open. */
  protected attribute(_name: number, _value: string): void {}
  /** Reads a common shape of markup at `lt` in one step; -1 (nothing read) lets the general way read it. */
  protected shortcut(_s: string, _lt: number): number {
    return -1;
  }

  write(chunk: string): void {
    try {
      this.scan(this.carry === '' ? chunk : this.carry + chunk);
    } catch (e) {
      throw this.failure(e);
    }
  }

  end(): void {
    try {
      if (this.mode !== Mode.Markup)
        throw new XmlSyntaxError(this.mode === Mode.Comment ? 'the part ends inside a comment' : 'the part ends inside a CDATA section');
      if (this.carry !== '' && !BLANK.test(this.carry)) throw new XmlSyntaxError('the part ends inside a tag');
      const inside = this.open[this.open.length - 1];
      if (inside !== undefined) throw new XmlSyntaxError(`the part ends inside <${inside}>`);
      if (!this.rootSeen) throw new XmlSyntaxError('the part has no root element');
    } catch (e) {
      throw this.failure(e);
    }
  }

  private failure(e: unknown): unknown {
    return e instanceof XmlSyntaxError ? notValidXml(this.fileName, this.part, e.message) : e;
  }

  private scan(s: string): void {
    this.carry = '';
    const len = s.length;
    let pos = 0;
    while (pos < len) {
      if (this.mode !== Mode.Markup) {
        pos = this.special(s, pos);
        continue;
      }
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        const end = safeTextEnd(s, pos, len);
        this.text(s, pos, end);
        this.carry = s.slice(end);
        return;
      }
      if (lt > pos) this.text(s, pos, lt);
      if (this.open.length > 0) {
        const end = this.shortcut(s, lt);
        if (end >= 0) {
          pos = end;
          continue;
        }
      }
      const next = this.markup(s, lt);
      if (next < 0) {
        if (len - lt > MAX_MARKUP_CHARS) throw new XmlSyntaxError(`a tag longer than ${MAX_MARKUP_CHARS.toLocaleString('en-US')} characters`);
        this.carry = s.slice(lt);
        return;
      }
      pos = next;
    }
  }

  /** Inside a comment or CDATA section: to its end, or as far as this chunk goes. */
  private special(s: string, pos: number): number {
    const cdata = this.mode === Mode.Cdata;
    const close = s.indexOf(cdata ? ']]>' : '-->', pos);
    if (close >= 0) {
      if (cdata && this.capture) this.value += normaliseXmlText(s.slice(pos, close));
      this.mode = Mode.Markup;
      return close + 3;
    }
    // Keep what could be the start of the terminator (and a CR whose LF may follow) for the next chunk.
    let end = Math.max(pos, s.length - 2);
    if (end > pos && s.charCodeAt(end - 1) === 13) end--;
    if (cdata && this.capture) this.value += normaliseXmlText(s.slice(pos, end));
    this.carry = s.slice(end);
    return s.length;
  }

  private text(s: string, from: number, to: number): void {
    if (from >= to) return;
    if (this.capture) this.value += decodeXmlText(s.slice(from, to));
    else if (this.open.length === 0 && !BLANK.test(s.slice(from, to))) throw new XmlSyntaxError('text outside the root element');
  }

  /** Reads the markup at `lt`; returns where it ends, or -1 when the chunk ends first. */
  private markup(s: string, lt: number): number {
    const len = s.length;
    if (lt + 1 >= len) return -1;
    const c = s.charCodeAt(lt + 1);
    if (c === 47) return this.closeTag(s, lt);
    if (c === 63) {
      const end = s.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (c === 33) {
      if (s.startsWith('<!--', lt)) {
        this.mode = Mode.Comment;
        return lt + 4;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        if (this.open.length === 0) throw new XmlSyntaxError('a CDATA section outside the root element');
        this.mode = Mode.Cdata;
        return lt + 9;
      }
      const head = s.slice(lt, lt + 9);
      if (head.length < 9 && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head) || '<!DOCTYPE'.startsWith(head))) return -1;
      throw new XmlSyntaxError(head.toUpperCase() === '<!DOCTYPE' ? 'a DOCTYPE declaration, which workbook parts never have' : `unexpected "${head}"`);
    }
    return this.openTag(s, lt);
  }

  private closeTag(s: string, lt: number): number {
    const len = s.length;
    const top = this.open[this.open.length - 1];
    // The usual case, the innermost open element closing, is checked in place without slicing.
    if (top !== undefined && s.startsWith(top, lt + 2)) {
      let j = lt + 2 + top.length;
      while (j < len && isSpace(s.charCodeAt(j))) j++;
      if (j >= len) return -1;
      if (s.charCodeAt(j) === 62) {
        this.open.pop();
        this.closed(top);
        return j + 1;
      }
    }
    const gt = s.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    let e = gt;
    while (e > lt + 2 && isSpace(s.charCodeAt(e - 1))) e--;
    const name = s.slice(lt + 2, e);
    throw new XmlSyntaxError(top === undefined ? `</${name}> closes nothing` : `</${name}> where </${top}> was expected`);
  }

  private openTag(s: string, lt: number): number {
    const len = s.length;
    let i = lt + 1;
    while (i < len && !endsName(s.charCodeAt(i))) i++;
    if (i >= len) return -1;
    const name =
      i - lt === 2 ? (oneLetterName(s.charCodeAt(lt + 1)) ?? s.slice(lt + 1, i)) : i - lt === 4 && s.startsWith('row', lt + 1) ? 'row' : s.slice(lt + 1, i);
    if (name === '') throw new XmlSyntaxError('a "<" that starts no tag (write it as &lt;)');
    const local = localOf(name);
    const wanted = this.wantsAttributes(local);
    let selfClosing = false;
    for (;;) {
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) return -1;
      const c = s.charCodeAt(i);
      if (c === 62) {
        i++;
        break;
      }
      if (c === 47) {
        if (i + 1 >= len) return -1;
        if (s.charCodeAt(i + 1) !== 62) throw new XmlSyntaxError(`a "/" inside <${name}>`);
        selfClosing = true;
        i += 2;
        break;
      }
      const ns = i;
      while (i < len && !endsName(s.charCodeAt(i))) i++;
      if (i >= len) return -1;
      if (i === ns) throw new XmlSyntaxError(`a stray "${s[i]}" inside <${name}>`);
      const one = i - ns === 1 ? s.charCodeAt(ns) : 0;
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) return -1;
      if (s.charCodeAt(i) !== 61) throw new XmlSyntaxError(`the attribute ${s.slice(ns, i).trim()} of <${name}> has no value`);
      i++;
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) return -1;
      const q = s.charCodeAt(i);
      if (q !== 34 && q !== 39) throw new XmlSyntaxError(`the attribute ${s.slice(ns, i - 1).trim()} of <${name}> is not quoted`);
      const close = s.indexOf(q === 34 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      if (wanted && one !== 0) this.attribute(one, attributeValue(s, i + 1, close));
      i = close + 1;
    }
    if (this.open.length === 0) {
      if (this.rootSeen) throw new XmlSyntaxError(`a second root element <${name}>`);
      this.rootSeen = true;
    }
    this.opened(local);
    if (selfClosing) this.closed(name);
    else this.open.push(name);
    return i;
  }
}
