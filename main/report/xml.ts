/**
 * The few XML helpers the package surgery in charts.ts needs. The parts we edit are the ones exceljs
 * writes, so a tag scanner is enough; nothing here parses arbitrary XML.
 */

/** Characters XML 1.0 forbids (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(invalidXmlChars, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

export interface Tag {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  /** Offset of the `<` that opens the tag. */
  readonly start: number;
  /** Offset just past the closing `>`. */
  readonly end: number;
  readonly closing: boolean;
  readonly selfClosing: boolean;
}

const attrPattern = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Start, end and empty-element tags of `xml` from `from` on, skipping declarations and comments. */
export function* scanTags(xml: string, from = 0): Generator<Tag> {
  let i = xml.indexOf('<', from);
  while (i !== -1) {
    if (xml.startsWith('<!--', i)) {
      const close = xml.indexOf('-->', i);
      if (close === -1) return;
      i = xml.indexOf('<', close + 3);
      continue;
    }
    const close = xml.indexOf('>', i);
    if (close === -1) return;
    const body = xml.slice(i + 1, close);
    if (!body.startsWith('?') && !body.startsWith('!')) {
      const closing = body.startsWith('/');
      const selfClosing = body.endsWith('/');
      const inner = body.slice(closing ? 1 : 0, selfClosing ? -1 : undefined);
      const name = /^[\w:.-]+/.exec(inner)?.[0] ?? '';
      const attrs = new Map<string, string>();
      for (const m of inner.slice(name.length).matchAll(attrPattern)) attrs.set(m[1] ?? '', unescapeXml(m[3] ?? m[4] ?? ''));
      yield { name, attrs, start: i, end: close + 1, closing, selfClosing };
    }
    i = xml.indexOf('<', close + 1);
  }
}

/** The direct children of the root element, in document order. */
export function* rootChildren(xml: string): Generator<Tag> {
  let depth = 0;
  for (const tag of scanTags(xml)) {
    if (tag.closing) {
      depth--;
      continue;
    }
    if (depth === 1) yield tag;
    if (!tag.selfClosing) depth++;
  }
}
